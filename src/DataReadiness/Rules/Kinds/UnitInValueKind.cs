using System.Globalization;
using DataReadiness.Findings;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Rules.Kinds;

/// <summary>
/// Units written into the values ("27.6 lbs", "12.0 oz.", "0.05%", "$44.00") and decimal commas ("12,5") in a measure
/// column; suggests the bare number in the column's unit. Which reading of the written unit is right is decided by
/// the reference's plain numbers (the POC's, else the column's own): "0.05%" in a column of fractions around 0.05 is
/// a percent sign on a value that is already a fraction (0.05), not 0.0005; "27.6 lbs" in a kilogram column is
/// 12.52 kg. Only units of the column's dimension are converted.
/// </summary>
public sealed class UnitInValueKind : ColumnRuleKind<NoParameters>
{
    public override string Name => "unit_in_value";
    public override string Family => RuleFamilies.Units;
    public override string Description => "units written into numbers (27.6 lbs, 0.05%) and decimal commas";

    protected override NoParameters Read(ParameterReader reader) => NoParameters.Instance;

    public override Applicability AppliesTo(ColumnEvidence column) =>
        Applicability.ForRole(column, ColumnRole.Measure, "not a measure: too few values are numbers or numbers with a unit");

    /// <summary>A hit's form is the unit written with it ("oz", "%", a decimal comma).</summary>
    public override string FormOf(CellHit hit) => hit.Forms?[0] ?? "unit";

    public override RuleOutcome Evaluate(ColumnContext column, NoParameters parameters)
    {
        var (expected, from) = ExpectedUnit.Of(column);
        var units = column.Dictionaries;
        bool commaIsThousands = UnitText.CommaIsThousands(column.Values);
        var reference = column.Reference is { } poc && PlainNumbers(poc).Length > 0 ? PlainNumbers(poc) : PlainNumbers(column.Values);
        var hits = new List<CellHit>();
        var detected = new Dictionary<(string, string), long>();
        // Each distinct value is read once.
        var coded = CodedColumn.Of(column.Values);
        var readings = new (string? Suggestion, string Form, string How)?[coded.Distinct.Length];
        for (int d = 0; d < readings.Length; d++)
            if (!string.IsNullOrWhiteSpace(coded.Distinct[d])) readings[d] = Read(coded.Distinct[d]!.Trim(), expected, units, commaIsThousands, reference);
        long checkedRows = 0;
        for (int i = 0; i < coded.Codes.Length; i++)
        {
            var value = coded.Distinct[coded.Codes[i]];
            if (string.IsNullOrWhiteSpace(value)) continue;
            checkedRows++;
            if (readings[coded.Codes[i]] is not { } r) continue;
            detected[(r.Form, r.How)] = detected.GetValueOrDefault((r.Form, r.How)) + 1;
            hits.Add(new CellHit(i, value, r.Suggestion, [r.Form]));
        }
        if (expected is not null)
        {
            long plain = checkedRows - hits.Count;
            if (plain > 0) detected[(expected, from == "job file" ? "declared, plain number" : "column name, plain number")] = plain;
        }
        var details = new UnitDetails(expected, from,
            detected.Select(d => new DetectedUnit(d.Key.Item1, d.Value, d.Key.Item2)).OrderByDescending(d => d.Rows).ToList());
        return new RuleOutcome(checkedRows, hits, details);
    }

