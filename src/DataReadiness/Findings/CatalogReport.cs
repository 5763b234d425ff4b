namespace DataReadiness.Findings;

/// <summary>The catalog a run used: its files with hashes and the roles it gave each column.</summary>
public sealed record CatalogReport(string Sha256, IReadOnlyList<string> Files, int Rules, IReadOnlyDictionary<string, ColumnRole> Roles);
