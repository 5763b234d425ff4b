using DataReadiness.Findings;

namespace DataReadiness.Rules.Kinds;

/// <summary>What the report says about a UoM column: codes found, and items recorded in several canonical UoMs.</summary>
public sealed record UomDetails(IReadOnlyDictionary<string, long> Codes, IReadOnlyList<MixedUomItem> MixedItems);

/// <summary>One item recorded in more than one unit of measure, with the row counts of each.</summary>
public sealed record MixedUomItem(string Item, IReadOnlyDictionary<string, long> Uoms);

/// <summary>
/// Items recorded in several canonical units of measure (one bearing in EA and in KG): reported per item when the
/// column has a group_by; each row in a minority UoM of its item is a hit.
/// </summary>
public sealed class MixedUomKind : ColumnRuleKind<NoParameters>
{
    public override string Name => "mixed_uom";
    public override string Family => RuleFamilies.Units;
    public override string Description => "one item recorded in several units of measure";

    protected override NoParameters Read(ParameterReader reader) => NoParameters.Instance;

    public override RuleOutcome Evaluate(ColumnContext column, NoParameters parameters)
    {
        var groupBy = column.Spec?.GroupBy is { } g ? column.OtherColumn(g) : null;
        var codes = column.Values.Where(v => !string.IsNullOrWhiteSpace(v))
            .GroupBy(v => column.Dictionaries.CanonicalUom(v!.Trim()) ?? v!.Trim())
            .ToDictionary(x => x.Key, x => (long)x.Count());
        if (groupBy is null) return new RuleOutcome(0, [], new UomDetails(codes, []));
        var byItem = new Dictionary<string, Dictionary<string, List<int>>>(StringComparer.Ordinal);
        long checkedRows = 0;
        for (int i = 0; i < column.Values.Count; i++)
        {
            var value = column.Values[i];
            var item = groupBy[i];
            if (string.IsNullOrWhiteSpace(value) || string.IsNullOrWhiteSpace(item)) continue;
            var canonical = column.Dictionaries.CanonicalUom(value.Trim());
            if (canonical is null) continue;
            checkedRows++;
            if (!byItem.TryGetValue(item, out var uoms)) byItem[item] = uoms = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            if (!uoms.TryGetValue(canonical, out var rows)) uoms[canonical] = rows = new List<int>();
            rows.Add(i);
        }
        var hits = new List<CellHit>();
        var mixed = new List<MixedUomItem>();
        foreach (var (item, uoms) in byItem.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (uoms.Count < 2) continue;
            var major = uoms.OrderByDescending(u => u.Value.Count).ThenBy(u => u.Key, StringComparer.Ordinal).First().Key;
            mixed.Add(new MixedUomItem(item, uoms.ToDictionary(u => u.Key, u => (long)u.Value.Count)));
            foreach (var (uom, rows) in uoms)
                if (uom != major)
                    hits.AddRange(rows.Select(r => new CellHit(r, column.Values[r]!, null)));
        }
        hits.Sort((a, b) => a.Index.CompareTo(b.Index));
        return new RuleOutcome(checkedRows, hits, new UomDetails(codes, mixed));
    }

    public override void Report(RuleSections sections, string column, ColumnRole role, RuleOutcome? live, RuleOutcome? poc)
    {
        if (live?.Details is UomDetails uom)
            sections.AddUomCodes(column, role, uom.Codes.OrderByDescending(c => c.Value).Select(c => new UnitCount(c.Key, c.Value, "code")),
                uom.MixedItems.Select(m => new MixedUomReport(m.Item, m.Uoms)));
    }
}
