namespace DataReadiness.Findings;

/// <summary>
/// One side's inputs, who scanned them (<c>engine</c>, and why: <c>engine_reason</c>), how its sample was drawn
/// (<c>sampling</c>), the profile of its columns, and for a database source what the pushdown moved
/// (<c>pushdown</c>). <c>sha256</c> is the file's; for a glob of several files, the SHA-256 of their sorted
/// "sha256  path" lines (as sha256sum prints them).
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
    IReadOnlyList<ColumnProfile> Columns,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    PushdownReport? Pushdown = null);

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

/// <summary>
/// What a database pushdown moved and when: the rows and bytes the job received (the aggregates, sketches and sample,
/// never the table), and for a table spread over partitions on other servers, when each partition's queries ran.
/// <c>snapshot</c> says whether every query saw one snapshot: on one server they do; across partitions on foreign
/// servers there is no common snapshot, and the per-partition times say how far apart their reads were.
/// </summary>
public sealed record PushdownReport(
    string Snapshot,
    long RowsReceived,
    long BytesReceived,
    int Queries,
    IReadOnlyList<PushdownPartition> Partitions);

/// <summary>One partition of a partitioned table: where it lives, its rows, and the span its queries ran in (UTC).</summary>
public sealed record PushdownPartition(
    string Partition,
    string? Server,
    long Rows,
    DateTimeOffset QueriesStarted,
    DateTimeOffset QueriesEnded,
    long RowsReceived,
    int Queries);
