namespace DataReadiness.Findings;

/// <summary>
/// One rule on one column: rows checked and affected in the live sample, the rate with its Wilson interval, the
/// same rule's rate on the POC sample, and examples. <c>error</c> is set when the rule failed on this column.
/// Hits whose form (a null token, a unit, a spelling) the POC has at the same rate are not defects of live against
/// the POC: they are counted apart (<c>rows_as_in_poc</c>, <c>poc_rows_as_in_poc</c>) and listed in <c>as_in_poc</c>.
/// <c>description</c> is the rule's, from the catalog, in words a reader of the report knows.
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
    string? Error,
    long RowsAsInPoc = 0,
    long? PocRowsAsInPoc = null,
    IReadOnlyList<FormCount>? AsInPoc = null,
    string? Note = null,
    string Description = "");

/// <summary>A form of hit (a token, a unit, a spelling) the POC has at least half as often as live: sampled rows on each side.</summary>
public sealed record FormCount(string Form, long Live, long Poc);

/// <summary>A value that a rule flagged, how many sampled rows have it, and the suggested fix.</summary>
public sealed record FindingExample(string Value, long Count, string? Suggestion);
