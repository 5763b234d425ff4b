namespace DataReadiness.Rules;

/// <summary>Tests one value; true when it is a hit, with an optional suggestion.</summary>
public delegate bool CellTest(string value, out string? suggestion);

/// <summary>
/// A kind that only supplies the per-value test (Great Expectations' column map expectations); the framework
/// counts the checked rows and collects the hits. <see cref="Prepare"/> may look at the whole column first.
/// </summary>
public abstract class RowRuleKind<TParameters> : ColumnRuleKind<TParameters> where TParameters : class
{
    /// <summary>Which values count as checked: by default the present (non-blank) ones.</summary>
    protected virtual bool Checks(string? value) => !string.IsNullOrWhiteSpace(value);

    protected abstract CellTest Prepare(ColumnContext column, TParameters parameters);

    public sealed override RuleOutcome Evaluate(ColumnContext column, TParameters parameters)
    {
        var test = Prepare(column, parameters);
        // Tests are pure functions of the value, and most columns repeat their values (codes, units, dates,
        // categories): each distinct value is tested once, and the rows are walked by their value's number.
        var coded = CodedColumn.Of(column.Values);
        var results = new (bool Checked, bool Hit, string? Suggestion)[coded.Distinct.Length];
        for (int d = 0; d < coded.Distinct.Length; d++)
        {
            var value = coded.Distinct[d];
            if (!Checks(value)) continue;
            bool hit = test(value ?? "", out var suggestion);
            results[d] = (true, hit, suggestion);
        }
        var hits = new List<CellHit>();
        long checkedRows = 0;
        var codes = coded.Codes;
        for (int i = 0; i < codes.Length; i++)
        {
            ref readonly var result = ref results[codes[i]];
            if (!result.Checked) continue;
            checkedRows++;
            if (result.Hit) hits.Add(new CellHit(i, coded.Distinct[codes[i]] ?? "", result.Suggestion));
        }
        return new RuleOutcome(checkedRows, hits);
    }
}
