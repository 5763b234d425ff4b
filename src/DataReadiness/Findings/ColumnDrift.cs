namespace DataReadiness.Findings;

/// <summary>One column's drift between the POC and live samples.</summary>
public sealed record ColumnDrift(
    string Column,
    string PocColumn,
    string Type,
    string Test,
    double Statistic,
    double? PValue,
    double Threshold,
    string ThresholdFrom,
    bool Drifted,
    double? Psi,
    double UnseenShare,
    double NullRateLive,
    double NullRatePoc,
    double NullRateDelta,
    long LiveN,
    long PocN)
{
    /// <summary>How much the drift matters (<see cref="Comparison.DriftSeverity"/>): fail and warn enter the verdict; info is a drift alone.</summary>
    public Severity? Severity { get; init; }

    /// <summary>What changed, in words, where the severity is warn or fail.</summary>
    public string? Why { get; init; }
}
