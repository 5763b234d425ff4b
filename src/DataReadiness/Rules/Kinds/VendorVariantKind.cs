using DataReadiness.Findings;

namespace DataReadiness.Rules.Kinds;

/// <summary>A vendor kind's parameters: how similar (FuzzySharp ratio, 0-100) two normalised names must be to be one vendor.</summary>
public sealed record VendorParameters(int Threshold)
{
    public static readonly VendorParameters Default = new(88);

    internal static VendorParameters Read(ParameterReader reader) => new(reader.Integer("threshold", Default.Threshold, 50, 100));
}

/// <summary>Spellings of a vendor other than its canonical one; suggests the canonical spelling.</summary>
public sealed class VendorVariantKind : ColumnRuleKind<VendorParameters>
{
    public override string Name => "vendor_variant";
    public override string Family => RuleFamilies.Vendors;
    public override string Description => "other spellings of one vendor";

    protected override VendorParameters Read(ParameterReader reader) => VendorParameters.Read(reader);

    public override Applicability AppliesTo(ColumnEvidence column) =>
        Applicability.ForRole(column, ColumnRole.Vendor, "not vendor names: no legal forms, and the name does not say vendor");

    public override RuleOutcome Evaluate(ColumnContext column, VendorParameters parameters)
    {
        var live = VendorClusterer.Counts(column.Values, column.Dictionaries);
        var poc = column.Reference is null ? new Dictionary<string, long>() : VendorClusterer.Counts(column.Reference, column.Dictionaries);
        var clusters = VendorClusterer.Cluster(live, poc, column.Dictionaries, parameters.Threshold, VendorContexts.Of(column));
        var canonical = clusters.SelectMany(c => c.Variants.Select(v => (v.Value, c.Canonical))).ToDictionary(p => p.Value, p => p.Canonical, StringComparer.Ordinal);
        var hits = new List<CellHit>();
        long checkedRows = 0;
        for (int i = 0; i < column.Values.Count; i++)
        {
            var value = column.Values[i];
            if (value is null || !canonical.TryGetValue(value, out var target)) continue;
            checkedRows++;
            if (target != value) hits.Add(new CellHit(i, value, target));
        }
        var reported = clusters.Where(c => c.Variants.Count(v => v.Count > 0 || v.InPoc) > 1 || !c.InPoc).ToList();
        return new RuleOutcome(checkedRows, hits, reported);
    }

    public override void Report(RuleSections sections, string column, ColumnRole role, RuleOutcome? live, RuleOutcome? poc)
    {
        if (live?.Details is IReadOnlyList<VendorCluster> clusters)
            sections.AddVendorClusters(column, clusters.Select(c => new VendorClusterReport(column, c.Canonical,
                c.Variants.Select(v => new VendorVariantReport(v.Value, v.Count, v.InPoc)).ToList(), c.InPoc, c.Variants.Sum(v => v.Count))));
    }
}
