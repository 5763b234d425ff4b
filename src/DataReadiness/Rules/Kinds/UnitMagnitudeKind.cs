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

    /// <summary>With no unit known, a conversion must explain at least this many rows, and this share of the checked ones, to be believed.</summary>
    private const int MinRowsUnknownUnit = 5;

    private const double MinShareUnknownUnit = 0.01;

    /// <summary>A conversion is believed when it explains more than this many times the rows the best decoy factor does.</summary>
    private const int ChanceMargin = 3;

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

    private static readonly ConditionalWeakTable<IReadOnlyList<string?>, System.Collections.Concurrent.ConcurrentDictionary<
        (MeasureGrouping Grouping, UnitMagnitudeParameters Parameters), (List<Row> Rows, Dictionary<string, ReferenceGroups> Groups)>> References = new();

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
        // The reference's groups are built once for both sides' evaluations of a column.
        var (referenceRows, reference) = References.GetOrCreateValue(referenceValues).GetOrAdd((grouping, parameters), key =>
        {
            var rows = Ratios(referenceValues, key.Grouping, referenceColumn);
            return (rows, ReferenceGroups.Build(rows, key.Parameters));
        });
        bool sameSide = ReferenceEquals(referenceValues, column.Values);
        var own = sameSide ? referenceRows : Ratios(column.Values, grouping, column.OtherColumn);
        var conversions = ConversionsFor(expected, column.Dictionaries);

        var decoys = UnitConversions.Decoys(column.Dictionaries);
        var candidates = conversions.Concat(decoys).ToList();

        // A whole column in another unit is a change of the distribution as a whole: tested first, on the quantiles.
        if (againstPoc && !sameSide && WholeColumnConversion(Numbers(column.Values), Numbers(referenceValues), conversions, decoys) is { } shifted)
        {
            var all = new List<CellHit>();
            long rows = 0;
            for (int i = 0; i < column.Values.Count; i++)
            {
                if (!double.TryParse(column.Values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v)) continue;
                rows++;
                all.Add(new CellHit(i, column.Values[i]!, UnitText.Format(shifted.Undo(v)), [shifted.Describe(expected)]));
            }
            return new RuleOutcome(rows, all, new UnitDetails(expected, expectedFrom, [new DetectedUnit(shifted.Describe(expected), rows, "the column's distribution against the POC's")])
            {
                Per = grouping.Per,
                GroupBy = grouping.GroupBy,
                GroupingFoundBy = grouping.Per is null && grouping.GroupBy is null ? null : grouping.FoundBy,
                WholeColumn = shifted.Describe(expected),
            });
        }

        // Every conversion (and decoy) that explains each row; then only conversions that explain clearly more rows
        // than any decoy does are believed, and each row takes the believed one that explains most rows.
        long checkedRows = 0;
        var explained = new List<(Row Row, IReadOnlyList<(UnitConversion Conversion, double Distance)> By)>();
        var memo = new Dictionary<(string Group, double Ratio), List<(UnitConversion Conversion, double Distance)>>();
        foreach (var row in own)
        {
            if (!reference.TryGetValue(row.Group, out var group)) continue;
            checkedRows++;
            if (!memo.TryGetValue((row.Group, row.Ratio), out var by))
                memo[(row.Group, row.Ratio)] = by = group.Explain(row.Ratio, row.Divisor is null, candidates, sameSide);
            if (by.Count > 0) explained.Add((row, by));
        }
        var rowsExplained = new Dictionary<UnitConversion, long>();
        foreach (var (_, by) in explained)
            foreach (var (c, _) in by) rowsExplained[c] = rowsExplained.GetValueOrDefault(c) + 1;
        long byChance = decoys.Select(d => rowsExplained.GetValueOrDefault(d)).DefaultIfEmpty(0).Max();
        // A known unit narrows the conversions to its dimension: one row may then be believed.
        long least = expected is null ? Math.Max(MinRowsUnknownUnit, (long)Math.Ceiling(MinShareUnknownUnit * checkedRows)) : 1;
        var believed = conversions.Where(c => rowsExplained.GetValueOrDefault(c) >= Math.Max(least, ChanceMargin * byChance + 1)).ToHashSet();

        var hits = new List<CellHit>();
        var detected = new Dictionary<UnitConversion, long>();
        foreach (var (row, by) in explained)
        {
            var best = by.Where(b => believed.Contains(b.Conversion))
                .OrderByDescending(b => rowsExplained[b.Conversion]).ThenBy(b => b.Distance).Select(b => b.Conversion).FirstOrDefault();
            if (best is null) continue;
            double meant = best.IsRatio ? row.Value / best.Scale : best.Undo(row.Value);
            hits.Add(new CellHit(row.Index, column.Values[row.Index]!, UnitText.Format(meant), [best.Describe(expected)]));
            detected[best] = detected.GetValueOrDefault(best) + 1;
        }
        hits.Sort((a, b) => a.Index.CompareTo(b.Index));
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

    /// <summary>
    /// The conversion that turns the POC's distribution into live's as a whole: the Kolmogorov-Smirnov distance
    /// between live's values and the POC's converted is within what two samples of one distribution show (0.001
    /// level, at least 0.1), while as written the two are far apart, and no decoy factor comes within three times
    /// as close. Null when none does. Distances of whole distributions, unlike one value's, are not fooled by a
    /// column's outliers; and on a column of a few discrete sizes (plate thickness 40, 50, 70 mm) only the true
    /// factor lands every size on its counterpart.
    /// </summary>
    private static UnitConversion? WholeColumnConversion(IEnumerable<double?> live, IEnumerable<double?> poc,
        IReadOnlyList<UnitConversion> conversions, IReadOnlyList<UnitConversion> decoys)
    {
        var l = live.OfType<double>().Order().ToArray();
        var r = poc.OfType<double>().Order().ToArray();
        if (l.Length < 30 || r.Length < 30) return null;
        double alike = Math.Max(0.1, 1.95 * Math.Sqrt((double)(l.Length + r.Length) / ((double)l.Length * r.Length)));
        // Distances of a tenth and more are told as well by 2,000 evenly spaced quantiles as by 100,000 values, and
        // each of the hundred-odd conversions and decoys is then cheap.
        l = Quantiles(l, DistanceQuantiles);
        r = Quantiles(r, DistanceQuantiles);
        double asWritten = Distance(l, r, null);
        if (asWritten <= alike) return null;
        var best = conversions.Select(c => (Conversion: c, Distance: Distance(l, r, c))).MinBy(x => x.Distance);
        if (best.Conversion is null || best.Distance > alike || best.Distance * 3 > asWritten) return null;
        double chance = decoys.Select(d => Distance(l, r, d)).DefaultIfEmpty(1).Min();
        return chance > 3 * best.Distance ? best.Conversion : null;
    }

    private const int DistanceQuantiles = 2000;

    /// <summary>At most <paramref name="count"/> evenly spaced order statistics of sorted values (all of them when fewer).</summary>
    private static double[] Quantiles(double[] sorted, int count) =>
        sorted.Length <= count ? sorted : Enumerable.Range(0, count).Select(i => sorted[(int)((long)i * (sorted.Length - 1) / (count - 1))]).ToArray();

    /// <summary>The distance between sorted live values and the POC's converted, values within half a percent taken as equal.</summary>
    private static double Distance(double[] live, double[] poc, UnitConversion? conversion)
    {
        var converted = conversion is null ? poc : poc.Select(v => v * conversion.Scale + conversion.Shift).ToArray();
        if (conversion is not null && conversion.Scale < 0) Array.Sort(converted);
        return Statistics.DriftStatistics.LooseDistance(live, converted, 0.005);
    }

    private static double Quantile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * (sorted.Length - 1) + 0.5))];

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
            // The tolerance is how finely the group's own values are spaced (twice the median gap between neighbours:
            // a few discrete sizes give none, a noisy continuous measure a small one), at least the parameter. A
            // spread-based width would blur a column of two sizes (12 and 16 oz) into one band wide enough for any factor.
            _logTolerance = Math.Max(minTolerance, 2 * MedianGap(logs));
            _rawTolerance = Math.Max(minTolerance * Math.Max(1e-9, Math.Abs(raw.Length == 0 ? 0 : raw[raw.Length / 2])), 2 * MedianGap(raw));
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
        public List<(UnitConversion Conversion, double Distance)> Explain(double ratio, bool affineAllowed,
            IReadOnlyList<UnitConversion> conversions, bool sameSide)
        {
            // A value near the group's mode is as it should be (most rows stop here). The reference holds the value
            // itself when it is the same side, so it is not counted.
            int self = sameSide ? 1 : 0;
            int logWritten = ratio > 0 && _logs.Length > 0 ? Math.Max(0, Near(_logs, Math.Log(ratio), _logTolerance) - self) : 0;
            if (ratio > 0 && _logs.Length > 0 && Contrast * logWritten >= _mode) return [];
            int rawWritten = _raw.Length > 0 ? Math.Max(0, Near(_raw, ratio, _rawTolerance) - self) : 0;
            // Each conversion that undoes the value into the reference's values, with how close (in tolerances) it
            // lands to one of them: 1.575 read as inches is 40.0 mm, read as ounces it is 44.65 g.
            var found = new List<(UnitConversion Conversion, double Distance)>();
            foreach (var c in conversions)
            {
                // The distance is only needed (a third binary search) for a conversion that explains the value.
                if (c.IsRatio)
                {
                    if (ratio <= 0 || _logs.Length == 0 || Math.Abs(c.LogScale) <= _logBand + 2 * _logTolerance) continue;
                    double undone = Math.Log(ratio) - c.LogScale;
                    int near = Near(_logs, undone, _logTolerance);
                    if (near >= 2 && near >= Contrast * Math.Max(1, logWritten)) found.Add((c, Nearest(_logs, undone) / _logTolerance));
                }
                else
                {
                    if (!affineAllowed || _raw.Length == 0) continue;
                    // Only where the conversion moves the usual values clear of themselves.
                    double low = c.Scale * _rawLow + c.Shift, high = c.Scale * _rawHigh + c.Shift;
                    if (Math.Max(low, high) >= _rawLow - 2 * _rawTolerance && Math.Min(low, high) <= _rawHigh + 2 * _rawTolerance) continue;
                    double undone = c.Undo(ratio);
                    int near = Near(_raw, undone, _rawTolerance);
                    if (near >= 2 && near >= Contrast * Math.Max(1, rawWritten)) found.Add((c, Nearest(_raw, undone) / _rawTolerance));
                }
            }
            return found;
        }

        /// <summary>The median gap between neighbouring sorted values.</summary>
        private static double MedianGap(double[] sorted)
        {
            if (sorted.Length < 2) return 0;
            var gaps = new double[sorted.Length - 1];
            for (int i = 1; i < sorted.Length; i++) gaps[i - 1] = sorted[i] - sorted[i - 1];
            Array.Sort(gaps);
            return gaps[gaps.Length / 2];
        }

        /// <summary>The distance from x to the nearest sorted value.</summary>
        private static double Nearest(double[] sorted, double x)
        {
            int at = LowerBound(sorted, x);
            double distance = double.PositiveInfinity;
            if (at < sorted.Length) distance = sorted[at] - x;
            if (at > 0) distance = Math.Min(distance, x - sorted[at - 1]);
            return distance;
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
