using DataReadiness.Findings;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Rules;

/// <summary>
/// Infers a column's role from its name and its profile when the job file does not give one: vendor, uom, measure
/// (numbers with a unit in the name, or text that is mostly a number and a unit), date, free_text, key, category.
/// </summary>
public static class RoleInference
{
    private static readonly string[] VendorWords = ["vendor", "supplier", "lieferant", "fournisseur", "manufacturer", "brewery"];
    private static readonly string[] UomWords = ["uom", "unit_of_measure", "unitofmeasure", "uom_code", "base_unit", "meins"];
    private static readonly string[] TextWords = ["note", "notes", "comment", "comments", "remark", "remarks", "text", "description", "desc", "memo", "long_text"];
    private static readonly string[] KeyWords = ["id", "number", "no", "nr", "key", "code"];

    public static ColumnRole Infer(string column, ColumnProfile profile, RuleDictionaries dictionaries)
    {
        var name = column.ToLowerInvariant();
        var parts = name.Split('_', '-', ' ', '.');
        bool identifier = parts.Length > 1 && KeyWords.Contains(parts[^1]);
        if (!identifier && VendorWords.Any(w => parts.Contains(w) || name.StartsWith(w, StringComparison.Ordinal))) return ColumnRole.Vendor;
        if (UomWords.Contains(name) || parts.Contains("uom")) return ColumnRole.Uom;
        if (profile.InferredType.IsDate()) return ColumnRole.Date;
        bool numeric = profile.InferredType.IsNumeric();
        bool unitInName = parts.Skip(1).Any(p => dictionaries.UnitBySpelling.ContainsKey(p) && dictionaries.Units.ContainsKey(dictionaries.UnitBySpelling[p]));
        if (numeric && (unitInName || parts.Any(p => p is "weight" or "length" or "width" or "height" or "volume" or "mass" or "temperature" or "temp" or "ounces")))
            return ColumnRole.Measure;
        if (!numeric && parts.Any(p => p is "weight" or "ounces" or "volume" or "length")) return ColumnRole.Measure;
        bool fewValues = profile.Distinct.Estimate <= Math.Max(50, profile.Present / 100);
        if (profile.InferredType is ColumnType.Text or ColumnType.Boolean && fewValues) return ColumnRole.Category;
        if (profile.InferredType == ColumnType.Text && profile.Length is { } length &&
            (length.Mean >= 25 || TextWords.Contains(parts[^1]) && length.Mean >= 12)) return ColumnRole.FreeText;
        if (parts.Any(p => KeyWords.Contains(p)) && profile.Distinct.Estimate >= 0.5 * Math.Max(1, profile.Present)) return ColumnRole.Key;
        return numeric ? ColumnRole.Number : ColumnRole.Text;
    }
}
