using System.Text.Unicode;

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
    public NumericMoments Numbers { get; } = new();
    public NumericMoments Lengths { get; } = new();
    public DistinctSketch Distinct { get; } = new();
    public FrequentValues Frequent { get; } = new();
    public long[] DateFormatCounts { get; } = new long[ValueClassifier.FormatCount];
    public DateTime? MinDate { get; private set; }
    public DateTime? MaxDate { get; private set; }

    public void AddNull(long count = 1)
    {
        Rows += count;
        Nulls += count;
    }

    public void Add(ReadOnlySpan<byte> utf8) => Add(utf8, StableHash.Of(utf8));

    /// <summary>Adds a value whose <see cref="StableHash"/> the caller already has (the pass hashes each field once).</summary>
    public void Add(ReadOnlySpan<byte> utf8, ulong hash)
    {
        Rows++;
        if (ValueClassifier.IsBlank(utf8))
        {
            Blanks++;
            return;
        }
        if (!Utf8.IsValid(utf8)) InvalidUtf8++;
        if (utf8.IndexOf((byte)0) >= 0) NulValues++;
        Distinct.Add(hash);
        Frequent.Add(hash, utf8);
        Lengths.Add(CharacterCount(utf8));
        var kind = ValueClassifier.Classify(utf8, out double number, out DateTime when, out int format);
        KindCounts[(int)kind]++;
        if (kind is ValueKind.Integer or ValueKind.Decimal) Numbers.Add(number);
        else if (kind is ValueKind.Date or ValueKind.DateTime) AddDate(when, format);
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

    private void AddDate(DateTime when, int format)
    {
        DateFormatCounts[format]++;
        if (MinDate is null || when < MinDate) MinDate = when;
        if (MaxDate is null || when > MaxDate) MaxDate = when;
    }

    // Counts characters (not bytes): UTF-8 continuation bytes are 10xxxxxx.
    private static int CharacterCount(ReadOnlySpan<byte> utf8)
    {
        int count = 0;
        foreach (var b in utf8)
            if ((b & 0xC0) != 0x80) count++;
        return count;
    }
}
