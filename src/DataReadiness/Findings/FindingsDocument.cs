namespace DataReadiness.Findings;

/// <summary>The findings.json document: everything a run found, as data. Field names are the contract.</summary>
public sealed record FindingsDocument(
    int SchemaVersion,
    ToolInfo Tool,
    string Job,
    string RunId,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    Verdict Verdict,
    VerdictReport Gate,
    AccuracyEstimate? Estimate,
    SampleInfo Sample,
    SourcesReport Sources,
    SchemaDiff? Schema,
    IReadOnlyList<ColumnDrift> Drift,
    ComparisonSummary? Comparison,
    CatalogReport Rules,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<VendorClusterReport> VendorClusters,
    IReadOnlyList<UnitReport> Units,
    IReadOnlyList<ShorthandReport> Shorthand)
{
    /// <summary>Bumped when a field changes meaning or disappears; additions keep it.</summary>
    public const int CurrentSchemaVersion = 3;

    /// <summary>How well a classifier tells live rows from POC rows (null without a POC or with too few rows).</summary>
    public ShiftReport? Shift { get; init; }

    /// <summary>Where the run's time went, phase by phase; the one part of the document that differs between reruns.</summary>
    public RunTimings? Timings { get; init; }
}

/// <summary>The tool that wrote a document.</summary>
public sealed record ToolInfo(string Name, string Version);

/// <summary>The sample size asked for and the seed that chose the rows.</summary>
public sealed record SampleInfo(int Rows, long Seed, string Method);

/// <summary>Both sides of the comparison; <c>poc</c> is null when the job has none.</summary>
public sealed record SourcesReport(SourceReport Live, SourceReport? Poc);
