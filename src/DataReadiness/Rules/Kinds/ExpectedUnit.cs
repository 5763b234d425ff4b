
namespace DataReadiness.Rules.Kinds;

/// <summary>
/// Finds the unit a measure column should be in: the job file's unit, else the unit its name ends with
/// (gross_weight_kg, ounces, duration_min). Only the name's last word counts: a unit word inside a name
/// (weight_in_kg's "in", temp_min_max) says nothing.
/// </summary>
public static class ExpectedUnit
{
    public static (string? Unit, string From) Of(ColumnContext column)
    {
        var dictionaries = column.Dictionaries;
        if (column.Spec?.Unit is { } declared && dictionaries.UnitBySpelling.TryGetValue(declared, out var named))
            return (named, "job file");
        var spaced = System.Text.RegularExpressions.Regex.Replace(column.Column, "(?<=[a-z0-9])(?=[A-Z])", "_");
        var parts = spaced.ToLowerInvariant().Split('_', '-', ' ', '(', ')', '[', ']', '.').Where(p => p.Length > 0).ToArray();
        // A one- or two-letter unit (t, h, in) is a unit only after another word: a column named "t" is not in tonnes.
        if (parts.Length > 0 && (parts.Length > 1 || parts[0].Length > 2) && dictionaries.UnitBySpelling.TryGetValue(parts[^1], out var fromName))
            return (fromName, "column name");
        return (null, "unknown");
    }
}
