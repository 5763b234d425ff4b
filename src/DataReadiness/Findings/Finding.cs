namespace DataReadiness.Findings;

/// <summary>
/// One rule on one column: rows checked and affected in the live sample, the rate with its Wilson interval, the
/// same rule's rate on the POC sample, and examples. <c>error</c> is set when the rule failed on this column.
/// </summary>
public sealed record Finding(
    string Rule,
    string Kind,
    string Family,
    string Column,
    ColumnRole Role,
    Severity Severity,
    double Impact,
    long RowsChecked,
    long RowsAffected,
    double Rate,
    Interval RateInterval,
    string Basis,
    long? PocRowsChecked,
    long? PocRowsAffected,
    double? PocRate,
    IReadOnlyList<FindingExample> Examples,
    string? Error);

/// <summary>A value that a rule flagged, how many sampled rows have it, and the suggested fix.</summary>
public sealed record FindingExample(string Value, long Count, string? Suggestion);
