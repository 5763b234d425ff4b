using DataReadiness.Findings;

namespace DataReadiness.Jobs;

/// <summary>A job file, parsed and validated: what to read, how to sample it and what the gate is.</summary>
public sealed record JobSpec(
    string Name,
    string JobFilePath,
    SourceSpec Live,
    PocSpec? Poc,
    SampleSpec Sample,
    IReadOnlyDictionary<string, ColumnSpec> Columns,
    IReadOnlyList<string> Rules,
    GateSpec? Gate)
{
    /// <summary>Relative paths in the job file are relative to the folder that holds it.</summary>
    public string BaseDirectory => Path.GetDirectoryName(Path.GetFullPath(JobFilePath))!;

    /// <summary>The live column holding the model's score per row (<c>live.score</c>), for the confidence-based estimate.</summary>
    public string? LiveScore { get; init; }

    /// <summary>The columns that are the model's, not data: the POC's outcome, label, prediction and score, and live's score.</summary>
    public IReadOnlyList<string> ModelColumns =>
        new[] { Poc?.Outcome, Poc?.Label, Poc?.Prediction, Poc?.Score, LiveScore }.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>The curated POC set: its source, and the model's per-row outcome column or headline accuracy.</summary>
public sealed record PocSpec(SourceSpec Source, string? Outcome, double? Accuracy)
{
    /// <summary>The POC's true class per row; with <see cref="Prediction"/>, the outcome is their agreement and recall is reported per class.</summary>
    public string? Label { get; init; }

    /// <summary>The model's predicted class per POC row.</summary>
    public string? Prediction { get; init; }

    /// <summary>The POC column holding the model's score per row (<c>poc.score</c>): checked against the outcomes for calibration.</summary>
    public string? Score { get; init; }

    /// <summary>What both sides' scores mean (<c>poc.score_is</c>): the predicted class's probability (default) or a binary model's P(positive).</summary>
    public ScoreMeaning ScoreIs { get; init; } = ScoreMeaning.Confidence;
}

/// <summary>How many rows the seeded sample keeps per source, and the seed.</summary>
public sealed record SampleSpec(int Rows, long Seed)
{
    public const int DefaultRows = 100_000;
    public const long DefaultSeed = 42;
    /// <summary>
    /// The most rows sampled per side: memory grows with the sample (measured on the 1M-row demo, published tool: 100k
    /// rows 0.42 GB peak, 1M rows 1.70 GB; 5M took 10.8 GB), so beyond this a job file or --sample-rows is an error.
    /// </summary>
    public const int MaxRows = 1_000_000;
}

/// <summary>What the job file says about one column (roles are inferred when absent).</summary>
public sealed record ColumnSpec(ColumnRole? Role, string? Unit, string? Per, string? GroupBy)
{
    /// <summary>Where the column's entry is in the job file (line and column, 1-based), for messages about it.</summary>
    public (int Line, int Column) At { get; init; } = (1, 1);
}

/// <summary>Gate thresholds that decide the verdict.</summary>
public sealed record GateSpec(double? MinExpectedAccuracy, double? MaxDropPoints)
{
    /// <summary>The highest AUC at which a classifier may tell live rows from POC rows (0.5: alike, 1: told apart).</summary>
    public double? MaxShiftAuc { get; init; }

    /// <summary>The largest share of live rows outside what the POC covers (default 0.5) before the verdict is not_ready.</summary>
    public double? MaxUnsupportedShare { get; init; }

    /// <summary>An objective across nightly runs: the mean expected accuracy of the last runs (tonight's among them).</summary>
    public AccuracyObjective? MinExpectedAccuracyOverLast { get; init; }

    /// <summary>The most tonight's expected accuracy may fall below the previous run's, in points.</summary>
    public double? MaxDropVsPreviousPoints { get; init; }

    /// <summary>The largest share of a side's data rows with a framing problem (skipped or recovered) before the verdict is not_ready (default 0.01).</summary>
    public double? MaxMalformedShare { get; init; }
}

/// <summary><c>min_expected_accuracy_over_last: { runs: 7, min: 0.85 }</c>: the mean over the last <c>runs</c> runs with an estimate.</summary>
public sealed record AccuracyObjective(int Runs, double Min);
