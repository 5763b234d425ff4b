namespace DataReadiness.Findings;

/// <summary>
/// The catalog a run used: its files with hashes, the role each column got (its most specific one), and per column
/// what its values showed, which rules ran on it and which did not, and why.
/// </summary>
public sealed record CatalogReport(string Sha256, IReadOnlyList<string> Files, int Rules, IReadOnlyDictionary<string, ColumnRole> Roles,
    IReadOnlyList<ColumnChecks> Columns);

/// <summary>One live column: the roles its evidence supports, with the reasons, and every column rule's decision.</summary>
public sealed record ColumnChecks(string Column, IReadOnlyList<ColumnRole> Roles, IReadOnlyList<string> Evidence, IReadOnlyList<RuleCheck> Checks);

/// <summary>Whether a rule ran on a column, and why (ran: what made it apply; skipped: what it lacked).</summary>
public sealed record RuleCheck(string Rule, string Kind, bool Ran, string Reason);
