namespace DataReadiness.Findings;

/// <summary>Per measure or UoM column: the expected unit and the units found, with row counts and how each was detected.</summary>
public sealed record UnitReport(string Column, ColumnRole Role, string? ExpectedUnit, string ExpectedFrom,
    IReadOnlyList<UnitCount> Detected, IReadOnlyList<MixedUomReport> MixedUom)
{
    /// <summary>The column the measure is compared per unit of (declared in the job file, or found from the POC).</summary>
    public string? Per { get; init; }
    /// <summary>The column within whose groups the measure is compared.</summary>
    public string? GroupBy { get; init; }
    /// <summary>How per and group_by were found, with the spreads that chose them.</summary>
    public string? GroupingFoundBy { get; init; }
    /// <summary>The unit pair, when the whole column is in another unit than the POC's.</summary>
    public string? WholeColumn { get; init; }
}

/// <summary>A unit found in a column.</summary>
public sealed record UnitCount(string Unit, long Rows, string DetectedBy);

/// <summary>An item recorded in several units of measure.</summary>
public sealed record MixedUomReport(string Item, IReadOnlyDictionary<string, long> Uoms);
