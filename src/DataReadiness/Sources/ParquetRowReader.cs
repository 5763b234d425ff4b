using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace DataReadiness.Sources;

/// <summary>
/// Reads a Parquet file one row group at a time, rendering each value as invariant-culture UTF-8 text so the
/// profile treats Parquet and CSV alike; memory is bounded by one row group. Native nulls stay nulls.
/// </summary>
public sealed class ParquetRowReader : IRowReader
{
    // Row groups decoded ahead, each by its own reader over its own read-only stream, so decoding (the costly part of
    // Parquet) runs on two threads beside the profile; group g goes to decoder g mod 2, one group at a time each.
    private const int Decoders = 2;

    private readonly string _displayPath;
    private readonly Decoder[] _decoders;
    private readonly int _rowGroupCount;
    private readonly Queue<(int Index, Task<int> Rows, ColumnBuffer[] Buffers)> _ahead = new();
    private readonly Stack<ColumnBuffer[]> _freeBuffers = new();
    private ColumnBuffer[] _buffers = [];
    private int _nextToSchedule;
    private int _rowInGroup;
    private int _rowsInGroup;

    public ParquetRowReader(string path, string displayPath)
    {
        _displayPath = displayPath;
        var first = Open(path, displayPath);
        _rowGroupCount = first.RowGroupCount;
        var usable = new List<DataField>();
        foreach (var field in first.Schema.GetDataFields())
        {
            if (field.MaxRepetitionLevel > 0 || field.IsArray)
                Diagnostics.HeaderProblems.Add($"nested or repeated column '{field.Path}' is not profiled");
            else usable.Add(field);
        }
        Columns = usable.Select(f => f.Name).ToList();
        var decoders = new List<Decoder> { new(first, usable.ToArray()) };
        for (int d = 1; d < Math.Min(Decoders, _rowGroupCount); d++)
        {
            var reader = Open(path, displayPath);
            var fields = reader.Schema.GetDataFields().Where(f => f.MaxRepetitionLevel == 0 && !f.IsArray).ToArray();
            decoders.Add(new Decoder(reader, fields));
        }
        _decoders = decoders.ToArray();
        Diagnostics.Encoding = "parquet";
        ScheduleAhead();
    }

    public IReadOnlyList<string> Columns { get; }
    public long RowNumber { get; private set; }
    public ReadDiagnostics Diagnostics { get; } = new();

    public bool Read()
    {
        while (_rowInGroup >= _rowsInGroup)
        {
            if (_ahead.Count == 0) return false;
            var (index, task, buffers) = _ahead.Peek();
            int rows = WaitFor(index, task);
            _ahead.Dequeue();
            if (_buffers.Length > 0) _freeBuffers.Push(_buffers);
            _buffers = buffers;
            _rowsInGroup = rows;
            _rowInGroup = 0;
            ScheduleAhead();
        }
        _rowInGroup++;
        RowNumber++;
        return true;
    }

    public bool IsNull(int column) => _buffers[column].IsNull(_rowInGroup - 1);

    public ReadOnlySpan<byte> GetUtf8(int column) => _buffers[column].Get(_rowInGroup - 1);

    public void Dispose()
    {
        // Decoding threads read from the files: let them finish before the files close.
        foreach (var (_, task, _) in _ahead)
            try { task.Wait(); } catch (AggregateException) { }
        foreach (var decoder in _decoders) decoder.Reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static ParquetReader Open(string path, string displayPath)
    {
        try
        {
            return ParquetReader.CreateAsync(FileHash.OpenReadOnly(path), new ParquetOptions { TreatByteArrayAsString = true }, leaveStreamOpen: false)
                .GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new SourceReadException($"{displayPath}: not a readable Parquet file ({e.Message})", e);
        }
    }

    // A decoder's previous group has always been waited for before its next is scheduled: the queue holds at most
    // one group per decoder.
    private void ScheduleAhead()
    {
        while (_ahead.Count < _decoders.Length && _nextToSchedule < _rowGroupCount)
        {
            var buffers = _freeBuffers.Count > 0 ? _freeBuffers.Pop() : Columns.Select(_ => new ColumnBuffer()).ToArray();
            int index = _nextToSchedule++;
            _ahead.Enqueue((index, _decoders[index % _decoders.Length].LoadInBackground(index, buffers), buffers));
        }
    }

    private int WaitFor(int index, Task<int> task)
    {
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not SourceReadException and not OutOfMemoryException)
        {
            throw new SourceReadException($"{_displayPath}: row group {index + 1} (from data row {RowNumber + 1}) cannot be read: {e.Message}", e);
        }
    }

    private sealed class Decoder(ParquetReader reader, DataField[] fields)
    {
        public ParquetReader Reader { get; } = reader;
        private DataField[] Fields { get; } = fields;
        // Raw values of one column at a time, reused column after column (a set per column cost 70 MB at 100k-row groups).
        private readonly RawScratch _scratch = new();

