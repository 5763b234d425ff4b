using DataReadiness.Findings;

namespace DataReadiness.Rules.Kinds;

/// <summary>One unit found in a measure column: how many sampled rows, and how it was detected.</summary>
public sealed record DetectedUnit(string Unit, long Rows, string DetectedBy);

/// <summary>The units section of a measure column: the unit it should be in, and the units its values are in.</summary>
public sealed record UnitDetails(string? ExpectedUnit, string ExpectedFrom, IReadOnlyList<DetectedUnit> Detected)
{

    /// <summary>Adds a unit kind's details to the units section: the expected unit and the units found.</summary>
    internal static void Report(RuleSections sections, string column, ColumnRole role, RuleOutcome? live)
    {
        if (live?.Details is UnitDetails u)
            sections.AddUnitsFound(column, role, u.ExpectedUnit, u.ExpectedFrom, u.Detected.Select(d => new UnitCount(d.Unit, d.Rows, d.DetectedBy)));
    }
}
