using System.Runtime.InteropServices;

namespace DataReadiness.Rules;

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
