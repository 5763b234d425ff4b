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
