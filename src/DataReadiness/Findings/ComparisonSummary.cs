namespace DataReadiness.Findings;

/// <summary>How different live is overall, and how each rule's hit rate moved from the POC to live.</summary>
public sealed record ComparisonSummary(OverallDifference Overall, IReadOnlyList<RateDelta> RuleRateDeltas);

/// <summary>How different live is from the POC, in one place.</summary>
public sealed record OverallDifference(int ColumnsCompared, int ColumnsDrifted, double ShareDrifted, double MeanPsi, double MeanUnseenShare, double Score, string Summary);

/// <summary>A rule's hit rate on live versus the POC.</summary>
public sealed record RateDelta(string Rule, string Column, double LiveRate, double PocRate, double Delta);
