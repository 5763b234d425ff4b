using DataReadiness.Findings;

namespace DataReadiness.Reporting;

/// <summary>One rule across the columns it found something in, for the report's top issues.</summary>
public sealed record TopIssue(
    string Rule,
    string Description,
    Severity Severity,
    double Points,
    long Cells,
    IReadOnlyList<Finding> Columns,
    IReadOnlyList<(string Column, string Value, string? Suggestion, long Count)> Examples,
    IReadOnlyList<string> SameCellsAs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<string> Errors);

/// <summary>
/// The report's top issues: one line per rule, ranked by the accuracy points its kind costs (then severity, then
/// rows), each flagged cell counted on the first line that flags it; a rule whose every cell a line above already
/// flags is folded into that line ("the same cells as").
/// </summary>
public static class TopIssues
{
    public static List<TopIssue> Rank(FindingsDocument findings, IEnumerable<ExceptionRow> exceptions)
    {
        var points = findings.Estimate?.Impacts.GroupBy(i => i.Kind, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(i => i.Points), StringComparer.Ordinal) ?? new Dictionary<string, double>();
        var cellsByRule = new Dictionary<string, HashSet<(string File, long Row, string Column)>>(StringComparer.Ordinal);
        var liveFiles = findings.Sources.Live.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var e in exceptions)
        {
            if (!liveFiles.Contains(e.Source)) continue;
            if (!cellsByRule.TryGetValue(e.Rule, out var cells)) cellsByRule[e.Rule] = cells = new();
            cells.Add((e.Source, e.Row, e.Column));
        }
        double PointsOf(Finding f) => points.TryGetValue(f.Rule, out var byRule) ? byRule : points.GetValueOrDefault(f.Kind);

        var rules = findings.Findings.Where(f => f.RowsAffected > 0 || f.Error is not null)
            .GroupBy(f => f.Rule, StringComparer.Ordinal)
            .Select(g => (Rule: g.Key, Findings: g.OrderByDescending(f => f.RowsAffected).ThenBy(f => f.Column, StringComparer.Ordinal).ToList()))
            .Select(r => (r.Rule, r.Findings, Points: PointsOf(r.Findings[0]), Severity: r.Findings.Max(f => f.Severity), Rows: r.Findings.Sum(f => f.RowsAffected)))
            .OrderByDescending(r => Math.Round(r.Points, 2)).ThenByDescending(r => r.Severity).ThenByDescending(r => r.Rows).ThenBy(r => r.Rule, StringComparer.Ordinal)
            .ToList();

        var claimedBy = new Dictionary<(string, long, string), int>();
        var issues = new List<TopIssue>();
        var folded = new List<List<string>>();
        foreach (var (rule, list, rulePoints, severity, rows) in rules)
        {
            long cells = rows;
            if (cellsByRule.TryGetValue(rule, out var ruleCells) && ruleCells.Count > 0)
            {
                var owners = ruleCells.Where(claimedBy.ContainsKey).Select(c => claimedBy[c]).ToList();
                if (owners.Count == ruleCells.Count)
                {
                    // Every cell is on a line above: said there, not counted again.
                    folded[owners.GroupBy(o => o).OrderByDescending(g => g.Count()).First().Key].Add(rule);
                    continue;
                }
                foreach (var cell in ruleCells) claimedBy.TryAdd(cell, issues.Count);
                cells = ruleCells.Count - owners.Count;
            }
            var examples = list.SelectMany(f => f.Examples.Select(e => (f.Column, e.Value, e.Suggestion, e.Count)))
                .OrderByDescending(e => e.Count).ThenBy(e => e.Column, StringComparer.Ordinal).Take(2).ToList();
            folded.Add([]);
            issues.Add(new TopIssue(rule, list[0].Description, severity, rulePoints, cells, list, examples, folded[^1],
                list.Select(f => f.Note).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
                list.Where(f => f.Error is not null).Select(f => $"{f.Column}: {f.Error}").ToList()));
        }
        return issues;
    }
}
