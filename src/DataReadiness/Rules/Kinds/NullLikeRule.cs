using DataReadiness.Rules.Catalog;

namespace DataReadiness.Rules.Kinds;

/// <summary>Nulls in disguise: empty, whitespace-only and null-like tokens (N/A, NULL, -, ?, TBD, #N/A, 0000-00-00...).</summary>
public sealed class NullLikeRule(RuleDefinition definition) : RowRule(definition)
{
    protected override bool Checks(string? value) => true;

    protected override CellTest Prepare(ColumnContext column)
    {
        var tokens = column.Dictionaries.NullTokens;
        return (string value, out string? suggestion) =>
        {
            suggestion = "";
            var trimmed = value.Trim();
            return trimmed.Length == 0 || tokens.Contains(trimmed);
        };
    }
}

/// <summary>
/// Placeholders that stand for "unknown": values from the catalog's list, and values of one repeated character
/// (9999, 0000, XXX) that the live sample repeats but the POC never had.
/// </summary>
public sealed class PlaceholderRule(RuleDefinition definition) : RowRule(definition)
{
    protected override CellTest Prepare(ColumnContext column)
    {
        int minCount = (int)Definition.Parameter("min_count", 3);
        var counts = column.Values.Where(v => v is not null).GroupBy(v => v!.Trim()).ToDictionary(g => g.Key, g => g.Count());
        var inPoc = column.Reference is null
            ? new HashSet<string>()
            : column.Reference.Where(v => v is not null).Select(v => v!.Trim()).ToHashSet();
        var placeholders = column.Dictionaries.Placeholders;
        return (string value, out string? suggestion) =>
        {
            suggestion = "";
            var v = value.Trim();
            if (placeholders.Contains(v) && !inPoc.Contains(v)) return true;
            return column.Reference is not null && v.Length >= 3 && v.All(c => c == v[0]) && char.IsLetterOrDigit(v[0])
                   && counts.GetValueOrDefault(v) >= minCount && !inPoc.Contains(v);
        };
    }
}
