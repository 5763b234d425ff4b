namespace DataReadiness.Findings;

/// <summary>The schema diff: POC columns missing in live, live columns new to the POC, and renames.</summary>
public sealed record SchemaDiff(IReadOnlyList<string> MissingInLive, IReadOnlyList<string> NewInLive, IReadOnlyList<RenamedColumn> Renamed);

/// <summary>A POC column found in live under another name, with how sure the match is.</summary>
public sealed record RenamedColumn(string Poc, string Live, double Confidence, double NameSimilarity, double ContentSimilarity);
