namespace DataReadiness.Findings;

/// <summary>
/// One side's inputs, who scanned them (<c>engine</c>, and why: <c>engine_reason</c>), how its sample was drawn
/// (<c>sampling</c>), and the profile of its columns. <c>sha256</c> is the file's; for a glob of several files,
/// the SHA-256 of their sorted "sha256  path" lines (as sha256sum prints them).
/// </summary>
public sealed record SourceReport(
    string Side,
    string Path,
    string Format,
    string Sha256,
    long Bytes,
    long RowsRead,
    long RowsMalformed,
    long RowsSkipped,
    long RowsSampled,
    string Engine,
    string EngineReason,
    string Sampling,
    IReadOnlyList<FileReport> Files,
    IReadOnlyList<ColumnProfile> Columns);

/// <summary>One file of a source, with what its reader found about its framing.</summary>
public sealed record FileReport(
    string Path,
    string Format,
    string Sha256,
    long Bytes,
    long RowsRead,
    long RowsMalformed,
    long RowsSkipped,
    string? Separator,
    bool SeparatorDetected,
    string? Encoding,
    IReadOnlyList<string> HeaderProblems,
    IReadOnlyList<string> MissingColumns,
    IReadOnlyDictionary<string, long> MalformedByReason,
    IReadOnlyList<MalformedRow> MalformedExamples);

/// <summary>One row that did not follow the file's framing (bad quoting, wrong field count).</summary>
public sealed record MalformedRow(long Row, long Line, string Reason, bool Skipped, string Excerpt, string? Detail = null);
