using DataReadiness.Findings;

namespace DataReadiness.Rules.Kinds;

/// <summary>What the report says about a UoM column: codes found, and items recorded in several canonical UoMs.</summary>
public sealed record UomDetails(IReadOnlyDictionary<string, long> Codes, IReadOnlyList<MixedUomItem> MixedItems, string? Item = null);

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

    public override Applicability AppliesTo(ColumnEvidence column) =>
        Applicability.ForRole(column, ColumnRole.Uom, "not unit-of-measure codes");

    // The item column found for a UoM column is found once, from its reference values, for both sides.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<string?>, string?[]> ItemColumns = new();

    public override RuleOutcome Evaluate(ColumnContext column, NoParameters parameters)
    {
        var reference = column.Reference ?? column.Values;
        Func<string, IReadOnlyList<string?>?> referenceColumn = column.Reference is null ? column.OtherColumn : column.ReferenceColumn;
        var itemColumn = column.Spec?.GroupBy ?? ItemColumns.GetValue(reference, values => [ItemColumn(column, values, referenceColumn)])[0];
        var groupBy = itemColumn is not null ? column.OtherColumn(itemColumn) : null;
        // Null tokens and placeholders are not units: the null rule counts them.
        var codes = column.Values.Where(v => !string.IsNullOrWhiteSpace(v) && !column.Dictionaries.NullTokens.Contains(v.Trim())
                && !column.Dictionaries.Placeholders.Contains(v.Trim()))
            .GroupBy(v => column.Dictionaries.CanonicalUom(v!.Trim()) ?? v!.Trim())
            .ToDictionary(x => x.Key, x => (long)x.Count());
        if (groupBy is null) return new RuleOutcome(0, [], new UomDetails(codes, []));
        var byItem = new Dictionary<string, Dictionary<string, List<int>>>(StringComparer.Ordinal);
        long checkedRows = 0;
        for (int i = 0; i < column.Values.Count; i++)
        {
            var value = column.Values[i];
            var item = groupBy[i];
            // A placeholder or null-like item ("XXX", "N/A") groups unrelated items: it says nothing about one item's UoM.
            if (string.IsNullOrWhiteSpace(value) || string.IsNullOrWhiteSpace(item) || column.Dictionaries.Placeholders.Contains(item.Trim())
                || column.Dictionaries.NullTokens.Contains(item.Trim())) continue;
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
        return new RuleOutcome(checkedRows, hits, new UomDetails(codes, mixed, itemColumn));
    }

    /// <summary>
    /// The column whose values each keep one unit of measure in the reference (an item keeps its UoM): of the columns
    /// that group at least 70% of the rows in threes or more, the one whose groups agree most on their UoM, when at
    /// least 95% of rows carry their group's UoM and at most a quarter as many disagree as with no grouping at all.
    /// </summary>
    private const int ItemSearchRows = 20_000;

    private static string? ItemColumn(ColumnContext column, IReadOnlyList<string?> uoms, Func<string, IReadOnlyList<string?>?> columnOf)
    {
        // The first 20,000 rows tell which column keeps the UoM as well as 100,000 do, at a fifth of the cost.
        var canonical = uoms.Take(ItemSearchRows).Select(v => string.IsNullOrWhiteSpace(v) ? null : column.Dictionaries.CanonicalUom(v.Trim())).ToArray();
        int rows = canonical.Count(c => c is not null);
        if (rows < 20) return null;
        double baseline = (double)canonical.Where(c => c is not null).GroupBy(c => c).Max(g => g.Count()) / rows;
        (string? Name, double Purity, int Groups) best = (null, 0, int.MaxValue);
        foreach (var name in column.ColumnNames)
        {
            if (name == column.Column || columnOf(name) is not { } keys) continue;
            var groups = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
            for (int i = 0; i < canonical.Length && i < keys.Count; i++)
            {
                var key = keys[i]?.Trim();
                if (canonical[i] is not { } uom || string.IsNullOrEmpty(key)) continue;
                if (!groups.TryGetValue(key, out var counts)) groups[key] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
                counts[uom] = counts.GetValueOrDefault(uom) + 1;
            }
            var sizable = groups.Values.Where(g => g.Values.Sum() >= 3).ToList();
            int covered = sizable.Sum(g => g.Values.Sum());
            if (groups.Count < 2 || covered < 0.7 * rows) continue;
            double purity = (double)sizable.Sum(g => g.Values.Max()) / covered;
            if (purity > best.Purity || purity == best.Purity && groups.Count < best.Groups) best = (name, purity, groups.Count);
        }
        return best.Name is not null && best.Purity >= 0.95 && 1 - best.Purity <= 0.25 * (1 - baseline) ? best.Name : null;
    }

    public override void Report(RuleSections sections, string column, ColumnRole role, RuleOutcome? live, RuleOutcome? poc)
    {
        if (live?.Details is UomDetails uom)
            sections.AddUomCodes(column, role, uom.Codes.OrderByDescending(c => c.Value).Select(c => new UnitCount(c.Key, c.Value, "code")),
                uom.MixedItems.Select(m => new MixedUomReport(m.Item, m.Uoms)), uom.Item);
    }
}
