using DataReadiness.Findings;

namespace DataReadiness.Rules.Kinds;

/// <summary>Unit-of-measure codes written as a synonym of a canonical code (PCS, PC, each → EA); suggests the code.</summary>
public sealed class UomSynonymKind : RowRuleKind<NoParameters>
{
    public override string Name => "uom_synonym";
    public override string Family => RuleFamilies.Units;
    public override string Description => "unit-of-measure synonyms (PCS, each for EA)";

    protected override NoParameters Read(ParameterReader reader) => NoParameters.Instance;

    public override Applicability AppliesTo(ColumnEvidence column) =>
        Applicability.ForRole(column, ColumnRole.Uom, "not unit-of-measure codes");

    protected override CellTest Prepare(ColumnContext column, NoParameters parameters)
    {
        var dictionaries = column.Dictionaries;
        var cache = new Dictionary<string, string?>(StringComparer.Ordinal);
        return (string value, out string? suggestion) =>
        {
            var trimmed = value.Trim();
            if (!cache.TryGetValue(trimmed, out suggestion)) cache[trimmed] = suggestion = dictionaries.CanonicalUom(trimmed);
            return suggestion is not null && suggestion != trimmed;
        };
    }
}
