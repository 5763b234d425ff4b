using System.Globalization;
using System.Text.RegularExpressions;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Rules.Kinds;

/// <summary>A number as written in a field: its value, the unit written with it (null: none) and whether its separators were rewritten.</summary>
public sealed record WrittenNumber(double Number, string? Unit, string UnitText, bool Reformatted);

/// <summary>
/// Reads numbers written with a unit ("27.6 lbs", "12.0 oz.", "0.05%", "$1,299.99") or a decimal comma ("12,5"),
/// with the units of the catalog's dictionary. Text it does not understand is not a number with a unit.
/// </summary>
public static partial class UnitText
{
    [GeneratedRegex(@"^\s*(?<prefix>[^\d\s+\-.,]{1,3})?\s*(?<number>[+-]?(?:\d{1,3}(?:[ ,.']\d{3})+|\d+)(?:[.,]\d+)?)\s*(?<unit>[^\d\s][^\d]*?)?\s*$")]
    private static partial Regex NumberWithUnit();

    [GeneratedRegex(@"^\d{1,3}(,\d{3})+\.\d+$")]
    private static partial Regex ThousandsCommaWithDecimalPoint();

    /// <summary>Whether a column writes 1,234.5, so that its commas separate thousands rather than decimals.</summary>
    public static bool CommaIsThousands(IEnumerable<string?> values) =>
        values.Any(v => v is not null && v.Contains(',') && ThousandsCommaWithDecimalPoint().IsMatch(v.Trim()));

    /// <summary>
    /// The number and unit of a value written as a number with a unit suffix (or a currency-like prefix), or with a
    /// decimal comma or thousands separators; null for a plain number, for text, and for a unit the dictionary does
    /// not know.
    /// </summary>
    public static WrittenNumber? TryRead(string value, RuleDictionaries units, bool commaIsThousands, out bool plain)
    {
        plain = false;
        if (value.Length == 0 || value.Length > 64) return null;
        var match = NumberWithUnit().Match(value);
        if (!match.Success) return null;
        var numberText = match.Groups["number"].Value;
        var prefix = match.Groups["prefix"].Success ? match.Groups["prefix"].Value.Trim() : "";
        var unitText = match.Groups["unit"].Success ? match.Groups["unit"].Value.Trim().TrimEnd('.') : "";
        if (prefix.Length > 0 && unitText.Length > 0) return null;
        if (!TryNumber(numberText, commaIsThousands, out var number, out bool reformatted)) return null;
        var written = prefix.Length > 0 ? prefix : unitText;
        string? unit = null;
        if (written.Length > 0)
        {
            if (!units.UnitBySpelling.TryGetValue(written, out unit) && !units.UnitBySpelling.TryGetValue(written.ToLowerInvariant(), out unit))
                return null;
        }
        else if (!reformatted)
        {
            plain = true;
            return null;
        }
        return new WrittenNumber(number, unit, written, reformatted);
    }

    private static bool TryNumber(string text, bool commaIsThousands, out double number, out bool reformatted)
    {
        reformatted = false;
        var cleaned = text.Replace(" ", "").Replace("'", "");
        if (cleaned.Contains(',') && !cleaned.Contains('.') && !commaIsThousands)
        {
            // One comma and no point: a decimal comma, unless it groups thousands (1,234 in a column that writes 1,234.5).
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

    /// <summary>A number as a suggestion: at most six decimals, invariant culture.</summary>
    public static string Format(double value) => Math.Round(value, 6).ToString("0.######", CultureInfo.InvariantCulture);
}
