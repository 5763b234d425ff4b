using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Rules;

/// <summary>Everything a rule may look at for one column of one side: its sample values and the POC's.</summary>
public sealed class ColumnContext
{
    public required string Side { get; init; }
    public required string Column { get; init; }
    public required ColumnRole Role { get; init; }
    /// <summary>What the column's values on both sides show (roles with reasons, value facts).</summary>
    public ColumnEvidence? Evidence { get; init; }
    /// <summary>What the job file says about the column, if anything.</summary>
    public ColumnSpec? Spec { get; init; }
    /// <summary>This column's values in the side's sample (null: a native null or missing field).</summary>
    public required IReadOnlyList<string?> Values { get; init; }
    /// <summary>The POC sample's values of the same column, or null when there is no POC or it lacks the column.</summary>
    public IReadOnlyList<string?>? Reference { get; init; }
    /// <summary>Another column of the same sample, by its live name (null when absent), for rules that group or divide.</summary>
    public required Func<string, IReadOnlyList<string?>?> OtherColumn { get; init; }
    /// <summary>Another column of the POC sample, by its live name (null when there is no POC or it lacks the column).</summary>
    public Func<string, IReadOnlyList<string?>?> ReferenceColumn { get; init; } = _ => null;
    /// <summary>The live columns' names, for kinds that look for a column to group or divide by.</summary>
    public IReadOnlyList<string> ColumnNames { get; init; } = [];
    public required ColumnProfile Profile { get; init; }
    public required RuleDictionaries Dictionaries { get; init; }
}
