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
    long PocN);
