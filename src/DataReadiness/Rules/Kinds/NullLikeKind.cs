
namespace DataReadiness.Rules.Kinds;

/// <summary>Nulls in disguise: empty, whitespace-only and null-like tokens (N/A, NULL, -, ?, TBD, #N/A, 0000-00-00...).</summary>
public sealed class NullLikeKind : RowRuleKind<NoParameters>
{
    public override string Name => "null_like";
    public override string Family => RuleFamilies.Nulls;
    public override string Description => "empty, whitespace-only and null-like tokens";

    protected override NoParameters Read(ParameterReader reader) => NoParameters.Instance;

    protected override bool Checks(string? value) => true;

    protected override CellTest Prepare(ColumnContext column, NoParameters parameters)
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
