using DataReadiness.Findings;
using DataReadiness.Profiling;
using DataReadiness.Sampling;

namespace DataReadiness.Rules;

/// <summary>Everything the rules found on both sides, shaped for findings.json and exceptions.csv.</summary>
public sealed record RuleResults(
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<VendorClusterReport> VendorClusters,
    IReadOnlyList<UnitReport> Units,
    IReadOnlyList<ShorthandReport> Shorthand,
    IReadOnlyList<ExceptionRow> Exceptions,
    CatalogReport Catalog)
{
    /// <summary>Time spent per kind (and on the column evidence), summed over evaluations; not part of the findings' content.</summary>
    public IReadOnlyList<PhaseTiming> Timings { get; init; } = [];
}

/// <summary>One side as the rules see it: its sample, full-pass profiles and duplicate sketch.</summary>
public sealed record RuleSide(string Name, SampleFrame Sample, IReadOnlyList<ColumnProfile> Profiles, DuplicateRowSketch Duplicates);
