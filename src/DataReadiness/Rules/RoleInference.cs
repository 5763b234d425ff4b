using DataReadiness.Findings;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Rules;

/// <summary>
/// What a column's name hints at: vendor, unit of measure, free text, key or measure, from general words of ERP and
/// MES extracts and the units of the catalog. Hints only: the values decide (<see cref="ColumnEvidence"/>).
/// </summary>
public static class RoleInference
{
    private static readonly string[] VendorWords = ["vendor", "supplier", "lieferant", "fournisseur", "manufacturer", "kreditor", "creditor"];
    private static readonly string[] UomWords = ["uom", "unit_of_measure", "unitofmeasure", "uom_code", "base_unit", "meins"];
    private static readonly string[] TextWords = ["note", "notes", "comment", "comments", "remark", "remarks", "text", "description", "desc", "memo", "long_text"];
    private static readonly string[] KeyWords = ["id", "number", "no", "nr", "key", "code"];
    private static readonly string[] MeasureWords = ["weight", "length", "width", "height", "volume", "mass", "temperature", "temp", "pressure", "duration"];

    public static IReadOnlySet<ColumnRole> NameHints(string column, RuleDictionaries dictionaries)
    {
        var hints = new HashSet<ColumnRole>();
        var name = column.ToLowerInvariant();
        // ProviderNumber and provider_number say the same: camel case is split into words too.
        var spaced = System.Text.RegularExpressions.Regex.Replace(column, "(?<=[a-z0-9])(?=[A-Z])", "_").ToLowerInvariant();
        var parts = spaced.Split('_', '-', ' ', '.', '(', ')', '[', ']').Where(p => p.Length > 0).ToArray();
        if (parts.Length == 0) return hints;
        bool identifier = parts.Length > 1 && KeyWords.Contains(parts[^1]);
        if (!identifier && VendorWords.Any(w => parts.Contains(w) || name.StartsWith(w, StringComparison.Ordinal))) hints.Add(ColumnRole.Vendor);
        if (UomWords.Contains(name) || parts.Contains("uom")) hints.Add(ColumnRole.Uom);
        if (TextWords.Contains(parts[^1])) hints.Add(ColumnRole.FreeText);
        if (KeyWords.Contains(parts[^1])) hints.Add(ColumnRole.Key);
        if (parts.Any(p => MeasureWords.Contains(p)) || parts.Skip(1).Any(p => dictionaries.UnitBySpelling.ContainsKey(p))) hints.Add(ColumnRole.Measure);
        return hints;
    }
}
