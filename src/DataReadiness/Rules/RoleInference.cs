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

    public static string Infer(string column, ColumnProfile profile, RuleDictionaries dictionaries)
    {
        var name = column.ToLowerInvariant();
        var parts = name.Split('_', '-', ' ', '.');
        bool identifier = parts.Length > 1 && KeyWords.Contains(parts[^1]);
        if (!identifier && VendorWords.Any(w => parts.Contains(w) || name.StartsWith(w, StringComparison.Ordinal))) return "vendor";
        if (UomWords.Contains(name) || parts.Contains("uom")) return "uom";
        if (profile.InferredType is "date" or "datetime") return "date";
        bool numeric = profile.InferredType is "integer" or "decimal";
        bool unitInName = parts.Skip(1).Any(p => dictionaries.UnitBySpelling.ContainsKey(p) && dictionaries.Units.ContainsKey(dictionaries.UnitBySpelling[p]));
        if (numeric && (unitInName || parts.Any(p => p is "weight" or "length" or "width" or "height" or "volume" or "mass" or "temperature" or "temp" or "ounces")))
            return "measure";
        if (!numeric && parts.Any(p => p is "weight" or "ounces" or "volume" or "length")) return "measure";
        bool fewValues = profile.Distinct.Estimate <= Math.Max(50, profile.Present / 100);
        if (profile.InferredType is "text" or "boolean" && fewValues) return "category";
        if (profile.InferredType == "text" && profile.Length is { } length &&
            (length.Mean >= 25 || TextWords.Contains(parts[^1]) && length.Mean >= 12)) return "free_text";
        if (parts.Any(p => KeyWords.Contains(p)) && profile.Distinct.Estimate >= 0.5 * Math.Max(1, profile.Present)) return "key";
        return numeric ? "number" : "text";
    }
}
