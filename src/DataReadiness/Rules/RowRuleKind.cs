using System.Runtime.InteropServices;

namespace DataReadiness.Rules;

/// <summary>Tests one value; true when it is a hit, with an optional suggestion.</summary>
public delegate bool CellTest(string value, out string? suggestion);

/// <summary>
/// A kind that only supplies the per-value test (Great Expectations' column map expectations); the framework
/// counts the checked rows and collects the hits. <see cref="Prepare"/> may look at the whole column first.
/// </summary>
public abstract class RowRuleKind<TParameters> : ColumnRuleKind<TParameters> where TParameters : class
{
    /// <summary>Values tested before the rule decides whether remembering their results pays (see <see cref="Evaluate(ColumnContext, TParameters)"/>).</summary>
    internal const int MemoProbe = 4096;

    /// <summary>Which values count as checked: by default the present (non-blank) ones.</summary>
    protected virtual bool Checks(string? value) => !string.IsNullOrWhiteSpace(value);

    protected abstract CellTest Prepare(ColumnContext column, TParameters parameters);

    public sealed override RuleOutcome Evaluate(ColumnContext column, TParameters parameters)
    {
        var test = Prepare(column, parameters);
        var hits = new List<CellHit>();
        long checkedRows = 0;
        // Most columns repeat their values (codes, units, dates, categories): a value's result is remembered, so each
        // distinct value is tested once. Tests are pure functions of the value. A column of mostly distinct values
        // (keys, free text) stops remembering after the probe.
        var memo = new Dictionary<string, (bool Hit, string? Suggestion)>(StringComparer.Ordinal);
        bool remembering = true;
        var values = column.Values;
        for (int i = 0; i < values.Count; i++)
        {
            var value = values[i];
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
