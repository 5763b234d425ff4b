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

    // Most kept hashes are seen once: the first position is inline, a list only for repeats (the pass adds every row).
    private sealed class Entry
    {
        public long Count;
        private (string File, long Row)? _first;
        private List<(string File, long Row)>? _more;

        public int Kept => (_first is null ? 0 : 1) + (_more?.Count ?? 0);

        public IEnumerable<(string File, long Row)> Rows =>
            _first is { } first ? _more is null ? [first] : _more.Prepend(first) : [];

        public void Keep((string File, long Row) position)
        {
            if (_first is null) _first = position;
            else (_more ??= new List<(string File, long Row)>(2)).Add(position);
        }
    }

    public DuplicateRowSketch(int capacity) => _capacity = capacity;

    public void Add(ulong hash, string file, long row)
    {
        if (CannotBeKept(hash)) return;
        if (!_entries.TryGetValue(hash, out var entry))
        {
            if (!Admit(hash)) return;
            _entries[hash] = entry = new Entry();
        }
        entry.Count++;
        if (entry.Kept < RowsKept) entry.Keep((file, row));
    }

    // Once k hashes are kept, a hash above the largest of them is neither kept nor admitted: after the first few
    // hundred thousand rows nearly every row stops here, before the (cache-missing) table lookup.
    private bool CannotBeKept(ulong hash) =>
        _entries.Count >= _capacity && _largestFirst.TryPeek(out var largest, out _) && hash > largest;

    // Makes room for a new hash if it belongs among the k smallest; false when it does not.
    private bool Admit(ulong hash)
    {
        if (_entries.Count >= _capacity)
        {
            if (!_largestFirst.TryPeek(out var largest, out _) || hash >= largest) return false;
            _entries.Remove(_largestFirst.Dequeue());
        }
        _largestFirst.Enqueue(hash, hash);
        return true;
    }

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
        if (CannotBeKept(hash)) return;
        if (!_entries.TryGetValue(hash, out var entry))
        {
            if (!Admit(hash)) return;
            _entries[hash] = entry = new Entry();
        }
        entry.Count += count;
        foreach (var r in rows)
        {
            if (entry.Kept >= RowsKept) break;
            entry.Keep(r);
        }
    }
}
