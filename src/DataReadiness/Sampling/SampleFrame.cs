using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using DataReadiness.Sources;
using DataReadiness.Text;
using Microsoft.Data.Analysis;

namespace DataReadiness.Sampling;

/// <summary>
/// The seeded sample of one source as a <see cref="DataFrame"/>, built once per side and read by the rules, the
/// comparison and the estimate: a column the full pass found numeric is a <see cref="PrimitiveDataFrameColumn{T}"/>
/// of doubles (a value that is not a number is null there), every other column a <see cref="StringDataFrameColumn"/>
/// of the text as read. The text of every cell stays available (<see cref="Text"/>): a numeric column keeps the
/// writing of the values it cannot reproduce from the number ("12.50" where it writes 12.5, "27.6 lbs").
/// <see cref="Rows"/> says where each row came from.
/// </summary>
public sealed class SampleFrame
{
    private readonly Dictionary<string, int> _index;
    private readonly NumericText?[] _numericText;
    private readonly Lazy<IReadOnlyList<string?>>[] _text;

    private SampleFrame(IReadOnlyList<string> columns, IReadOnlyList<SampleRowId> rows, DataFrame frame, NumericText?[] numericText)
    {
        Columns = columns;
        Rows = rows;
        Frame = frame;
        _numericText = numericText;
        _index = columns.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        _text = columns.Select((_, c) => new Lazy<IReadOnlyList<string?>>(() => TextOf(c), LazyThreadSafetyMode.ExecutionAndPublication)).ToArray();
    }

    public DataFrame Frame { get; }
    public IReadOnlyList<string> Columns { get; }
    /// <summary>Where each row came from, in row order (file, then data row).</summary>
    public IReadOnlyList<SampleRowId> Rows { get; }
    public int Count => Rows.Count;

    public bool Has(string column) => _index.ContainsKey(column);

    /// <summary>Whether the frame types the column as numbers.</summary>
    public bool IsNumeric(string column) => _index.TryGetValue(column, out int c) && _numericText[c] is not null;

    /// <summary>The column's values as read, in row order (null: a native null or a missing field); empty when absent.</summary>
    public IReadOnlyList<string?> Text(string column) => _index.TryGetValue(column, out int c) ? _text[c].Value : [];

    /// <summary>The column's numbers where the frame types it numeric (null where a value is not a number); else null.</summary>
    public PrimitiveDataFrameColumn<double>? Numbers(string column) =>
        _index.TryGetValue(column, out int c) && _numericText[c] is not null ? (PrimitiveDataFrameColumn<double>)Frame.Columns[c] : null;

    /// <summary>One row's values as read, in column order (for tests and tools; the stages read columns).</summary>
    public string?[] RowValues(int row) => Columns.Select(c => Text(c)[row]).ToArray();

    /// <summary>The rows with their values as read (for tests and tools; the stages read columns).</summary>
    public IReadOnlyList<SampledRow> ToRows() =>
        Rows.Select((id, i) => new SampledRow(id.File, id.Row, id.Key, RowValues(i))).ToList();

    private IReadOnlyList<string?> TextOf(int c) =>
        _numericText[c] is { } numeric ? numeric.Materialize((PrimitiveDataFrameColumn<double>)Frame.Columns[c]) : new StringColumnView((StringDataFrameColumn)Frame.Columns[c]);