        public Task<int> LoadInBackground(int index, ColumnBuffer[] buffers) => Task.Run(async () =>
        {
            using var group = Reader.OpenRowGroupReader(index);
            int rows = checked((int)group.RowCount);
            for (int c = 0; c < Fields.Length; c++)
            {
                buffers[c].Reset(rows);
                await FillAsync(group, Fields[c], rows, buffers[c], _scratch).ConfigureAwait(false);
            }
            return rows;
        });
    }

    private static Task FillAsync(ParquetRowGroupReader group, DataField field, int rows, ColumnBuffer buffer, RawScratch scratch)
    {
        var type = field.ClrType;
        if (type == typeof(ReadOnlyMemory<char>)) return FillStringsAsync(group, field, rows, buffer, scratch);
        if (type == typeof(string)) return FillStringObjectsAsync(group, field, rows, buffer);
        if (type == typeof(bool)) return FillAsync<bool>(group, field, rows, buffer, scratch, (v, b) => b.Add(v ? "true"u8 : "false"u8));
        if (type == typeof(DateTime)) return FillAsync<DateTime>(group, field, rows, buffer, scratch, (v, b) => b.AddText(FormatDateTime(v)));
        if (type == typeof(DateOnly)) return FillAsync<DateOnly>(group, field, rows, buffer, scratch, (v, b) => b.AddFormattable(v, "yyyy-MM-dd"));
        if (type == typeof(TimeOnly)) return FillAsync<TimeOnly>(group, field, rows, buffer, scratch, (v, b) => b.AddFormattable(v, "HH:mm:ss.FFFFFFF"));
        if (type == typeof(DateTimeOffset)) return FillAsync<DateTimeOffset>(group, field, rows, buffer, scratch, (v, b) => b.AddFormattable(v, "O"));
        if (type == typeof(TimeSpan)) return FillAsync<TimeSpan>(group, field, rows, buffer, scratch, (v, b) => b.AddFormattable(v, "c"));
        if (type == typeof(int)) return FillFormattableAsync<int>(group, field, rows, buffer, scratch);
        if (type == typeof(long)) return FillFormattableAsync<long>(group, field, rows, buffer, scratch);
        if (type == typeof(short)) return FillFormattableAsync<short>(group, field, rows, buffer, scratch);
        if (type == typeof(sbyte)) return FillFormattableAsync<sbyte>(group, field, rows, buffer, scratch);
        if (type == typeof(byte)) return FillFormattableAsync<byte>(group, field, rows, buffer, scratch);
        if (type == typeof(ushort)) return FillFormattableAsync<ushort>(group, field, rows, buffer, scratch);
        if (type == typeof(uint)) return FillFormattableAsync<uint>(group, field, rows, buffer, scratch);
        if (type == typeof(ulong)) return FillFormattableAsync<ulong>(group, field, rows, buffer, scratch);
        if (type == typeof(float)) return FillFormattableAsync<float>(group, field, rows, buffer, scratch);
        if (type == typeof(double)) return FillFormattableAsync<double>(group, field, rows, buffer, scratch);
        if (type == typeof(decimal)) return FillFormattableAsync<decimal>(group, field, rows, buffer, scratch);
        if (type == typeof(Guid)) return FillFormattableAsync<Guid>(group, field, rows, buffer, scratch);
        if (type == typeof(byte[])) return FillBytesAsync(group, field, rows, buffer);
        throw new NotSupportedException($"column '{field.Name}' has the Parquet type {type.Name}, which DataReadiness cannot read yet");
    }

    private static string FormatDateTime(DateTime value) =>
        value.TimeOfDay == TimeSpan.Zero
            ? value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static Task FillFormattableAsync<T>(ParquetRowGroupReader group, DataField field, int rows, ColumnBuffer buffer, RawScratch scratch)
        where T : struct, IUtf8SpanFormattable =>
        FillAsync<T>(group, field, rows, buffer, scratch, (v, b) => b.AddFormattable(v, typeof(T) == typeof(double) || typeof(T) == typeof(float) ? "R" : null));

    private static async Task FillAsync<T>(ParquetRowGroupReader group, DataField field, int rows, ColumnBuffer buffer, RawScratch scratch,
        Action<T, ColumnBuffer> add)
        where T : struct
    {
        if (field.IsNullable)
        {
            var values = scratch.ArrayOf<T?>(rows);
            await group.ReadAsync<T>(field, values.AsMemory(0, rows), null).ConfigureAwait(false);
            for (int r = 0; r < rows; r++)
                if (values[r] is { } value) add(value, buffer); else buffer.AddNull();
        }
        else
        {
            var values = scratch.ArrayOf<T>(rows);
            await group.ReadAsync<T>(field, values.AsMemory(0, rows), null).ConfigureAwait(false);
            for (int r = 0; r < rows; r++) add(values[r], buffer);
        }
    }

