using DataReadiness.Findings;

namespace DataReadiness.Rules.Kinds;

/// <summary>One unit found in a measure column: how many sampled rows, and how it was detected.</summary>
public sealed record DetectedUnit(string Unit, long Rows, string DetectedBy);

/// <summary>The units section of a measure column: the unit it should be in, and the units its values are in.</summary>
public sealed record UnitDetails(string? ExpectedUnit, string ExpectedFrom, IReadOnlyList<DetectedUnit> Detected)
{
    /// <summary>The column the measure was compared per unit of (declared or found), if any.</summary>
    public string? Per { get; init; }
    /// <summary>The column within whose groups the measure was compared (declared or found), if any.</summary>
    public string? GroupBy { get; init; }
    /// <summary>How per and group_by were found, with the spreads that chose them.</summary>
    public string? GroupingFoundBy { get; init; }
    /// <summary>The conversion that explains nearly every checked row, when the whole column is in another unit.</summary>
    public string? WholeColumn { get; init; }

    /// <summary>Adds a unit kind's details to the units section: the expected unit and the units found.</summary>
    internal static void Report(RuleSections sections, string column, ColumnRole role, RuleOutcome? live)
    {
        if (live?.Details is UnitDetails u)
            sections.AddUnitsFound(column, role, u.ExpectedUnit, u.ExpectedFrom, u.Detected.Select(d => new UnitCount(d.Unit, d.Rows, d.DetectedBy)),
                u.Per, u.GroupBy, u.GroupingFoundBy, u.WholeColumn);
    }
}
