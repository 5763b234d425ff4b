namespace DataReadiness.Profiling;

/// <summary>A row seen more than once: where each copy is (file, data row).</summary>
public sealed record DuplicateGroup(ulong Hash, long Count, IReadOnlyList<(string File, long Row)> Rows);

/// <summary>
/// Exact duplicate rows in bounded memory: keeps the k smallest distinct row hashes (a KMV sketch) with the exact
/// number of rows that have each, so the kept hashes are a uniform sample of distinct rows and their counts give an
/// unbiased duplicate rate over every row read. Mergeable; the result does not depend on row order or partitioning.
/// </summary>
public sealed class DuplicateRowSketch
{
    /// <summary>Row positions kept per hash; the count stays exact beyond it.</summary>
    public const int RowsKept = 8;

    private readonly int _capacity;
    private readonly Dictionary<ulong, Entry> _entries = new();
    private readonly PriorityQueue<ulong, ulong> _largestFirst = new(Comparer<ulong>.Create((a, b) => b.CompareTo(a)));

    private sealed class Entry
    {
        public long Count;
        public readonly List<(string File, long Row)> Rows = new();
    }

    public DuplicateRowSketch(int capacity) => _capacity = capacity;

    public void Add(ulong hash, string file, long row) => Add(hash, 1, [(file, row)]);

    public void Merge(DuplicateRowSketch other)
    {
        foreach (var (hash, entry) in other._entries) Add(hash, entry.Count, entry.Rows);
    }

    /// <summary>Rows whose hash is kept (the rows checked) and how many of them repeat an earlier row.</summary>
    public (long RowsChecked, long RowsDuplicated) Totals() =>
        (_entries.Values.Sum(e => e.Count), _entries.Values.Sum(e => e.Count - 1));

    /// <summary>The kept hashes seen more than once, rows in file and row order.</summary>
    public IReadOnlyList<DuplicateGroup> Duplicates() =>
        _entries.Where(e => e.Value.Count > 1)
            .Select(e => new DuplicateGroup(e.Key, e.Value.Count,
                e.Value.Rows.OrderBy(r => r.File, StringComparer.Ordinal).ThenBy(r => r.Row).ToList()))
            .OrderBy(g => g.Rows.Count == 0 ? "" : g.Rows[0].File, StringComparer.Ordinal)
            .ThenBy(g => g.Rows.Count == 0 ? 0 : g.Rows[0].Row).ThenBy(g => g.Hash).ToList();

    /// <summary>Adds <paramref name="count"/> rows with one hash; an engine's pushdown may know none of their positions.</summary>
    public void Add(ulong hash, long count, IEnumerable<(string File, long Row)> rows)
    {
        if (!_entries.TryGetValue(hash, out var entry))
        {
            if (_entries.Count >= _capacity)
            {
                if (!_largestFirst.TryPeek(out var largest, out _) || hash >= largest) return;
                _entries.Remove(_largestFirst.Dequeue());
            }
            _entries[hash] = entry = new Entry();
            _largestFirst.Enqueue(hash, hash);
        }
        entry.Count += count;
        foreach (var r in rows)
        {
            if (entry.Rows.Count >= RowsKept) break;
            entry.Rows.Add(r);
        }
    }
}