    /// <summary>
    /// Builds the frame of a source from the sampled parts of its files: the <paramref name="capacity"/> rows with the
    /// smallest keys over all parts (one part's rows are all kept), in file and row order, columns matched by name
    /// (a file without a column gives nulls). <paramref name="numeric"/> says which columns to type as numbers. The
    /// frame is built a column at a time, and each column's packed bytes go as soon as it is built.
    /// </summary>
    public static SampleFrame Build(IReadOnlyList<string> columns, IReadOnlyList<SamplePart> parts, int capacity, Func<string, bool> numeric)
    {
        var chosen = new List<(int Part, int Index, SampleRowId Id)>();
        for (int p = 0; p < parts.Count; p++)
            for (int i = 0; i < parts[p].Count; i++) chosen.Add((p, i, parts[p].Rows[i]));
        if (chosen.Count > capacity)
        {
            // The bottom-k of the union: merging the files' samples equals one pass over their rows.
            chosen.Sort((a, b) => a.Id.Key != b.Id.Key ? a.Id.Key.CompareTo(b.Id.Key) : CompareBySource(a.Id, b.Id));
            chosen.RemoveRange(capacity, chosen.Count - capacity);
        }
        chosen.Sort((a, b) => CompareBySource(a.Id, b.Id));
        // Where each part's rows go in the frame (-1: not kept).
        var target = parts.Select(p => Enumerable.Repeat(-1, p.Count).ToArray()).ToArray();
        for (int r = 0; r < chosen.Count; r++) target[chosen[r].Part][chosen[r].Index] = r;
        var rows = chosen.Select(c => c.Id).ToArray();

        var frameColumns = new List<DataFrameColumn>(columns.Count);
        var numericText = new NumericText?[columns.Count];
        var scratch = new char[256];
        long released = 0;
        for (int c = 0; c < columns.Count; c++)
        {
            ColumnSink sink = numeric(columns[c]) ? new NumericSink(columns[c], rows.Length) : new TextSink(columns[c], rows.Length);
            for (int p = 0; p < parts.Count; p++)
            {
                int source = IndexOf(parts[p].Columns, columns[c]);
                if (source < 0) continue; // the file lacks the column: its rows stay null
                var fields = parts[p].Column(source);
                var positions = target[p];
                for (int i = 0; fields.Next(out var utf8, out bool isNull); i++)
                    if (!isNull && positions[i] >= 0) sink.Set(positions[i], utf8, ref scratch);
                released += parts[p].Release(source);
            }
            frameColumns.Add(sink.Column);
            numericText[c] = (sink as NumericSink)?.Text;
            // The packed bytes let go are free for the next columns once a collection has seen them go: without one,
            // a wide sample's frame grew beside the memory its packed columns still held.
            if (released > ReleasedBeforeCollecting)
            {
                GC.Collect();
                released = 0;
            }
        }
        return new SampleFrame(columns, rows, new DataFrame(frameColumns), numericText);
    }

    /// <summary>Packed bytes let go before the builder asks for a full collection (a 100k-row sample of 15 columns is 7 MB: none).</summary>
    private const long ReleasedBeforeCollecting = 32L << 20;

    /// <summary>
    /// A frame of rows that are already text (an engine's sample, which is exactly the sample; tests), in file and row
    /// order, typing the columns <paramref name="numeric"/> names as numbers.
    /// </summary>
    public static SampleFrame FromRows(IReadOnlyList<string> columns, IReadOnlyList<SampledRow> rows, Func<string, bool> numeric)
    {
        var ordered = rows.OrderBy(r => r.File, StringComparer.Ordinal).ThenBy(r => r.Row).ToList();
        var frameColumns = new List<DataFrameColumn>(columns.Count);
        var numericText = new NumericText?[columns.Count];
        var scratch = new char[256];
        for (int c = 0; c < columns.Count; c++)
        {
            ColumnSink sink = numeric(columns[c]) ? new NumericSink(columns[c], ordered.Count) : new TextSink(columns[c], ordered.Count);
            for (int r = 0; r < ordered.Count; r++)
                if (ordered[r].Values[c] is { } value) sink.Set(r, value, ref scratch);
            frameColumns.Add(sink.Column);
            numericText[c] = (sink as NumericSink)?.Text;
        }
        return new SampleFrame(columns, ordered.Select(r => new SampleRowId(r.File, r.Row, r.Key)).ToArray(), new DataFrame(frameColumns), numericText);
    }

