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

    /// <summary>How many single-spelling vendors absent from the POC the clusters section lists (most rows first).</summary>
    public const int UnseenSingletonsReported = 100;

    public override Applicability AppliesTo(ColumnEvidence column) =>
        Applicability.ForRole(column, ColumnRole.Vendor, "not vendor names: no legal forms, and the name does not say vendor");

    public override RuleOutcome Evaluate(ColumnContext column, VendorParameters parameters)
    {
        var clusters = VendorClusterer.Of(column, parameters.Threshold).Clusters;
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
        // Every vendor with several spellings; of those with one spelling the POC never had, the ones with most rows
        // (every row of them is in exceptions.csv as vendor_unseen): a 100,000-vendor extract would otherwise write
        // each of them into findings.json and the report.
        var several = clusters.Where(c => c.Variants.Count(v => v.Count > 0 || v.InPoc) > 1).ToHashSet();
        var unseenAlone = clusters.Where(c => !c.InPoc && !several.Contains(c)).Take(UnseenSingletonsReported).ToHashSet();
        var reported = clusters.Where(c => several.Contains(c) || unseenAlone.Contains(c)).ToList();
        return new RuleOutcome(checkedRows, hits, reported);
    }

    public override void Report(RuleSections sections, string column, ColumnRole role, RuleOutcome? live, RuleOutcome? poc)
    {
        if (live?.Details is IReadOnlyList<VendorCluster> clusters)
            sections.AddVendorClusters(column, clusters.Select(c => new VendorClusterReport(column, c.Canonical,
                c.Variants.Select(v => new VendorVariantReport(v.Value, v.Count, v.InPoc)).ToList(), c.InPoc, c.Variants.Sum(v => v.Count))));
    }
}