    /// <summary>A value's reading: the suggested number, the unit written (its form) and how it was read; null when it is a plain number or text.</summary>
    private static (string? Suggestion, string Form, string How)? Read(string value, string? expected, RuleDictionaries units,
        bool commaIsThousands, double[] reference)
    {
        // Most values are plain numbers, which carry no unit and need no reformatting.
        if (IsPlainNumber(value)) return null;
        if (UnitText.TryRead(value, units, commaIsThousands, out _) is not { } written) return null;
        if (written.Unit is null) return (UnitText.Format(written.Number), "decimal or thousands separator", "separator");
        var unit = units.Units[written.Unit];
        // The readings: the number converted from the written unit to the column's, and the number as it stands (the
        // unit only a label). The reference's plain numbers choose: with a known column unit the conversion stands
        // unless the number as written is far more usual there; with none, the most usual reading of the written
        // unit's dimension wins, the number as it stands on a tie.
        (double Number, string How) asWritten = (written.Number, expected == unit.Name ? "suffix" : "suffix, number already in the column's unit");
        (double Number, string How) chosen = asWritten;
        if (expected is not null && units.Units.TryGetValue(expected, out var target))
        {
            // A unit of another dimension (3 m in a kilogram column) cannot be converted: no suggestion.
            if (target.Dimension != unit.Dimension) return (null, written.UnitText.ToLowerInvariant(), "suffix, another dimension");
            if (target.Name != unit.Name)
            {
                var converted = (target.FromBaseValue(unit.ToBaseValue(written.Number)), $"suffix, {unit.Name} converted to {target.Name}");
                bool labelOnly = reference.Length > 0 && Near(reference, written.Number) >= 4 * Near(reference, converted.Item1) + 2;
                chosen = labelOnly ? asWritten : converted;
            }
        }
        else if (reference.Length > 0)
        {
            int bestNear = Near(reference, written.Number);
            foreach (var other in units.Units.Values.Where(u => u.Dimension == unit.Dimension && u.Name != unit.Name).OrderBy(u => u.ToBase))
            {
                double number = other.FromBaseValue(unit.ToBaseValue(written.Number));
                int near = Near(reference, number);
                if (near > bestNear)
                {
                    chosen = (number, $"suffix, {unit.Name} converted to {other.Name}");
                    bestNear = near;
                }
            }
        }
        return (UnitText.Format(chosen.Number), written.UnitText.Length > 0 ? written.UnitText.ToLowerInvariant() : unit.Name, chosen.How);
    }

    // Plain numbers of a column, sorted: the reference a written unit's readings are judged against (once per sample column).
    private static double[] PlainNumbers(IReadOnlyList<string?> values) => PlainNumberCache.GetValue(values, SortedPlainNumbers);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<string?>, double[]> PlainNumberCache = new();

    private static double[] SortedPlainNumbers(IReadOnlyList<string?> values) =>
        values.Select(v => v is not null && IsPlainNumber(v.Trim()) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN)
            .Where(double.IsFinite).Order().ToArray();

    // How many reference numbers lie within 5% of x (relative; a coarse look, enough to tell 0.05 from 0.0005).
    private static int Near(double[] sorted, double x)
    {
        double tolerance = 0.05 * Math.Abs(x) + 1e-12;
        int Lower(double v)
        {
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] < v) lo = mid + 1; else hi = mid;
            }
            return lo;
        }
        return Lower(x + tolerance + 1e-300) - Lower(x - tolerance);
    }

    // Digits with at most one decimal point, optionally signed and padded with blanks.
    private static bool IsPlainNumber(string value)
    {
        var text = value.AsSpan().Trim();
        if (text.Length > 0 && text[0] is '+' or '-') text = text[1..];
        int point = text.IndexOf('.');
        var whole = point < 0 ? text : text[..point];
        var fraction = point < 0 ? [] : text[(point + 1)..];
        return whole.Length > 0 && !whole.ContainsAnyExceptInRange('0', '9')
            && (point < 0 || fraction.Length > 0 && !fraction.ContainsAnyExceptInRange('0', '9'));
    }

    internal static string Format(double value) => UnitText.Format(value);

    /// <summary>Converts between units of one dimension; null when either is unknown or they measure different things.</summary>
    public static double? Convert(double value, string? fromUnit, string? toUnit, RuleDictionaries dictionaries)
    {
        if (fromUnit is null || toUnit is null) return value;
        if (!dictionaries.Units.TryGetValue(fromUnit, out var from) || !dictionaries.Units.TryGetValue(toUnit, out var to)) return null;
        if (from.Dimension != to.Dimension) return null;
        return to.FromBaseValue(from.ToBaseValue(value));
    }

    public override void Report(RuleSections sections, string column, ColumnRole role, RuleOutcome? live, RuleOutcome? poc) =>
        UnitDetails.Report(sections, column, role, live);
}
