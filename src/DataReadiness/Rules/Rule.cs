using System.Runtime.InteropServices;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Rules;

/// <summary>One flagged cell: its index in the sample, its value and what it should probably be.</summary>
public sealed record CellHit(int Index, string Value, string? Suggestion);

/// <summary>What a rule found on one column of one side's sample; <c>Details</c> feed the report's sections.</summary>
public sealed record RuleOutcome(long RowsChecked, IReadOnlyList<CellHit> Hits, object? Details = null);

/// <summary>Everything a rule may look at for one column of one side: its sample values and the POC's.</summary>
public sealed class ColumnContext
{
    public required string Side { get; init; }
    public required string Column { get; init; }
    public required string Role { get; init; }
    public ColumnSpec? Spec { get; init; }
    /// <summary>This column's values in the side's sample (null: a native null or missing field).</summary>
    public required IReadOnlyList<string?> Values { get; init; }
    /// <summary>The POC sample's values of the same column, or null when there is no POC or it lacks the column.</summary>
    public IReadOnlyList<string?>? Reference { get; init; }
    /// <summary>Another column of the same sample, by name (null when absent), for rules that group or divide.</summary>
    public required Func<string, IReadOnlyList<string?>?> OtherColumn { get; init; }
    /// <summary>Another column of the POC sample, by name (null when there is no POC or it lacks the column).</summary>
    public Func<string, IReadOnlyList<string?>?> ReferenceColumn { get; init; } = _ => null;
    public required ColumnProfile Profile { get; init; }
    public required RuleDictionaries Dictionaries { get; init; }
}

/// <summary>A rule kind: runs on one column of one side and returns its hits. Rules are pure functions of their input.</summary>
public interface IRule
{
    RuleOutcome Evaluate(ColumnContext column);
}

/// <summary>Tests one value; true when it is a hit, with an optional suggestion.</summary>
public delegate bool CellTest(string value, out string? suggestion);

/// <summary>
/// A rule that only supplies the per-value test (Great Expectations' column map expectations); the framework
/// counts the checked rows and collects the hits. <see cref="Prepare"/> may look at the whole column first.
/// </summary>
public abstract class RowRule : IRule
{
    protected RowRule(RuleDefinition definition) => Definition = definition;

    public RuleDefinition Definition { get; }

    /// <summary>Which values count as checked: by default the present (non-blank) ones.</summary>
    protected virtual bool Checks(string? value) => !string.IsNullOrWhiteSpace(value);

    protected abstract CellTest Prepare(ColumnContext column);

    /// <summary>Values tested before the rule decides whether remembering their results pays (see <see cref="Evaluate"/>).</summary>
    internal const int MemoProbe = 4096;

    public RuleOutcome Evaluate(ColumnContext column)
    {
        var test = Prepare(column);
        var hits = new List<CellHit>();
        long checkedRows = 0;
        // Most columns repeat their values (codes, units, dates, categories): a value's result is remembered, so each
        // distinct value is tested once. Tests are pure functions of the value. A column of mostly distinct values
        // (keys, free text) stops remembering after the probe.
        var memo = new Dictionary<string, (bool Hit, string? Suggestion)>(StringComparer.Ordinal);
        bool remembering = true;
        for (int i = 0; i < column.Values.Count; i++)
        {
            var value = column.Values[i];
            if (!Checks(value)) continue;
            checkedRows++;
            var text = value ?? "";
            bool hit;
            string? suggestion;
            if (remembering)
            {
                ref var known = ref CollectionsMarshal.GetValueRefOrAddDefault(memo, text, out bool seen);
                if (seen) (hit, suggestion) = known;
                else known = (hit = test(text, out suggestion), suggestion);
                if (checkedRows == MemoProbe && memo.Count > MemoProbe / 2) remembering = false;
            }
            else hit = test(text, out suggestion);
            if (hit) hits.Add(new CellHit(i, text, suggestion));
        }
        return new RuleOutcome(checkedRows, hits);
    }
}
