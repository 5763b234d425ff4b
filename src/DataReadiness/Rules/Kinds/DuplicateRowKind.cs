using DataReadiness.Findings;
using DataReadiness.Rules.Catalog;
using DataReadiness.Statistics;

namespace DataReadiness.Rules.Kinds;

/// <summary>
/// Exact duplicate rows (re-sent records) over every row read, from each side's row-hash sketch: the rate is the
/// share of rows that repeat an earlier one, and every repeat is flagged as a duplicate of the first row.
/// </summary>
public sealed class DuplicateRowKind : TableRuleKind<NoParameters>
{
    public override string Name => "duplicate_row";
    public override string Family => RuleFamilies.Hygiene;
    public override string Description => "exact duplicate rows (re-sent records)";
    // A re-sent row is as right or wrong as its first copy: duplicates change counts, not one row's accuracy.
    public override SignatureEffect Signature => SignatureEffect.None;

    protected override NoParameters Read(ParameterReader reader) => NoParameters.Instance;

    public override TableOutcome Evaluate(RuleDefinition rule, RuleSide live, RuleSide? poc)
    {
        var (checkedRows, duplicated) = live.Duplicates.Totals();
        var (low, high) = Wilson.Interval(duplicated, checkedRows);
        var groups = live.Duplicates.Duplicates();
        var exceptions = new List<ExceptionRow>();
        foreach (var side in new[] { live, poc })
        {
            if (side is null) continue;
            foreach (var g in side.Duplicates.Duplicates().Where(g => g.Rows.Count > 0))
                foreach (var (file, row) in g.Rows.Skip(1))
                    exceptions.Add(new ExceptionRow(file, row, "*", rule.Id, Name, $"duplicate of row {g.Rows[0].Row}", ""));
        }
        var examples = groups.Take(RuleEngine.ExamplesPerFinding)
            .Select(g => new FindingExample(g.Rows.Count == 0 ? $"{g.Count} identical rows (the database gives no row positions)"
                : $"rows {string.Join(", ", g.Rows.Select(r => r.Row))}", g.Count, null)).ToList();
        long? pocChecked = null, pocDuplicated = null;
        if (poc is not null) (pocChecked, pocDuplicated) = poc.Duplicates.Totals();
        var finding = new Finding(rule.Id, Name, Family, "*", ColumnRole.Table, rule.Severity, rule.Impact,
            checkedRows, duplicated, checkedRows == 0 ? 0 : (double)duplicated / checkedRows, new Interval(low, high), "row-hash sketch over every row",
            pocChecked, pocDuplicated, pocChecked is > 0 ? (double)pocDuplicated!.Value / pocChecked.Value : null, examples, null, Description: rule.Description);
        return new TableOutcome(finding, exceptions);
    }
}
