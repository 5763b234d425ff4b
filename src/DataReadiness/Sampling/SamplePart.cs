using System.Text;
using DataReadiness.Sources;

namespace DataReadiness.Sampling;

/// <summary>Where a sampled row came from: its file (as the run shows it), its 1-based data row, and its seeded sampling key.</summary>
public readonly record struct SampleRowId(string File, long Row, ulong Key);

/// <summary>
/// The sampled rows of one file (or of one engine's relation), still packed, column by column: each column's fields
/// lie one after another in row order (<see cref="PackedRow"/>), in one or more segments. The frame is built a
/// column at a time and lets each column's segments go as soon as the column is built, so the packed sample shrinks
/// while the frame grows: a 300-column sample never holds both whole.
/// </summary>
public sealed class SamplePart
{
    private readonly List<(byte[] Bytes, int Used)>?[] _columns;
    private readonly List<SampleRowId> _rows = new();

    public SamplePart(IReadOnlyList<string> columns)
    {
        Columns = columns;
        _columns = columns.Select(_ => new List<(byte[], int)>()).ToArray();
    }

    public IReadOnlyList<string> Columns { get; }
    /// <summary>The rows in row order.</summary>
    public IReadOnlyList<SampleRowId> Rows => _rows;
    public int Count => _rows.Count;

    /// <summary>Adds rows, in row order, whose fields are then added column by column with <see cref="AddSegment"/>.</summary>
    public void AddRows(IEnumerable<SampleRowId> rows) => _rows.AddRange(rows);

    /// <summary>Appends the next fields of a column (those of the rows added since its last segment).</summary>
    public void AddSegment(int column, byte[] bytes, int used) => _columns[column]!.Add((bytes, used));

    /// <summary>Reads a column's fields in row order.</summary>
    public ColumnFields Column(int column) => new(_columns[column] ?? throw new InvalidOperationException($"column {column} was already let go"));

    /// <summary>Lets a column's bytes go once the frame has it; returns how many bytes that was.</summary>
    public long Release(int column)
    {
        long bytes = _columns[column]?.Sum(s => (long)s.Bytes.Length) ?? 0;
        _columns[column] = null;
        return bytes;
    }

    /// <summary>A part from rows that are already text (an engine's sample), packed as the passes pack theirs.</summary>
    public static SamplePart FromRows(IReadOnlyList<string> columns, IReadOnlyList<SampledRow> rows)
    {
        var part = new SamplePart(columns);
        var ordered = rows.OrderBy(r => r.File, StringComparer.Ordinal).ThenBy(r => r.Row).ToList();
        part.AddRows(ordered.Select(r => new SampleRowId(r.File, r.Row, r.Key)));
        var writer = new SegmentWriter();
        for (int c = 0; c < columns.Count; c++)
        {
            foreach (var row in ordered)
            {
                if (row.Values[c] is { } value) writer.Add(Encoding.UTF8.GetBytes(value));
                else writer.AddNull();
            }
            var (bytes, used) = writer.Finish();
            part.AddSegment(c, bytes, used);
        }
        return part;
    }

    /// <summary>The rows as text, in row order (tests and tools; the stages read the frame).</summary>
    public IReadOnlyList<SampledRow> ToRows()
    {
        var values = _rows.Select(_ => new string?[Columns.Count]).ToArray();
        for (int c = 0; c < Columns.Count; c++)
        {
            var fields = Column(c);
            for (int r = 0; fields.Next(out var utf8, out bool isNull); r++) values[r][c] = isNull ? null : Encoding.UTF8.GetString(utf8);
        }
        return _rows.Select((id, r) => new SampledRow(id.File, id.Row, id.Key, values[r])).ToList();
    }

    /// <summary>A column's fields in row order, across its segments.</summary>
    public struct ColumnFields(List<(byte[] Bytes, int Used)> segments)
    {
        private int _segment;
        private int _at;

        public bool Next(out ReadOnlySpan<byte> utf8, out bool isNull)
        {
            while (_segment < segments.Count && _at >= segments[_segment].Used)
            {
                _segment++;
                _at = 0;
            }
            if (_segment >= segments.Count)
            {
                utf8 = default;
                isNull = false;
                return false;
            }
            int at = _at;
            isNull = !PackedRow.Read(segments[_segment].Bytes, ref at, out utf8);
            _at = at;
            return true;
        }
    }
}

/// <summary>Builds a column segment field by field, in a buffer that grows as needed.</summary>
public sealed class SegmentWriter
{
    private byte[] _buffer = new byte[1 << 12];
    private int _used;

    public void Add(ReadOnlySpan<byte> utf8)
    {
        Ensure(PackedRow.SizeOf(utf8.Length));
        _used = PackedRow.Write(_buffer, _used, utf8);
    }

    public void AddNull()
    {
        Ensure(1);
        _used = PackedRow.WriteNull(_buffer, _used);
    }

    /// <summary>The segment, trimmed to its size; the writer starts a new one.</summary>
    public (byte[] Bytes, int Used) Finish()
    {
        var bytes = _buffer.AsSpan(0, _used).ToArray();
        _used = 0;
        return (bytes, bytes.Length);
    }

    private void Ensure(int more)
    {
        if (_used + more > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _used + more));
    }
}
