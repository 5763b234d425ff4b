using System.Globalization;
using System.Runtime.CompilerServices;
using DataReadiness.Findings;

namespace DataReadiness.Rules.Kinds;

/// <summary>
/// A unit-magnitude kind's parameters: the least relative tolerance around a value (the reference's own spread
/// widens it), and how many reference rows a group needs before its values are judged.
/// </summary>
public sealed record UnitMagnitudeParameters(double Tolerance, int MinGroup)
{
    public static readonly UnitMagnitudeParameters Default = new(0.01, 5);
}

/// <summary>
/// Magnitudes that imply another unit, on every numeric column. The reference is the POC's values (else the
/// column's own): per group (<c>group_by</c>) and per unit of a <c>per</c> column (both found from the reference
/// when the job file names none), a value is another unit when the reference has (much) fewer values near it than
/// near what it would be undone by a conversion of the units table (x2.20462 kg→lb, x1000, x29.57 fl oz→ml,
/// 1.8·C+32); the tolerance is the group's own spread, at least <see cref="UnitMagnitudeParameters.Tolerance"/>,
/// and a conversion is only tried where it moves the group's usual values clear of themselves. A whole column in
/// another unit is every row a hit, and the finding names the pair. The suggestion is the value undone.
/// </summary>
public sealed class UnitMagnitudeKind : ColumnRuleKind<UnitMagnitudeParameters>
{
    /// <summary>The share of checked rows one conversion must explain for the column to be in another unit as a whole.</summary>
    public const double WholeColumn = 0.9;

    /// <summary>How many times more reference values a conversion must find near a value than the value has as written.</summary>
    private const int Contrast = 4;

    public override string Name => "unit_magnitude";
    public override string Family => RuleFamilies.Units;
    public override string Description => "magnitudes that imply another unit (x2.20462, x1000, x6.895)";

    protected override UnitMagnitudeParameters Read(ParameterReader reader) => new(
        reader.Number("tolerance", UnitMagnitudeParameters.Default.Tolerance, 0.001, 0.5),
        reader.Integer("min_group", UnitMagnitudeParameters.Default.MinGroup, 1, 1_000_000));

    public override Applicability AppliesTo(ColumnEvidence column) =>
        Applicability.ForRole(column, ColumnRole.Measure, "not a measure: too few values are numbers");

    /// <summary>A hit's form is the conversion that explains it.</summary>
    public override string FormOf(CellHit hit) => hit.Forms?[0] ?? "magnitude";

    // The grouping found for a column is found once, from its reference values, for both sides.
    private static readonly ConditionalWeakTable<IReadOnlyList<string?>, MeasureGrouping> Groupings = new();

    public override RuleOutcome Evaluate(ColumnContext column, UnitMagnitudeParameters parameters)
    {
        var (expected, expectedFrom) = ExpectedUnit.Of(column);
        bool againstPoc = column.Reference is { } poc && Numbers(poc).Count(v => v is not null) >= parameters.MinGroup;
        var referenceValues = againstPoc ? column.Reference! : column.Values;
        Func<string, IReadOnlyList<string?>?> referenceColumn = againstPoc ? column.ReferenceColumn : column.OtherColumn;

        var grouping = column.Spec is { Per: not null } or { GroupBy: not null }
            ? new MeasureGrouping(column.Spec.Per, column.Spec.GroupBy, 0, 0, "declared in the job file")
            : Groupings.GetValue(referenceValues, values =>
                MeasureGroupingFinder.Find(column.Column, values, column.ColumnNames, referenceColumn, parameters.MinGroup));
        var reference = ReferenceGroups.Build(Ratios(referenceValues, grouping, referenceColumn), parameters);
        var own = Ratios(column.Values, grouping, column.OtherColumn);
        bool sameSide = ReferenceEquals(referenceValues, column.Values);
        var conversions = ConversionsFor(expected, column.Dictionaries);

        var hits = new List<CellHit>();
        var detected = new Dictionary<UnitConversion, long>();
        long checkedRows = 0;
        var memo = new Dictionary<(string Group, double Ratio), UnitConversion?>();
        foreach (var row in own)
        {
            if (!reference.TryGetValue(row.Group, out var group)) continue;
            checkedRows++;
            if (!memo.TryGetValue((row.Group, row.Ratio), out var conversion))
                memo[(row.Group, row.Ratio)] = conversion = group.Explain(row.Ratio, row.Divisor is null, conversions, sameSide);
            if (conversion is null) continue;
            double meant = conversion.IsRatio ? row.Value / conversion.Scale : conversion.Undo(row.Value);
            hits.Add(new CellHit(row.Index, column.Values[row.Index]!, UnitText.Format(meant), [conversion.Describe(expected)]));
            detected[conversion] = detected.GetValueOrDefault(conversion) + 1;
        }
        var whole = detected.Where(d => checkedRows > 0 && d.Value >= WholeColumn * checkedRows).Select(d => d.Key.Describe(expected)).FirstOrDefault();
        var details = new UnitDetails(expected, expectedFrom,
            detected.OrderByDescending(d => d.Value).ThenBy(d => d.Key.Scale)
                .Select(d => new DetectedUnit(d.Key.Describe(expected), d.Value, againstPoc ? "magnitude against the POC" : "magnitude")).ToList())
        {
            Per = grouping.Per,
            GroupBy = grouping.GroupBy,
            GroupingFoundBy = grouping.Per is null && grouping.GroupBy is null ? null : grouping.FoundBy,
            WholeColumn = whole,
        };
        return new RuleOutcome(checkedRows, hits, details);
    }

