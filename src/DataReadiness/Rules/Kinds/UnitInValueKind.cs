using System.Globalization;
using System.Text.RegularExpressions;
using DataReadiness.Findings;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Rules.Kinds;

/// <summary>
/// Units written into the values ("27.6 lbs", "12 kg") and decimal commas ("12,5") in a measure column; suggests the
/// bare number converted to the column's unit. Only units of the column's dimension are converted.
/// </summary>
public sealed partial class UnitInValueKind : ColumnRuleKind<NoParameters>
{
    public override string Name => "unit_in_value";
    public override string Family => RuleFamilies.Units;
    public override string Description => "units written into numbers (27.6 lbs) and decimal commas";

    protected override NoParameters Read(ParameterReader reader) => NoParameters.Instance;

    [GeneratedRegex(@"^\s*(?<number>[+-]?(?:\d{1,3}(?:[ ,.']\d{3})+|\d+)(?:[.,]\d+)?)\s*(?<unit>[^\d\s][^\d]*?)?\s*$")]
    private static partial Regex NumberWithUnit();

    [GeneratedRegex(@"^\d{1,3}(,\d{3})+\.\d+$")]
    private static partial Regex ThousandsCommaWithDecimalPoint();

    public override RuleOutcome Evaluate(ColumnContext column, NoParameters parameters)
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

    public override void Report(RuleSections sections, string column, ColumnRole role, RuleOutcome? live, RuleOutcome? poc) =>
        UnitDetails.Report(sections, column, role, live);
}
