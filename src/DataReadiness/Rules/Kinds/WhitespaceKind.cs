
namespace DataReadiness.Rules.Kinds;

/// <summary>Leading or trailing whitespace: invisible in a spreadsheet, a different value to a join or a model.</summary>
public sealed class WhitespaceKind : RowRuleKind<NoParameters>
{
    public override string Name => "whitespace";
    public override string Family => RuleFamilies.Hygiene;
    public override string Description => "leading or trailing whitespace";

    protected override NoParameters Read(ParameterReader reader) => NoParameters.Instance;

    protected override CellTest Prepare(ColumnContext column, NoParameters parameters) => (string value, out string? suggestion) =>
    {
        suggestion = value.Trim();
        return suggestion.Length != value.Length;
    };
}
