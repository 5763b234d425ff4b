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
    private readonly string _displayPath;
    private readonly ParquetReader _reader;
    private readonly DataField[] _fields;
    // Two sets of column buffers: the row group being read and the next one, decoded meanwhile on another thread.
    private ColumnBuffer[] _buffers;
    private ColumnBuffer[] _spareBuffers;
    private Task<int>? _nextGroup;
    private int _rowGroup = -1;
    private int _rowInGroup;
    private int _rowsInGroup;

    public ParquetRowReader(string path, string displayPath)
    {
        _displayPath = displayPath;
        try
        {
            _reader = ParquetReader.CreateAsync(FileHash.OpenReadOnly(path), new ParquetOptions { TreatByteArrayAsString = true }, leaveStreamOpen: false)
                .GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new SourceReadException($"{displayPath}: not a readable Parquet file ({e.Message})", e);
        }
        var usable = new List<DataField>();
        foreach (var field in _reader.Schema.GetDataFields())
        {
            if (field.MaxRepetitionLevel > 0 || field.IsArray)
                Diagnostics.HeaderProblems.Add($"nested or repeated column '{field.Path}' is not profiled");
            else usable.Add(field);
        }
        _fields = usable.ToArray();
        _buffers = _fields.Select(_ => new ColumnBuffer()).ToArray();
        _spareBuffers = _fields.Select(_ => new ColumnBuffer()).ToArray();
        if (_reader.RowGroupCount > 0) _nextGroup = LoadInBackground(0, _spareBuffers);
        Columns = _fields.Select(f => f.Name).ToList();
        Diagnostics.Encoding = "parquet";
    }

    public IReadOnlyList<string> Columns { get; }
    public long RowNumber { get; private set; }
    public ReadDiagnostics Diagnostics { get; } = new();

    public bool Read()
    {
        while (_rowInGroup >= _rowsInGroup)
        {
            if (_nextGroup is null) return false;
            int rows = WaitForNextGroup();
            _rowGroup++;
            (_buffers, _spareBuffers) = (_spareBuffers, _buffers);
            _rowsInGroup = rows;
            _rowInGroup = 0;
            _nextGroup = _rowGroup + 1 < _reader.RowGroupCount ? LoadInBackground(_rowGroup + 1, _spareBuffers) : null;
        }
        _rowInGroup++;
        RowNumber++;
        return true;
    }

    public bool IsNull(int column) => _buffers[column].IsNull(_rowInGroup - 1);

    public ReadOnlySpan<byte> GetUtf8(int column) => _buffers[column].Get(_rowInGroup - 1);

    public void Dispose()
    {
        // The decoding thread reads from the file: let it finish before the file closes.
        try { _nextGroup?.Wait(); } catch (AggregateException) { }
        _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private int WaitForNextGroup()
    {
        try
        {
            return _nextGroup!.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not SourceReadException and not OutOfMemoryException)
        {
            throw new SourceReadException($"{_displayPath}: row group {_rowGroup + 2} (from data row {RowNumber + 1}) cannot be read: {e.Message}", e);
        }
    }

    private Task<int> LoadInBackground(int index, ColumnBuffer[] buffers) => Task.Run(async () =>
    {
        using var group = _reader.OpenRowGroupReader(index);
        int rows = checked((int)group.RowCount);
        for (int c = 0; c < _fields.Length; c++)
        {
            buffers[c].Reset(rows);
            await FillAsync(group, _fields[c], rows, buffers[c]).ConfigureAwait(false);
        }
        return rows;
    });

    private static Task FillAsync(ParquetRowGroupReader group, DataField field, int rows, ColumnBuffer buffer)
    {
        var type = field.ClrType;
        if (type == typeof(ReadOnlyMemory<char>)) return FillStringsAsync(group, field, rows, buffer);
        if (type == typeof(string)) return FillStringObjectsAsync(group, field, rows, buffer);
        if (type == typeof(bool)) return FillAsync<bool>(group, field, rows, buffer, (v, b) => b.Add(v ? "true"u8 : "false"u8));
        if (type == typeof(DateTime)) return FillAsync<DateTime>(group, field, rows, buffer, (v, b) => b.AddText(FormatDateTime(v)));
        if (type == typeof(DateOnly)) return FillAsync<DateOnly>(group, field, rows, buffer, (v, b) => b.AddFormattable(v, "yyyy-MM-dd"));
        if (type == typeof(TimeOnly)) return FillAsync<TimeOnly>(group, field, rows, buffer, (v, b) => b.AddFormattable(v, "HH:mm:ss.FFFFFFF"));
        if (type == typeof(DateTimeOffset)) return FillAsync<DateTimeOffset>(group, field, rows, buffer, (v, b) => b.AddFormattable(v, "O"));
        if (type == typeof(TimeSpan)) return FillAsync<TimeSpan>(group, field, rows, buffer, (v, b) => b.AddFormattable(v, "c"));
        if (type == typeof(int)) return FillFormattableAsync<int>(group, field, rows, buffer);
        if (type == typeof(long)) return FillFormattableAsync<long>(group, field, rows, buffer);
        if (type == typeof(short)) return FillFormattableAsync<short>(group, field, rows, buffer);
        if (type == typeof(sbyte)) return FillFormattableAsync<sbyte>(group, field, rows, buffer);
        if (type == typeof(byte)) return FillFormattableAsync<byte>(group, field, rows, buffer);
        if (type == typeof(ushort)) return FillFormattableAsync<ushort>(group, field, rows, buffer);
        if (type == typeof(uint)) return FillFormattableAsync<uint>(group, field, rows, buffer);
        if (type == typeof(ulong)) return FillFormattableAsync<ulong>(group, field, rows, buffer);
        if (type == typeof(float)) return FillFormattableAsync<float>(group, field, rows, buffer);
        if (type == typeof(double)) return FillFormattableAsync<double>(group, field, rows, buffer);
        if (type == typeof(decimal)) return FillFormattableAsync<decimal>(group, field, rows, buffer);
        if (type == typeof(Guid)) return FillFormattableAsync<Guid>(group, field, rows, buffer);
        if (type == typeof(byte[])) return FillBytesAsync(group, field, rows, buffer);
        throw new NotSupportedException($"column '{field.Name}' has the Parquet type {type.Name}, which DataReadiness cannot read yet");
    }

    private static string FormatDateTime(DateTime value) =>
        value.TimeOfDay == TimeSpan.Zero
            ? value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static Task FillFormattableAsync<T>(ParquetRowGroupReader group, DataField field, int rows, ColumnBuffer buffer)
        where T : struct, IUtf8SpanFormattable =>
        FillAsync<T>(group, field, rows, buffer, (v, b) => b.AddFormattable(v, typeof(T) == typeof(double) || typeof(T) == typeof(float) ? "R" : null));

    private static async Task FillAsync<T>(ParquetRowGroupReader group, DataField field, int rows, ColumnBuffer buffer, Action<T, ColumnBuffer> add)
        where T : struct
    {
        if (field.IsNullable)
        {
            var values = new T?[rows];
            await group.ReadAsync<T>(field, values.AsMemory(), null).ConfigureAwait(false);
            foreach (var v in values)
                if (v is { } value) add(value, buffer); else buffer.AddNull();
        }
        else
        {
            var values = new T[rows];
            await group.ReadAsync<T>(field, values.AsMemory(), null).ConfigureAwait(false);
            foreach (var v in values) add(v, buffer);
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
    private static async Task FillStringsAsync(ParquetRowGroupReader group, DataField field, int rows, ColumnBuffer buffer)
    {
        var values = buffer.CharValues(rows);
        int[]? levels = field.MaxDefinitionLevel > 0 ? buffer.DefinitionLevels(rows) : null;
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

        private ReadOnlyMemory<char>[] _charValues = [];
        private int[] _definitionLevels = [];

        public ReadOnlyMemory<char>[] CharValues(int rows) => _charValues.Length >= rows ? _charValues : _charValues = new ReadOnlyMemory<char>[rows];
        public int[] DefinitionLevels(int rows) => _definitionLevels.Length >= rows ? _definitionLevels : _definitionLevels = new int[rows];

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
