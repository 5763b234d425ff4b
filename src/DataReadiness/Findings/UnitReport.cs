namespace DataReadiness.Findings;

/// <summary>Per measure or UoM column: the expected unit and the units found, with row counts and how each was detected.</summary>
public sealed record UnitReport(string Column, ColumnRole Role, string? ExpectedUnit, string ExpectedFrom,
    IReadOnlyList<UnitCount> Detected, IReadOnlyList<MixedUomReport> MixedUom);

/// <summary>A unit found in a column.</summary>
public sealed record UnitCount(string Unit, long Rows, string DetectedBy);

/// <summary>An item recorded in several units of measure.</summary>
public sealed record MixedUomReport(string Item, IReadOnlyDictionary<string, long> Uoms);
