using DataReadiness.Findings;

namespace DataReadiness.Reporting;

/// <summary>manifest.json: the evidence-pack index, with every input and output and its SHA-256.</summary>
public sealed record Manifest(
    int SchemaVersion,
    string Tool,
    string ToolVersion,
    string RunId,
    string Job,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyList<string> CommandLine,
    long Seed,
    int SampleRows,
    string Runtime,
    IReadOnlyDictionary<string, string> Libraries,
    string RuleCatalogSha256,
    IReadOnlyList<ManifestFile> Inputs,
    IReadOnlyList<ManifestFile> Outputs);

/// <summary>One file of the evidence: its role, where it is, its size and SHA-256.</summary>
public sealed record ManifestFile(string Role, string Path, long Bytes, string Sha256);

/// <summary>One line of history.jsonl, for trends across nightly runs.</summary>
public sealed record HistoryEntry(
    string RunId,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string LiveSha256,
    long LiveRowsRead,
    long LiveRowsMalformed,
    string? PocSha256,
    long? PocRowsRead,
    string Path,
    Verdict? Verdict = null,
    double? ExpectedLiveAccuracy = null,
    double? DropPoints = null,
    IReadOnlyDictionary<string, double>? TopRuleRates = null,
    string? ManifestSha256 = null);