    /// <summary>
    /// The conversions worth trying: with a known unit, those of its dimension and of dimensions whose units are
    /// written like it (oz: mass, and fl oz: volume); with none, all of them.
    /// </summary>
    private static IReadOnlyList<UnitConversion> ConversionsFor(string? expected, Catalog.RuleDictionaries dictionaries)
    {
        var all = UnitConversions.Of(dictionaries);
        if (expected is null || !dictionaries.Units.TryGetValue(expected, out var unit)) return all;
        var words = unit.Spellings.Append(unit.Name).Select(w => w.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var dimensions = dictionaries.Units.Values
            .Where(u => u.Dimension == unit.Dimension || u.Spellings.Append(u.Name).Any(s => s.ToLowerInvariant().Split(' ', '.').Any(words.Contains)))
            .Select(u => u.Dimension).ToHashSet(StringComparer.Ordinal);
        var kept = new List<UnitConversion>();
        foreach (var c in all)
        {
            var pairs = c.Pairs.Where(p => dimensions.Contains(dictionaries.Units[p.From].Dimension)).ToList();
            if (pairs.Count > 0) kept.Add(c with { Pairs = pairs });
        }
        return kept;
    }

    public override string? NoteOf(RuleOutcome live) =>
        live.Details is UnitDetails { WholeColumn: { } pair } ? $"the whole column is in another unit: {pair}" : null;

    public override void Report(RuleSections sections, string column, ColumnRole role, RuleOutcome? live, RuleOutcome? poc) =>
        UnitDetails.Report(sections, column, role, live);

    /// <summary>One row's number, its group, what it is divided by (null: nothing) and the ratio compared.</summary>
    private readonly record struct Row(int Index, string Group, double Value, double? Divisor, double Ratio);

    private static IEnumerable<double?> Numbers(IReadOnlyList<string?> values) =>
        values.Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : (double?)null);

