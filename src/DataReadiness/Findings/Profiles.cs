using DataReadiness.Sources;

namespace DataReadiness.Findings;

/// <summary>The findings.json document: everything a run found, as data. Field names are the contract.</summary>
public sealed record FindingsDocument(
    int SchemaVersion,
    ToolInfo Tool,
    string Job,
    string RunId,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string Verdict,
    Estimation.VerdictReport Gate,
    Estimation.AccuracyEstimate? Estimate,
    SampleInfo Sample,
    SourcesReport Sources,
    Comparison.SchemaDiff? Schema,
    IReadOnlyList<Comparison.ColumnDrift> Drift,
    ComparisonSummary? Comparison,
    CatalogReport Rules,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<VendorClusterReport> VendorClusters,
    IReadOnlyList<UnitReport> Units,
    IReadOnlyList<ShorthandReport> Shorthand)
{
    /// <summary>Bumped when a field changes meaning or disappears; additions keep it.</summary>
    public const int CurrentSchemaVersion = 1;
}

/// <summary>The tool that wrote a document.</summary>
public sealed record ToolInfo(string Name, string Version);

/// <summary>The sample size asked for and the seed that chose the rows.</summary>
public sealed record SampleInfo(int Rows, long Seed, string Method);

/// <summary>Both sides of the comparison; <c>poc</c> is null when the job has none.</summary>
public sealed record SourcesReport(SourceReport Live, SourceReport? Poc);

/// <summary>
/// One side's inputs and the profile of its columns. <c>sha256</c> is the file's; for a glob of several files,
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

/// <summary>One column's profile over every row read (exact counts) with sketch-based distinct and top values.</summary>
public sealed record ColumnProfile(
    string Name,
    string InferredType,
    long Rows,
    long Nulls,
    long Blanks,
    long Present,
    double Completeness,
    IReadOnlyDictionary<string, long> TypeCounts,
    long Conforming,
    long Nonconforming,
    double Conformance,
    DistinctCount Distinct,
    IReadOnlyList<TopValue> TopValues,
    bool TopValuesExact,
    NumericSummary? Numeric,
    DateSummary? Dates,
    LengthSummary? Length,
    long InvalidUtf8,
    long NulValues);

/// <summary>A distinct count: exact for few values, else a HyperLogLog estimate with its relative standard error.</summary>
public sealed record DistinctCount(long Estimate, bool Exact, double RelativeStandardError);

/// <summary>A frequent value; <c>count</c> is exact when <c>top_values_exact</c>, else a lower bound and <c>max_count</c> the upper.</summary>
public sealed record TopValue(string Value, long Count, long MaxCount, double Share);

/// <summary>Summary of the values that parse as numbers (invariant culture).</summary>
public sealed record NumericSummary(long Count, double Min, double Max, double Mean, double StdDev);

/// <summary>Summary of the values that parse as dates, with how often each layout occurs.</summary>
public sealed record DateSummary(long Count, DateTime Min, DateTime Max, IReadOnlyDictionary<string, long> Formats);

/// <summary>Lengths of present values, in characters.</summary>
public sealed record LengthSummary(double Min, double Max, double Mean);

/// <summary>How different live is overall, and how each rule's hit rate moved from the POC to live.</summary>
public sealed record ComparisonSummary(Comparison.OverallDifference Overall, IReadOnlyList<Comparison.RateDelta> RuleRateDeltas);
