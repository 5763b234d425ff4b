using System.Text.Unicode;
using DataReadiness.Sources.Sql;
using DataReadiness.Values;

namespace DataReadiness.Profiling;

/// <summary>Everything one pass accumulates about one column: exact counts plus mergeable sketches.</summary>
public sealed class ColumnProfileState
{
    private static readonly int KindCount = Enum.GetValues<ValueKind>().Length;

    public ColumnProfileState(string name) => Name = name;

    public string Name { get; }
    public long Rows { get; private set; }
    /// <summary>Native nulls (Parquet) and fields missing from a short row or from a file of a glob.</summary>
    public long Nulls { get; private set; }
    /// <summary>Empty or whitespace-only text.</summary>
    public long Blanks { get; private set; }
    public long InvalidUtf8 { get; private set; }
    /// <summary>Values holding a NUL byte: binary junk or a C string that leaked into text.</summary>
    public long NulValues { get; private set; }
    public long[] KindCounts { get; } = new long[KindCount];
    public NumericMoments Numbers { get; private init; } = new();
    public LengthStats Lengths { get; private init; } = new();
    public DistinctSketch Distinct { get; private init; } = new();
    public FrequentValues Frequent { get; } = new();
    public long[] DateFormatCounts { get; } = new long[ValueClassifier.FormatCount];
    public DateTime? MinDate { get; private set; }
    public DateTime? MaxDate { get; private set; }

    /// <summary>
    /// A column's state from aggregates a database engine computed over every row (pushdown). Counts are exact;
    /// the distinct count is the engine's; the top values carry exact counts.
    /// </summary>
    public static ColumnProfileState FromAggregates(ColumnAggregates a)
    {
        var state = new ColumnProfileState(a.Name)
        {
            Rows = a.Rows,
            Nulls = a.Nulls,
            Blanks = a.Blanks,
            Numbers = NumericMoments.FromSummary(a.Numbers.Count, a.Numbers.Min, a.Numbers.Max, a.Numbers.Mean, a.Numbers.Variance),
            Lengths = LengthStats.FromMoments(NumericMoments.FromSummary(a.Lengths.Count, a.Lengths.Min, a.Lengths.Max, a.Lengths.Mean, a.Lengths.Variance)),
            Distinct = DistinctSketch.FromEngine(a.Distinct, a.DistinctRelativeStandardError),
            MinDate = a.MinDate,
            MaxDate = a.MaxDate,
        };
        foreach (var (kind, count) in a.KindCounts) state.KindCounts[(int)kind] += count;
        foreach (var (format, count) in a.DateFormatCounts) state.DateFormatCounts[format] += count;
        foreach (var (value, count) in a.Top)
        {
            var utf8 = System.Text.Encoding.UTF8.GetBytes(value);
            state.Frequent.Add(StableHash.Of(utf8), utf8, count);
        }
        state.Frequent.AddUncertainty(a.TopMaxError);
        return state;
    }

    public void AddNull(long count = 1)
    {
        Rows += count;
        Nulls += count;
    }

    public void Add(ReadOnlySpan<byte> utf8) => Add(utf8, StableHash.Of(utf8));

    /// <summary>Adds a value whose <see cref="StableHash"/> the caller already has (the pass hashes each field once).</summary>
    public void Add(ReadOnlySpan<byte> utf8, ulong hash) => Add(utf8, hash, 1);

    /// <summary>
    /// Adds <paramref name="count"/> rows that all hold this value: the same state as adding it that many times,
    /// in one classification (a dictionary-encoded column is profiled once per dictionary entry).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<byte> utf8, ulong hash, long count)
    {
        if (count <= 0) return;
        Rows += count;
        if (ValueClassifier.IsBlank(utf8))
        {
            Blanks += count;
            return;
        }
        if (!Utf8.IsValid(utf8)) InvalidUtf8 += count;
        if (utf8.IndexOf((byte)0) >= 0) NulValues += count;
        Distinct.Add(hash);
        Frequent.Add(hash, utf8, count);
        Lengths.Add(CharacterCount(utf8), count);
        var kind = ValueClassifier.Classify(utf8, out double number, out DateTime when, out int format);
        KindCounts[(int)kind] += count;
        if (kind is ValueKind.Integer or ValueKind.Decimal) Numbers.Add(number, count);
        else if (kind is ValueKind.Date or ValueKind.DateTime) AddDate(when, format, count);
    }

    public void Merge(ColumnProfileState other)
    {
        Rows += other.Rows;
        Nulls += other.Nulls;
        Blanks += other.Blanks;
        InvalidUtf8 += other.InvalidUtf8;
        NulValues += other.NulValues;
        for (int i = 0; i < KindCounts.Length; i++) KindCounts[i] += other.KindCounts[i];
        for (int i = 0; i < DateFormatCounts.Length; i++) DateFormatCounts[i] += other.DateFormatCounts[i];
        Numbers.Merge(other.Numbers);
        Lengths.Merge(other.Lengths);
        Distinct.Merge(other.Distinct);
        Frequent.Merge(other.Frequent);
        if (other.MinDate is { } min && (MinDate is null || min < MinDate)) MinDate = min;
        if (other.MaxDate is { } max && (MaxDate is null || max > MaxDate)) MaxDate = max;
    }

    private void AddDate(DateTime when, int format, long count)
    {
        DateFormatCounts[format] += count;
        if (MinDate is null || when < MinDate) MinDate = when;
        if (MaxDate is null || when > MaxDate) MaxDate = when;
    }

    // Counts characters (not bytes): UTF-8 continuation bytes are 10xxxxxx.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int CharacterCount(ReadOnlySpan<byte> utf8)
    {
        int count = 0;
        foreach (var b in utf8)
            if ((b & 0xC0) != 0x80) count++;
        return count;
    }
}
