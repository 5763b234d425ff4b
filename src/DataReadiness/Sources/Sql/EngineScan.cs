using DataReadiness.Values;

namespace DataReadiness.Sources.Sql;

/// <summary>Count, extremes, mean and sample variance of some numbers, as an engine aggregated them.</summary>
public sealed record Moments(long Count, double Min, double Max, double Mean, double Variance)
{
    public static readonly Moments None = new(0, 0, 0, 0, 0);
}

/// <summary>
/// What an engine computed for one column over every row; Profiling turns it into a column state. Top values carry
/// exact counts; <c>TopMaxError</c> is how many rows a value missing from them could have (0: the list is exact).
/// </summary>
public sealed record ColumnAggregates(
    string Name,
    long Rows,
    long Nulls,
    long Blanks,
    IReadOnlyList<(ValueKind Kind, long Count)> KindCounts,
    IReadOnlyList<(int Format, long Count)> DateFormatCounts,
    Moments Numbers,
    Moments Lengths,
    long Distinct,
    double DistinctRelativeStandardError,
    IReadOnlyList<(string Value, long Count)> Top,
    DateTime? MinDate,
    DateTime? MaxDate,
    long TopMaxError = 0);

/// <summary>One distinct row hash the engine found, how many rows have it and where the first of them are.</summary>
public sealed record RowHashCount(ulong Hash, long Count, IReadOnlyList<(string File, long Row)> Positions);

/// <summary>
/// What an engine delivers for a relation: per-column aggregates, the seeded sample's rows (smallest keys first, at
/// most the sample size), the smallest distinct row hashes with exact counts, and how the sample was drawn.
/// </summary>
public sealed record EngineScan(
    IReadOnlyList<string> Columns,
    IReadOnlyList<ColumnAggregates> Aggregates,
    long Rows,
    IReadOnlyList<SampledRow> Sample,
    IReadOnlyList<RowHashCount> RowHashes,
    string ContentFingerprint,
    IReadOnlyDictionary<string, long> RowsByFile,
    string SamplingMethod,
    IReadOnlyList<string> SkippedColumns,
    Findings.PushdownReport? Pushdown = null)
{
    /// <summary>Diagnostics for one file of the scan: the columns left out, said as the file pass says them.</summary>
    public ReadDiagnostics DiagnosticsWithSkippedColumns(ReadDiagnostics diagnostics)
    {
        diagnostics.HeaderProblems.AddRange(SkippedColumns);
        return diagnostics;
    }
}

/// <summary>One file an engine read for a source (a table or query is one entry), for the manifest and the report.</summary>
public sealed record EngineFile(string Path, string FullPath, string Format, string Sha256, long Bytes, long RowsRead, ReadDiagnostics Diagnostics);

/// <summary>A source profiled by an engine: its files, the engine's name and what it computed.</summary>
public sealed record EngineSource(string Pattern, string Engine, IReadOnlyList<EngineFile> Files, EngineScan Scan);
