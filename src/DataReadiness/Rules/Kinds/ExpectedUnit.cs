
namespace DataReadiness.Rules.Kinds;

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
