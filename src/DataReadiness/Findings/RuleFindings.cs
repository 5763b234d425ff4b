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
    string Role,
    string Severity,
    double Impact,
    long RowsChecked,
    long RowsAffected,
    double Rate,
    double[] RateInterval,
    string Basis,
    long? PocRowsChecked,
    long? PocRowsAffected,
    double? PocRate,
    IReadOnlyList<FindingExample> Examples,
    string? Error);

/// <summary>A value that a rule flagged, how many sampled rows have it, and the suggested fix.</summary>
public sealed record FindingExample(string Value, long Count, string? Suggestion);

/// <summary>A vendor cluster as findings.json reports it.</summary>
public sealed record VendorClusterReport(string Column, string Canonical, IReadOnlyList<VendorVariantReport> Variants, bool InPoc, long Rows);

/// <summary>One spelling of a vendor: its count in the live sample, and whether the POC has it.</summary>
public sealed record VendorVariantReport(string Value, long Count, bool InPoc);

/// <summary>Per measure or UoM column: the expected unit and the units found, with row counts and how each was detected.</summary>
public sealed record UnitReport(string Column, string Role, string? ExpectedUnit, string ExpectedFrom,
    IReadOnlyList<UnitCount> Detected, IReadOnlyList<MixedUomReport> MixedUom);

/// <summary>A unit found in a column.</summary>
public sealed record UnitCount(string Unit, long Rows, string DetectedBy);

/// <summary>An item recorded in several units of measure.</summary>
public sealed record MixedUomReport(string Item, IReadOnlyDictionary<string, long> Uoms);

/// <summary>Per free-text column: the share of rows with shorthand and the tokens found, with expansions (null when unknown).</summary>
public sealed record ShorthandReport(string Column, long RowsChecked, long RowsWithShorthand, double Share, double? PocShare,
    IReadOnlyList<ShorthandTokenReport> Tokens);

/// <summary>A shorthand token and its expansion.</summary>
public sealed record ShorthandTokenReport(string Token, long Count, string? Expansion, bool InGlossary);

/// <summary>The catalog a run used: its files with hashes and the roles it gave each column.</summary>
public sealed record CatalogReport(string Sha256, IReadOnlyList<string> Files, int Rules, IReadOnlyDictionary<string, string> Roles);

/// <summary>One flagged cell, for exceptions.csv.</summary>
public sealed record ExceptionRow(string Source, long Row, string Column, string Rule, string Kind, string Value, string? Suggestion);