    /// <summary>A frame of rows that are already text, typing the named columns as numbers (tests, tools).</summary>
    public static SampleFrame FromRows(IReadOnlyList<string> columns, IReadOnlyList<SampledRow> rows, params string[] numericColumns) =>
        FromRows(columns, rows, numericColumns.Contains);

    private static int CompareBySource(SampleRowId a, SampleRowId b)
    {
        int c = string.CompareOrdinal(a.File, b.File);
        return c != 0 ? c : a.Row.CompareTo(b.Row);
    }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (int i = 0; i < columns.Count; i++)
            if (columns[i] == name) return i;
        return -1;
    }

    /// <summary>Fills one frame column from packed fields.</summary>
    private abstract class ColumnSink
    {
        public abstract DataFrameColumn Column { get; }

        public abstract void Set(int row, ReadOnlySpan<byte> utf8, ref char[] scratch);

        /// <summary>A value that is already text (an engine's), as if read from its UTF-8.</summary>
        public virtual void Set(int row, string value, ref char[] scratch)
        {
            int most = Encoding.UTF8.GetMaxByteCount(value.Length);
            Span<byte> utf8 = most <= 256 ? stackalloc byte[256] : new byte[most];
            Set(row, utf8[..Encoding.UTF8.GetBytes(value, utf8)], ref scratch);
        }
    }

    /// <summary>A text column; a repeated value (a code, a unit, a vendor) is one shared string.</summary>
    private sealed class TextSink : ColumnSink
    {
        private readonly StringDataFrameColumn _column;
        // The column's first distinct values by their UTF-8 bytes: a repeated value is found without decoding it.
        private readonly Dictionary<byte[], string> _shared = new(Utf8Comparer.Instance);
        private readonly Dictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> _sharedBySpan;
        private readonly SharedValues _sharedText = new(1);

        public TextSink(string name, int rows)
        {
            _column = new StringDataFrameColumn(name, rows);
            _sharedBySpan = _shared.GetAlternateLookup<ReadOnlySpan<byte>>();
        }

        public override DataFrameColumn Column => _column;

        public override void Set(int row, ReadOnlySpan<byte> utf8, ref char[] scratch)
        {
            if (!_sharedBySpan.TryGetValue(utf8, out var value))
            {
                if (scratch.Length < utf8.Length) scratch = new char[utf8.Length * 2];
                value = new string(scratch, 0, Encoding.UTF8.GetChars(utf8, scratch));
                if (_shared.Count < SharedValues.PerColumn) _shared[utf8.ToArray()] = value;
            }
            _column[row] = value;
        }

        public override void Set(int row, string value, ref char[] scratch) => _column[row] = _sharedText.Get(0, value);
    }

    /// <summary>Equality of UTF-8 values by their bytes, hashed with the run-stable hash the profile uses.</summary>
    private sealed class Utf8Comparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly Utf8Comparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);
        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);
        public int GetHashCode(ReadOnlySpan<byte> alternate) => (int)Values.StableHash.Of(alternate);
        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }

    /// <summary>
    /// A numeric column: each value parsed in the invariant culture (as the rules always parsed numbers), its text
    /// kept aside only where writing the number with the column's usual decimals does not give it back.
    /// </summary>
    private sealed class NumericSink(string name, int rows) : ColumnSink
    {
        private readonly int _rows = rows;
        private readonly byte[] _values = new byte[rows * sizeof(double)];
        private readonly byte[] _valid = new byte[(rows + 7) / 8];
        private readonly List<(int Row, string Text)> _written = new();
        private readonly SharedValues _shared = new(1);
        private int _nulls = rows;
        private int _decimals = -1;

        public override DataFrameColumn Column => new DoubleDataFrameColumn(name, _values, _valid, _rows, _nulls);

        public NumericText Text => new(Math.Max(0, _decimals), _written.Select(w => w.Row).ToArray(), _written.Select(w => w.Text).ToArray());

        public override void Set(int row, ReadOnlySpan<byte> utf8, ref char[] scratch)
        {
            bool plain = NumericText.TryPlain(utf8, out double value, out int decimals);
            if (plain || double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                MemoryMarshal.Cast<byte, double>(_values.AsSpan())[row] = value;
                _valid[row >> 3] |= (byte)(1 << (row & 7));
                _nulls--;
            }
            if (plain && _decimals < 0) _decimals = decimals;
            if (plain && decimals == _decimals) return;
            if (scratch.Length < utf8.Length) scratch = new char[utf8.Length * 2];
            _written.Add((row, _shared.Get(0, scratch.AsSpan(0, Encoding.UTF8.GetChars(utf8, scratch)))));
        }
    }

    /// <summary>
    /// A numeric column's text. A number written plainly (an optional minus, digits without a leading zero, and maybe a
    /// point and decimals, fifteen digits at most) with the column's usual number of decimals is given back by writing
    /// the number with those decimals ("12.50" is 12.5 in a column of two decimals). Every other text ("1e3", "+5",
    /// " 7", "27.6 lbs", or 12.5 in that column) is kept as read.
    /// </summary>
    private sealed class NumericText(int decimals, int[] rows, string[] texts)
    {
        private static readonly double[] PowersOfTen = Enumerable.Range(0, 16).Select(i => Math.Pow(10, i)).ToArray();
        private readonly string _format = "F" + decimals.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// True for a plainly written number, with its value and decimals. The value is the digits as an integer over a
        /// power of ten: for fifteen digits or fewer both are exact doubles, so the quotient is the correctly rounded
        /// number, the same double parsing the text gives; written with as many decimals, it reads as the text again.
        /// </summary>
        public static bool TryPlain(ReadOnlySpan<byte> utf8, out double value, out int decimals)
        {
            value = 0;
            decimals = 0;
            int at = 0;
            bool negative = utf8.Length > 0 && utf8[0] == (byte)'-';
            if (negative) at++;
            int intStart = at;
            while (at < utf8.Length && utf8[at] is >= (byte)'0' and <= (byte)'9') at++;
            int intDigits = at - intStart;
            if (intDigits == 0 || (intDigits > 1 && utf8[intStart] == (byte)'0')) return false;
            if (at < utf8.Length)
            {
                if (utf8[at] != (byte)'.') return false;
                int fractionStart = ++at;
                while (at < utf8.Length && utf8[at] is >= (byte)'0' and <= (byte)'9') at++;
                decimals = at - fractionStart;
                if (decimals == 0 || at != utf8.Length) return false;
            }
            if (intDigits + decimals > 15) return false;
            long digits = 0;
            foreach (var b in utf8[(negative ? 1 : 0)..])
                if (b != (byte)'.') digits = digits * 10 + (b - '0');
            value = digits / PowersOfTen[decimals];
            // A minus zero is minus zero to the parser too ("-0.0" is -0.0), and is written back with its sign.
            if (negative) value = -value;
            return true;
        }

        public string?[] Materialize(PrimitiveDataFrameColumn<double> column)
        {
            var text = new string?[column.Length];
            // Repeated numbers share one string; keyed by their bits, so 0 and -0 keep their own writing.
            var shared = new Dictionary<long, string>();
            for (int i = 0; i < text.Length; i++)
            {
                if (column[i] is not { } value) continue;
                long bits = BitConverter.DoubleToInt64Bits(value);
                if (!shared.TryGetValue(bits, out var s))
                {
                    s = value.ToString(_format, CultureInfo.InvariantCulture);
                    if (shared.Count < SharedValues.PerColumn) shared[bits] = s;
                }
                text[i] = s;
            }
            for (int k = 0; k < rows.Length; k++) text[rows[k]] = texts[k];
            return text;
        }
    }

    /// <summary>A string column of the frame seen as a list, without copying it.</summary>
    private sealed class StringColumnView(StringDataFrameColumn column) : IReadOnlyList<string?>
    {
        public string? this[int index] => column[index];
        public int Count => (int)column.Length;
        public IEnumerator<string?> GetEnumerator() => column.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
