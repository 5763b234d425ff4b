using DataReadiness.Findings;

namespace DataReadiness.Rules.Kinds;

/// <summary>Leading or trailing whitespace: invisible in a spreadsheet, a different value to a join or a model.</summary>
public sealed class WhitespaceKind : RowRuleKind<NoParameters>
{
    public override string Name => "whitespace";
    public override string Family => RuleFamilies.Hygiene;
    public override string Description => "leading or trailing whitespace";

    protected override NoParameters Read(ParameterReader reader) => NoParameters.Instance;

    public override Applicability AppliesTo(ColumnEvidence column) =>
        column.Is(ColumnRole.FreeText) ? Applicability.No("free text: blanks around a sentence carry no meaning")
        : column.Is(ColumnRole.Vendor) ? Applicability.No("vendor names: vendor_variant compares their spellings, blanks included")
        : Applicability.Yes("every column but free text and vendor names");

    protected override CellTest Prepare(ColumnContext column, NoParameters parameters) => (string value, out string? suggestion) =>
    {
        suggestion = value.Trim();
        return suggestion.Length != value.Length;
    };
}