    private static List<Row> Ratios(IReadOnlyList<string?> values, MeasureGrouping grouping, Func<string, IReadOnlyList<string?>?> column)
    {
        var groupBy = grouping.GroupBy is { } g ? column(g) : null;
        var per = grouping.Per is { } p ? column(p) : null;
        var rows = new List<Row>(values.Count);
        if (grouping.GroupBy is not null && groupBy is null || grouping.Per is not null && per is null) return rows;
        for (int i = 0; i < values.Count; i++)
        {
            if (!double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)) continue;
            double? divisor = null;
            if (per is not null)
            {
                if (!(double.TryParse(per[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0 && double.IsFinite(d))) continue;
                divisor = d;
            }
            var group = groupBy?[i]?.Trim();
            if (groupBy is not null && string.IsNullOrEmpty(group)) continue;
            rows.Add(new Row(i, group ?? "", value, divisor, divisor is { } div ? value / div : value));
        }
        return rows;
    }

    /// <summary>The reference's values of each group (with at least min_group of them), sorted, with the group's tolerance.</summary>
    private sealed class ReferenceGroups
    {
        private readonly double[] _logs;
        private readonly double[] _raw;
        private readonly double _logTolerance;
        private readonly double _rawTolerance;
        private readonly double _logBand;
        private readonly double _rawLow, _rawHigh;
        private readonly int _mode;

        private ReferenceGroups(double[] logs, double[] raw, double minTolerance)
        {
            _logs = logs;
            _raw = raw;
            // The tolerance is the group's own spread (2.5 robust standard deviations), at least the parameter.
            _logTolerance = Math.Max(minTolerance, 2.5 * 1.4826 * MeasureGroupingFinder.Mad(logs));
            double rawMad = MeasureGroupingFinder.Mad(raw);
            _rawTolerance = Math.Max(minTolerance * Math.Max(1, Math.Abs(raw.Length == 0 ? 0 : raw[raw.Length / 2])), 2.5 * 1.4826 * rawMad);
            // The group's usual values: its middle half, which the values in another unit (what is looked for) leave alone.
            _logBand = logs.Length == 0 ? 0 : Quantile(logs, 0.75) - Quantile(logs, 0.25);
            _rawLow = raw.Length == 0 ? 0 : Quantile(raw, 0.25);
            _rawHigh = raw.Length == 0 ? 0 : Quantile(raw, 0.75);
            _mode = logs.Length == 0 ? 0 : Enumerable.Range(0, logs.Length).Max(i => Near(logs, logs[i], _logTolerance));
        }

        public static Dictionary<string, ReferenceGroups> Build(List<Row> rows, UnitMagnitudeParameters parameters)
        {
            var groups = new Dictionary<string, ReferenceGroups>(StringComparer.Ordinal);
            foreach (var g in rows.GroupBy(r => r.Group, StringComparer.Ordinal))
            {
                var raw = g.Select(r => r.Ratio).Order().ToArray();
                if (raw.Length < parameters.MinGroup) continue;
                var logs = raw.Where(r => r > 0).Select(r => Math.Log(r)).Order().ToArray();
                groups[g.Key] = new ReferenceGroups(logs, raw, parameters.Tolerance);
            }
            return groups;
        }

        /// <summary>
        /// The conversion that explains a ratio: the reference has at least two values, and <see cref="Contrast"/>
        /// times more than near the ratio as written, near the ratio undone by it. Null when none does.
        /// </summary>
        public UnitConversion? Explain(double ratio, bool affineAllowed, IReadOnlyList<UnitConversion> conversions, bool sameSide)
        {
            // A value near the group's mode is as it should be (most rows stop here). The reference holds the value
            // itself when it is the same side, so it is not counted.
            int self = sameSide ? 1 : 0;
            int logWritten = ratio > 0 && _logs.Length > 0 ? Math.Max(0, Near(_logs, Math.Log(ratio), _logTolerance) - self) : 0;
            if (ratio > 0 && _logs.Length > 0 && Contrast * logWritten >= _mode) return null;
            int rawWritten = _raw.Length > 0 ? Math.Max(0, Near(_raw, ratio, _rawTolerance) - self) : 0;
            UnitConversion? best = null;
            int bestNear = 0;
            foreach (var c in conversions)
            {
                int near, written;
                if (c.IsRatio)
                {
                    if (ratio <= 0 || _logs.Length == 0 || Math.Abs(c.LogScale) <= _logBand + 2 * _logTolerance) continue;
                    near = Near(_logs, Math.Log(ratio) - c.LogScale, _logTolerance);
                    written = logWritten;
                }
                else
                {
                    if (!affineAllowed || _raw.Length == 0) continue;
                    // Only where the conversion moves the usual values clear of themselves.
                    double low = c.Scale * _rawLow + c.Shift, high = c.Scale * _rawHigh + c.Shift;
                    if (Math.Max(low, high) >= _rawLow - 2 * _rawTolerance && Math.Min(low, high) <= _rawHigh + 2 * _rawTolerance) continue;
                    near = Near(_raw, c.Undo(ratio), _rawTolerance);
                    written = rawWritten;
                }
                if (near >= 2 && near >= Contrast * Math.Max(1, written) && near > bestNear)
                {
                    best = c;
                    bestNear = near;
                }
            }
            return best;
        }

        /// <summary>How many sorted values lie within the tolerance of x.</summary>
        private static int Near(double[] sorted, double x, double tolerance)
        {
            int lo = LowerBound(sorted, x - tolerance), hi = LowerBound(sorted, x + tolerance + 1e-12 * Math.Abs(x));
            return hi - lo;
        }

        private static int LowerBound(double[] sorted, double x)
        {
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] < x) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        private static double Quantile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * (sorted.Length - 1) + 0.5))];
    }
}
