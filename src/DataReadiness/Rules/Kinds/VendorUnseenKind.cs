using DataReadiness.Findings;

namespace DataReadiness.Rules.Kinds;

/// <summary>Vendors whose every spelling is absent from the POC: the model has never seen them.</summary>
public sealed class VendorUnseenKind : ColumnRuleKind<VendorParameters>
{
    public override string Name => "vendor_unseen";
    public override string Family => RuleFamilies.Vendors;
    public override string Description => "vendors the POC never had";

    protected override VendorParameters Read(ParameterReader reader) => VendorParameters.Read(reader);

    public override Applicability AppliesTo(ColumnEvidence column) =>
        Applicability.ForRole(column, ColumnRole.Vendor, "not vendor names: no legal forms, and the name does not say vendor");

    public override RuleOutcome Evaluate(ColumnContext column, VendorParameters parameters)
    {
        if (column.Reference is null) return new RuleOutcome(0, []);
        var (clusters, live, _) = VendorClusterer.Of(column, parameters.Threshold);
        var unseen = clusters.Where(c => !c.InPoc).SelectMany(c => c.Variants.Select(v => v.Value)).ToHashSet(StringComparer.Ordinal);
        var hits = new List<CellHit>();
        long checkedRows = 0;
        for (int i = 0; i < column.Values.Count; i++)
        {
            var value = column.Values[i];
            if (value is null || !live.ContainsKey(value)) continue;
            checkedRows++;
            if (unseen.Contains(value)) hits.Add(new CellHit(i, value, null));
        }
        return new RuleOutcome(checkedRows, hits);
    }
}
