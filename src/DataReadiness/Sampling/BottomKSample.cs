using DataReadiness.Sources;

namespace DataReadiness.Sampling;

/// <summary>
/// Seeded bottom-k sample: keeps the k rows with the smallest seeded hash of (file, row number). Unlike a
/// classic reservoir, the result depends only on the seed and the data, never on the order rows arrive in or on
/// how they were split between threads, files or partitions, so merging partial samples equals one pass.
/// </summary>
public sealed class BottomKSample
{
    // Largest key first, as the complement's smallest: the heap then uses its default comparer, which the JIT inlines
    // (a comparer delegate was a twentieth of a Parquet pass).
    private readonly PriorityQueue<SampledRow, ulong> _largestFirst = new();

    public BottomKSample(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    public int Capacity { get; }
    public int Count => _largestFirst.Count;

    /// <summary>Whether a row with this key would enter the sample; ask before materialising its values.</summary>
    public bool Wants(ulong key) =>
        _largestFirst.Count < Capacity || (_largestFirst.TryPeek(out _, out var complement) && key < ~complement);

    public void Add(SampledRow row)
    {
        if (!Wants(row.Key)) return;
        if (_largestFirst.Count == Capacity) _largestFirst.Dequeue();
        _largestFirst.Enqueue(row, ~row.Key);
    }

    public void Merge(BottomKSample other)
    {
        foreach (var (row, _) in other._largestFirst.UnorderedItems) Add(row);
    }

    /// <summary>The sampled rows in source order (file, then row number).</summary>
    public IReadOnlyList<SampledRow> Rows() =>
        _largestFirst.UnorderedItems.Select(e => e.Element)
            .OrderBy(r => r.File, StringComparer.Ordinal).ThenBy(r => r.Row).ToList();
}
