using System.Globalization;
using System.Runtime.InteropServices;
using DataReadiness.Findings;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Rules.Kinds;

/// <summary>
/// A unit-magnitude kind's parameters: how close (relatively) a value must be to what the typical value would read
/// in another unit, and how many rows a group needs before its values are judged.
/// </summary>
public sealed record UnitMagnitudeParameters(double Tolerance, int MinGroup)
{
    public static readonly UnitMagnitudeParameters Default = new(0.04, 5);
}

/// <summary>
/// Magnitudes that imply another unit: within each group (group_by, e.g. the item), the value per unit of the
/// per column (e.g. weight per piece) is compared with the group's typical value (the POC's median for the group
/// when the POC has it, so that a whole column written in another unit stands out too; else the group's own
/// median); a value near what the typical value would be in
/// another unit of the column's dimension (x2.20462 for lb in a kg column, x1000 for g, 25.4 for mm/in,
/// 1.8 x C + 32 for Fahrenheit) is a hit, and the value converted back is the suggestion.
/// </summary>
public sealed class UnitMagnitudeKind : ColumnRuleKind<UnitMagnitudeParameters>
{
    public override string Name => "unit_magnitude";
    public override string Family => RuleFamilies.Units;
    public override string Description => "magnitudes that imply another unit (x2.20462, x1000)";

    protected override UnitMagnitudeParameters Read(ParameterReader reader) => new(
        reader.Number("tolerance", UnitMagnitudeParameters.Default.Tolerance, 0.001, 0.5),
        reader.Integer("min_group", UnitMagnitudeParameters.Default.MinGroup, 1, 1_000_000));

    public override RuleOutcome Evaluate(ColumnContext column, UnitMagnitudeParameters parameters)
    {
        double tolerance = parameters.Tolerance;
        int minGroup = parameters.MinGroup;
        var (expected, _) = ExpectedUnit.Of(column);
        var groupBy = column.Spec?.GroupBy is { } g ? column.OtherColumn(g) : null;
        var per = column.Spec?.Per is { } p ? column.OtherColumn(p) : null;
        var dictionaries = column.Dictionaries;
        var target = expected is null ? null : dictionaries.Units.GetValueOrDefault(expected);
        var others = target is null ? [] : dictionaries.Units.Values
            .Where(u => u.Dimension == target.Dimension && u.Name != target.Name && (per is null || u.Offset == 0 && target.Offset == 0))
            .ToList();
        var ratios = Ratios(column.Values, groupBy, per);
        var typicalInPoc = new Dictionary<string, double>(StringComparer.Ordinal);
        if (column.Reference is { } reference && (column.Spec?.GroupBy is null || column.ReferenceColumn(column.Spec.GroupBy) is not null)
            && (column.Spec?.Per is null || column.ReferenceColumn(column.Spec.Per) is not null))
        {
            var referenceGroups = column.Spec?.GroupBy is { } rg ? column.ReferenceColumn(rg) : null;
            var referencePer = column.Spec?.Per is { } rp ? column.ReferenceColumn(rp) : null;
            // Checking the POC itself, its reference is the same columns: the ratios are the ones just computed.
            var pocRatios = ReferenceEquals(reference, column.Values) && ReferenceEquals(referenceGroups, groupBy) && ReferenceEquals(referencePer, per)
                ? ratios
                : Ratios(reference, referenceGroups, referencePer);
            foreach (var (group, members) in Groups(pocRatios))
                if (members.Count >= minGroup) typicalInPoc[group] = Median(pocRatios, members);
        }
        var hits = new List<CellHit>();
        var detected = new Dictionary<string, long>(StringComparer.Ordinal);
        long checkedRows = 0;
        foreach (var (group, positions) in Groups(ratios))
        {
            if (positions.Count < minGroup) continue;
            var members = positions.Select(i => ratios[i]);
            checkedRows += positions.Count;
            if (!typicalInPoc.TryGetValue(group, out var median)) median = Median(ratios, positions);
            // What the typical value would read in each other unit; units indistinguishable from the expected one are skipped.
            var predictions = others
                .Select(u => (Unit: u, Predicted: u.FromBaseValue(target!.ToBaseValue(median))))
                .Where(x => Math.Abs(x.Predicted - median) > 0.2 * Math.Max(Math.Abs(median), 1e-9))
                .ToList();
            if (target is null)
                predictions = [(new UnitDefinition("x1000", "", 0.001, []), median * 1000), (new UnitDefinition("/1000", "", 1000, []), median / 1000)];
            foreach (var m in members)
            {
                foreach (var (unit, predicted) in predictions)
                {
                    if (Math.Abs(m.Ratio - predicted) > tolerance * Math.Max(Math.Abs(predicted), 1e-9)) continue;
                    double converted = target is null ? m.Value * unit.ToBase : target.FromBaseValue(unit.ToBaseValue(m.Ratio)) * m.Divisor;
                    hits.Add(new CellHit(m.Index, column.Values[m.Index]!, UnitInValueKind.Format(converted)));
                    detected[unit.Name] = detected.GetValueOrDefault(unit.Name) + 1;
                    break;
                }
            }
        }
        hits.Sort((a, b) => a.Index.CompareTo(b.Index));
        var details = new UnitDetails(expected, expected is null ? "unknown" : "declared",
            detected.Select(d => new DetectedUnit(d.Key, d.Value, typicalInPoc.Count > 0 ? "magnitude against the POC" : "magnitude")).OrderByDescending(d => d.Rows).ToList());
        return new RuleOutcome(checkedRows, hits, details);
    }

    /// <summary>Each group's positions in <paramref name="ratios"/>, groups in order of first appearance.</summary>
    private static Dictionary<string, List<int>> Groups(List<(int Index, string Group, double Value, double Divisor, double Ratio)> ratios)
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < ratios.Count; i++)
        {
            ref var positions = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, ratios[i].Group, out _);
            (positions ??= []).Add(i);
        }
        return groups;
    }

    /// <summary>The upper median of the group's ratios.</summary>
    private static double Median(List<(int Index, string Group, double Value, double Divisor, double Ratio)> ratios, List<int> positions)
    {
        var sorted = new double[positions.Count];
        for (int i = 0; i < sorted.Length; i++) sorted[i] = ratios[positions[i]].Ratio;
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }

    private static List<(int Index, string Group, double Value, double Divisor, double Ratio)> Ratios(
        IReadOnlyList<string?> values, IReadOnlyList<string?>? groupBy, IReadOnlyList<string?>? per)
    {
        var ratios = new List<(int, string, double, double, double)>(values.Count);
        for (int i = 0; i < values.Count; i++)
        {
            if (!double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) continue;
            double divisor = 1;
            if (per is not null && !(double.TryParse(per[i], NumberStyles.Float, CultureInfo.InvariantCulture, out divisor) && divisor > 0)) continue;
            ratios.Add((i, groupBy?[i]?.Trim() ?? "", value, divisor, value / divisor));
        }
        return ratios;
    }

    public override void Report(RuleSections sections, string column, ColumnRole role, RuleOutcome? live, RuleOutcome? poc) =>
        UnitDetails.Report(sections, column, role, live);
}
