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

/// <summary>
/// A sample column as its distinct values and, per row, the number of its value: built once per column and side,
/// shared by every row rule that reads it.
/// </summary>
internal sealed class CodedColumn
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<string?>, CodedColumn> Cache = new();

    private CodedColumn(string?[] distinct, int[] codes)
    {
        Distinct = distinct;
        Codes = codes;
    }

    public string?[] Distinct { get; }
    public int[] Codes { get; }

    public static CodedColumn Of(IReadOnlyList<string?> values) => Cache.GetValue(values, Build);

    /// <summary>Each distinct value with its number of rows.</summary>
    public IEnumerable<(string? Value, int Count)> Counts()
    {
        var counts = new int[Distinct.Length];
        foreach (int code in Codes) counts[code]++;
        return Distinct.Select((value, d) => (value, counts[d]));
    }

    private static CodedColumn Build(IReadOnlyList<string?> values)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var distinct = new List<string?>();
        var codes = new int[values.Count];
        int nullCode = -1;
        for (int i = 0; i < codes.Length; i++)
        {
            var value = values[i];
            if (value is null)
            {
                if (nullCode < 0)
                {
                    nullCode = distinct.Count;
                    distinct.Add(null);
                }
                codes[i] = nullCode;
                continue;
            }
            ref var code = ref CollectionsMarshal.GetValueRefOrAddDefault(numbers, value, out bool seen);
            if (!seen)
            {
                code = distinct.Count;
                distinct.Add(value);
            }
            codes[i] = code;
        }
        return new CodedColumn(distinct.ToArray(), codes);
    }
}
