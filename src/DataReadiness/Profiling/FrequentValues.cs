using System.Numerics;
using System.Text;

namespace DataReadiness.Profiling;

/// <summary>One frequent value: its text, a lower bound on its count, and whether that count is exact.</summary>
public sealed record FrequentValue(string Value, long Count, long MaxCount);

/// <summary>
/// Frequent values with bounded memory: Misra-Gries counters with batched decrements (subtract the median
/// counter when full, as Apache DataSketches' frequent-items sketch does), so the work per value stays O(1)
/// amortised. Each reported count is a lower bound; the true count is at most count + <see cref="MaxError"/>.
/// While nothing has been purged, counts are exact. Values are stored as bytes, never as strings, in the hot loop.
/// </summary>
public sealed class FrequentValues
{
    public const int DefaultCapacity = 128;
    /// <summary>Longer values are kept by their first bytes only: a top-values list of long free text says little.</summary>
    public const int MaxStoredBytes = 120;

    private readonly int _capacity;
    // Slot of each kept hash, by open addressing on the hash's top bits (a quarter full at most); -1 is empty. Cheaper
    // per lookup than a Dictionary, and this lookup runs for every value of every column.
    private readonly int[] _slotByHash;
    private readonly int _tableShift;
    private readonly ulong[] _hashes;
    private readonly long[] _counts;
    // Values live in one slab, MaxStoredBytes per slot, so inserting (every new value of a high-cardinality
    // column) copies bytes instead of allocating.
    private readonly byte[] _slab;
    private readonly int[] _lengths;
    private readonly bool[] _truncated;
    private readonly long[] _sortScratch;
    private int _used;

    public FrequentValues(int capacity = DefaultCapacity)
    {
        _capacity = capacity;
        int tableBits = Math.Max(4, BitOperations.Log2((uint)capacity) + 3);
        _slotByHash = new int[1 << tableBits];
        _tableShift = 64 - tableBits;
        Array.Fill(_slotByHash, -1);
        _hashes = new ulong[capacity];
        _counts = new long[capacity];
        _slab = new byte[capacity * MaxStoredBytes];
        _lengths = new int[capacity];
        _truncated = new bool[capacity];
        _sortScratch = new long[capacity];
    }

    /// <summary>The most a reported count can fall short of the true count.</summary>
    public long MaxError { get; private set; }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Add(ulong hash, ReadOnlySpan<byte> utf8, long count = 1)
    {
        int slot = Find(hash);
        if (slot >= 0)
        {
            _counts[slot] += count;
            return;
        }
        if (_used == _capacity) Purge();
        if (_used == _capacity)
        {
            // Still full: every counter was larger than the median, so this value's count goes to the error.
            MaxError += count;
            return;
        }
        Insert(hash, utf8, count, utf8.Length > MaxStoredBytes);
    }

    /// <summary>Widens every count's bound by what values outside the list could have (an engine's merged lists).</summary>
    public void AddUncertainty(long maxError) => MaxError += Math.Max(0, maxError);

    public void Merge(FrequentValues other)
    {
        MaxError += other.MaxError;
        for (int i = 0; i < other._used; i++)
        {
            int slot = Find(other._hashes[i]);
            if (slot >= 0)
                _counts[slot] += other._counts[i];
            else
            {
                if (_used == _capacity) Purge();
                if (_used == _capacity) { MaxError += other._counts[i]; continue; }
                Insert(other._hashes[i], other.Stored(i), other._counts[i], other._truncated[i]);
            }
        }
    }

    /// <summary>The <paramref name="top"/> most frequent values, most frequent first, ties by value (ordinal).</summary>
    public IReadOnlyList<FrequentValue> Top(int top)
    {
        var list = new List<FrequentValue>(_used);
        for (int i = 0; i < _used; i++)
        {
            var text = Encoding.UTF8.GetString(Stored(i)) + (_truncated[i] ? "…" : "");
            list.Add(new FrequentValue(text, _counts[i], _counts[i] + MaxError));
        }
        return list.OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).Take(top).ToList();
    }

    private ReadOnlySpan<byte> Stored(int slot) => _slab.AsSpan(slot * MaxStoredBytes, _lengths[slot]);

    private void Insert(ulong hash, ReadOnlySpan<byte> utf8, long count, bool truncated)
    {
        int slot = _used++;
        _hashes[slot] = hash;
        _counts[slot] = count;
        var kept = utf8[..Math.Min(utf8.Length, MaxStoredBytes)];
        kept.CopyTo(_slab.AsSpan(slot * MaxStoredBytes));
        _lengths[slot] = kept.Length;
        _truncated[slot] = truncated;
        Place(hash, slot);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private int Find(ulong hash)
    {
        int mask = _slotByHash.Length - 1;
        for (int i = (int)(hash >> _tableShift); ; i = (i + 1) & mask)
        {
            int slot = _slotByHash[i];
            if (slot < 0 || _hashes[slot] == hash) return slot;
        }
    }

    private void Place(ulong hash, int slot)
    {
        int mask = _slotByHash.Length - 1;
        int i = (int)(hash >> _tableShift);
        while (_slotByHash[i] >= 0) i = (i + 1) & mask;
        _slotByHash[i] = slot;
    }

    private void Purge()
    {
        var scratch = _sortScratch.AsSpan(0, _used);
        _counts.AsSpan(0, _used).CopyTo(scratch);
        long median = NthSmallest(scratch, _used / 2);
        MaxError += median;
        int kept = 0;
        Array.Fill(_slotByHash, -1);
        for (int i = 0; i < _used; i++)
        {
            long remaining = _counts[i] - median;
            if (remaining <= 0) continue;
            _hashes[kept] = _hashes[i];
            _counts[kept] = remaining;
            if (kept != i) _slab.AsSpan(i * MaxStoredBytes, _lengths[i]).CopyTo(_slab.AsSpan(kept * MaxStoredBytes));
            _lengths[kept] = _lengths[i];
            _truncated[kept] = _truncated[i];
            Place(_hashes[kept], kept);
            kept++;
        }
        _used = kept;
    }

    // Hoare's selection: the n-th smallest (0-based) in linear expected time, reordering the span. A full sort per
    // purge showed in profiles of columns of unique values, which purge every 128 values.
    internal static long NthSmallest(Span<long> values, int n)
    {
        int low = 0, high = values.Length - 1;
        while (low < high)
        {
            long pivot = values[low + (high - low) / 2];
            int i = low, j = high;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            if (n <= j) high = j;
            else if (n >= i) low = i;
            else return values[n];
        }
        return values[n];
    }
}