    private static async Task FillStringObjectsAsync(ParquetRowGroupReader group, DataField field, int rows, ColumnBuffer buffer)
    {
        var values = new string?[rows];
        await group.ReadAsync(field, values.AsMemory()!, null).ConfigureAwait(false);
        foreach (var v in values)
            if (v is null) buffer.AddNull(); else buffer.AddText(v);
    }

    // Raw reading hands back the defined values densely plus a definition level per row, without making a string
    // per value (three times faster than reading strings).
    private static async Task FillStringsAsync(ParquetRowGroupReader group, DataField field, int rows, ColumnBuffer buffer, RawScratch scratch)
    {
        var values = scratch.CharValues(rows);
        int[]? levels = field.MaxDefinitionLevel > 0 ? scratch.DefinitionLevels(rows) : null;
        await group.ReadRawAsync(field, values.AsMemory(0, rows), levels?.AsMemory(0, rows), null).ConfigureAwait(false);
        int next = 0, defined = field.MaxDefinitionLevel;
        for (int r = 0; r < rows; r++)
            if (levels is not null && levels[r] < defined) buffer.AddNull(); else buffer.AddText(values[next++].Span);
        Array.Clear(values, 0, rows);
    }

    private static async Task FillBytesAsync(ParquetRowGroupReader group, DataField field, int rows, ColumnBuffer buffer)
    {
        var values = new byte[]?[rows];
        await group.ReadAsync(field, values.AsMemory()!, null).ConfigureAwait(false);
        foreach (var v in values)
            if (v is null) buffer.AddNull(); else buffer.AddText(Convert.ToHexString(v));
    }

    /// <summary>
    /// A decoder's reusable arrays for one column's raw values: a new array per column and row group is a large-object
    /// allocation (100k values), and enough of those set off full collections.
    /// </summary>
    private sealed class RawScratch
    {
        private readonly Dictionary<Type, Array> _typed = new();

        public T[] ArrayOf<T>(int rows)
        {
            if (_typed.TryGetValue(typeof(T), out var existing) && existing.Length >= rows) return (T[])existing;
            var created = new T[rows];
            _typed[typeof(T)] = created;
            return created;
        }

        private ReadOnlyMemory<char>[] _charValues = [];
        private int[] _definitionLevels = [];

        public ReadOnlyMemory<char>[] CharValues(int rows) => _charValues.Length >= rows ? _charValues : _charValues = new ReadOnlyMemory<char>[rows];
        public int[] DefinitionLevels(int rows) => _definitionLevels.Length >= rows ? _definitionLevels : _definitionLevels = new int[rows];
    }

    /// <summary>One column of one row group as concatenated UTF-8 with offsets.</summary>
    private sealed class ColumnBuffer
    {
        private byte[] _data = new byte[1 << 16];
        private int[] _offsets = new int[1];
        private bool[] _nulls = [];
        private int _count;

        public void Reset(int rows)
        {
            if (_offsets.Length < rows + 1) _offsets = new int[rows + 1];
            if (_nulls.Length < rows) _nulls = new bool[rows];
            _count = 0;
            _offsets[0] = 0;
        }

        public bool IsNull(int row) => _nulls[row];
        public ReadOnlySpan<byte> Get(int row) => _data.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);

        public void AddNull()
        {
            _nulls[_count] = true;
            _offsets[_count + 1] = _offsets[_count];
            _count++;
        }

        public void Add(ReadOnlySpan<byte> utf8)
        {
            Ensure(utf8.Length);
            utf8.CopyTo(_data.AsSpan(_offsets[_count]));
            Commit(utf8.Length);
        }

        public void AddText(ReadOnlySpan<char> text)
        {
            Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
            Commit(Encoding.UTF8.GetBytes(text, _data.AsSpan(_offsets[_count])));
        }

        public void AddFormattable<T>(T value, string? format) where T : IUtf8SpanFormattable
        {
            Ensure(64);
            if (!value.TryFormat(_data.AsSpan(_offsets[_count]), out int written, format, CultureInfo.InvariantCulture))
            {
                AddText(string.Format(CultureInfo.InvariantCulture, "{0}", value));
                return;
            }
            Commit(written);
        }

        private void Ensure(int extra)
        {
            int needed = _offsets[_count] + extra;
            if (needed > _data.Length) Array.Resize(ref _data, Math.Max(needed, _data.Length * 2));
        }

        private void Commit(int length)
        {
            _nulls[_count] = false;
            _offsets[_count + 1] = _offsets[_count] + length;
            _count++;
        }
    }
}
