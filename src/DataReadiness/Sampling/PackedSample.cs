using DataReadiness.Sources;

namespace DataReadiness.Sampling;

/// <summary>
/// The bottom-k sample while a row-by-row pass runs: the k rows with the smallest seeded key, each packed into one
/// reused byte array (<see cref="PackedRow"/>), so sampling allocates little; strings and numbers are made once, for
/// the rows kept, when the frame is built. The result depends only on the keys, never on the order rows arrive in.
/// </summary>
public sealed class PackedSample(int capacity)
{
    // Largest key first, as the complement's smallest: the heap then uses its default comparer, which the JIT inlines
    // (a comparer delegate was a twentieth of a Parquet pass).
    private readonly PriorityQueue<(long Row, byte[] Packed), ulong> _largestFirst = new();
    private byte[]? _spare;

    public int Capacity { get; } = capacity;

    public int Count => _largestFirst.Count;

    /// <summary>Whether a row with this key would enter the sample; ask before packing its values.</summary>
    public bool Wants(ulong key) =>
        _largestFirst.Count < Capacity || (_largestFirst.TryPeek(out _, out var complement) && key < ~complement);

    /// <summary>Packs the reader's current row under its key (the caller has asked <see cref="Wants"/>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Add(ulong key, long row, IRowReader reader, int width)
    {
        int size = 0;
        for (int c = 0; c < width; c++) size += reader.IsNull(c) ? 1 : PackedRow.SizeOf(reader.GetUtf8(c).Length);
        if (_largestFirst.Count == Capacity) _spare = _largestFirst.Dequeue().Packed;
        var packed = _spare is not null && _spare.Length >= size ? _spare : new byte[(size + 63) & ~63];
        _spare = null;
        int at = 0;
        for (int c = 0; c < width; c++)
            at = reader.IsNull(c) ? PackedRow.WriteNull(packed, at) : PackedRow.Write(packed, at, reader.GetUtf8(c));
        _largestFirst.Enqueue((row, packed), ~key);
    }

    /// <summary>
    /// The sample as a part of its file: rows in row order, their fields turned column by column into one array per
    /// column, a chunk of rows at a time (a chunk's rows stay in the cache while all their columns are copied). The
    /// heap is emptied; its arrays go all at once.
    /// </summary>
    public SamplePart ToPart(string file, IReadOnlyList<string> columns)
    {
        // In row order, not key order: emptying the heap one dequeue at a time costs a sift per row.
        var rows = new (long Row, ulong Key, byte[]? Packed)[_largestFirst.Count];
        int n = 0;
        foreach (var ((row, packed), complement) in _largestFirst.UnorderedItems) rows[n++] = (row, ~complement, packed);
        _largestFirst.Clear();
        _spare = null;
        Array.Sort(rows, (a, b) => a.Row.CompareTo(b.Row));
        int width = columns.Count;
        // Each column's size first, so each column is one array of its exact size.
        var sizes = new int[width];
        foreach (var (_, _, packed) in rows)
        {
            int at = 0;
            for (int c = 0; c < width; c++)
            {
                int start = at;
                PackedRow.Read(packed!, ref at, out _);
                sizes[c] += at - start;
            }
        }
        var columnBytes = sizes.Select(size => new byte[size]).ToArray();
        var written = new int[width];
        var cursors = new int[ChunkRows];
        for (int start = 0; start < rows.Length; start += ChunkRows)
        {
            int count = Math.Min(ChunkRows, rows.Length - start);
            Array.Clear(cursors, 0, count);
            for (int c = 0; c < width; c++)
                for (int r = 0; r < count; r++)
                {
                    var packed = rows[start + r].Packed!;
                    int from = cursors[r];
                    PackedRow.Read(packed, ref cursors[r], out _);
                    packed.AsSpan(from, cursors[r] - from).CopyTo(columnBytes[c].AsSpan(written[c]));
                    written[c] += cursors[r] - from;
                }
            for (int r = 0; r < count; r++) rows[start + r].Packed = null;
        }
        var part = new SamplePart(columns);
        part.AddRows(rows.Select(r => new SampleRowId(file, r.Row, r.Key)));
        for (int c = 0; c < width; c++) part.AddSegment(c, columnBytes[c], columnBytes[c].Length);
        // The row arrays are all garbage now and lived as long as the pass: only a full collection frees them, and
        // the frame built next needs their room (a 300-column sample held both copies through its build otherwise).
        if (sizes.Sum(s => (long)s) > CollectAbove) GC.Collect();
        return part;
    }

    /// <summary>Packed samples larger than this ask for a full collection once turned column-major (15 columns of 100k rows: 7 MB).</summary>
    private const long CollectAbove = 32L << 20;

    /// <summary>Rows turned column-major at a time in <see cref="ToPart"/>.</summary>
    internal const int ChunkRows = 2048;
}
