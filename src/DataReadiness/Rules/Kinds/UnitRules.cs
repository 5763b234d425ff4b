using System.Runtime.InteropServices;
using System.Globalization;
using System.Text.RegularExpressions;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Rules.Kinds;

/// <summary>One unit found in a measure column: how many sampled rows, and how it was detected.</summary>
public sealed record DetectedUnit(string Unit, long Rows, string DetectedBy);

/// <summary>The units section of a measure column: the unit it should be in, and the units its values are in.</summary>
public sealed record UnitDetails(string? ExpectedUnit, string ExpectedFrom, IReadOnlyList<DetectedUnit> Detected);

/// <summary>Finds the unit a measure column should be in: the job file's unit, else a suffix of the column's name (_kg).</summary>
public static class ExpectedUnit
{
    public static (string? Unit, string From) Of(ColumnContext column)
    {
        var dictionaries = column.Dictionaries;
        if (column.Spec?.Unit is { } declared && dictionaries.UnitBySpelling.TryGetValue(declared, out var named))
            return (named, "job file");
        var parts = column.Column.ToLowerInvariant().Split('_', '-', ' ', '(', ')', '[', ']');
        for (int i = parts.Length - 1; i >= 0; i--)
            if (parts[i].Length > 0 && dictionaries.UnitBySpelling.TryGetValue(parts[i], out var fromName))
                return (fromName, "column name");
        return (null, "unknown");
    }
}

/// <summary>
/// Units written into the values ("27.6 lbs", "12 kg") and decimal commas ("12,5") in a measure column; suggests the
/// bare number converted to the column's unit. Only units of the column's dimension are converted.
/// </summary>
public sealed partial class UnitInValueRule(RuleDefinition definition) : IRule
{
    public RuleDefinition Definition { get; } = definition;

    [GeneratedRegex(@"^\s*(?<number>[+-]?(?:\d{1,3}(?:[ ,.']\d{3})+|\d+)(?:[.,]\d+)?)\s*(?<unit>[^\d\s][^\d]*?)?\s*$")]
    private static partial Regex NumberWithUnit();

    [GeneratedRegex(@"^\d{1,3}(,\d{3})+\.\d+$")]
    private static partial Regex ThousandsCommaWithDecimalPoint();

    public RuleOutcome Evaluate(ColumnContext column)
    {
        var (expected, from) = ExpectedUnit.Of(column);
        var units = column.Dictionaries;
        // A comma is a thousands separator only where the column writes 1,234.5; otherwise it is a decimal comma.
        bool commaIsThousands = column.Values.Any(v => v is not null && v.Contains(',') && ThousandsCommaWithDecimalPoint().IsMatch(v.Trim()));
        var hits = new List<CellHit>();
        var detected = new Dictionary<(string, string), long>();
        long checkedRows = 0;
        for (int i = 0; i < column.Values.Count; i++)
        {
            var value = column.Values[i];
            if (string.IsNullOrWhiteSpace(value)) continue;
            checkedRows++;
            // Most values are plain numbers, which carry no unit and need no reformatting: skip the regex for them.
            if (IsPlainNumber(value)) continue;
            var match = NumberWithUnit().Match(value);
            if (!match.Success) continue;
            var numberText = match.Groups["number"].Value;
            var unitText = match.Groups["unit"].Success ? match.Groups["unit"].Value.Trim().TrimEnd('.') : "";
            if (!TryNumber(numberText, commaIsThousands, out var number, out bool reformatted)) continue;
            string? unit = null;
            if (unitText.Length > 0)
            {
                if (!units.UnitBySpelling.TryGetValue(unitText, out unit) && !units.UnitBySpelling.TryGetValue(unitText.ToLowerInvariant(), out unit))
                    continue; // text we do not understand is the type rule's business
                detected[(unit, "suffix")] = detected.GetValueOrDefault((unit, "suffix")) + 1;
            }
            else if (!reformatted) continue; // a plain number: nothing written into the value
            var converted = Convert(number, unit ?? expected, expected, units);
            hits.Add(new CellHit(i, value, converted is null ? null : Format(converted.Value)));
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

    // Digits with at most one decimal point, optionally signed and padded with blanks: what the regex would read as
    // a number with no unit, which TryNumber leaves as it is.
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

    internal static string Format(double value) => Math.Round(value, 6).ToString("0.######", CultureInfo.InvariantCulture);

    private static bool TryNumber(string text, bool commaIsThousands, out double number, out bool reformatted)
    {
        reformatted = false;
        var cleaned = text.Replace(" ", "").Replace("'", "");
        if (cleaned.Contains(',') && !cleaned.Contains('.') && !commaIsThousands)
        {
            cleaned = cleaned.Replace(',', '.');
            reformatted = true;
        }
        else if (cleaned.Contains(','))
        {
            cleaned = cleaned.Replace(",", "");
            reformatted = true;
        }
        return double.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>Converts between units of one dimension; null when either is unknown or they measure different things.</summary>
    public static double? Convert(double value, string? fromUnit, string? toUnit, RuleDictionaries dictionaries)
    {
        if (fromUnit is null || toUnit is null) return value;
        if (!dictionaries.Units.TryGetValue(fromUnit, out var from) || !dictionaries.Units.TryGetValue(toUnit, out var to)) return null;
        if (from.Dimension != to.Dimension) return null;
        return to.FromBaseValue(from.ToBaseValue(value));
    }
}

/// <summary>
/// Magnitudes that imply another unit: within each group (group_by, e.g. the item), the value per unit of the
/// per column (e.g. weight per piece) is compared with the group's typical value (the POC's median for the group
/// when the POC has it, so that a whole column written in another unit stands out too; else the group's own
/// median); a value near what the typical value would be in
/// another unit of the column's dimension (x2.20462 for lb in a kg column, x1000 for g, 25.4 for mm/in,
/// 1.8 x C + 32 for Fahrenheit) is a hit, and the value converted back is the suggestion.
/// </summary>
public sealed class UnitMagnitudeRule(RuleDefinition definition) : IRule
{
    public RuleDefinition Definition { get; } = definition;

    public RuleOutcome Evaluate(ColumnContext column)
    {
        double tolerance = Definition.Parameter("tolerance", 0.04);
        int minGroup = (int)Definition.Parameter("min_group", 5);
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
                    hits.Add(new CellHit(m.Index, column.Values[m.Index]!, UnitInValueRule.Format(converted)));
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
}
