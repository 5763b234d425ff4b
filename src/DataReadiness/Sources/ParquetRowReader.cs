using System.Globalization;
using System.Text;
using DataReadiness.Sources.ParquetPages;
using Microsoft.Win32.SafeHandles;
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
    internal const int Decoders = 2;

    private readonly string _displayPath;
    private readonly Decoder[] _decoders;
    private readonly int _rowGroupCount;
    private readonly Queue<(int Index, Task<int> Rows, ColumnValues[] Buffers)> _ahead = new();
    private readonly Stack<ColumnValues[]> _freeBuffers = new();
    private ColumnValues[] _buffers = [];
    private int _nextToSchedule;
    private bool _started;
    private int _rowInGroup;
    private int _rowsInGroup;

    public ParquetRowReader(string path, string displayPath) : this(path, displayPath, null)
    {
    }

    /// <param name="path">The file.</param>
    /// <param name="displayPath">The file as messages name it.</param>
    /// <param name="onDecoded">
    /// Called with each row group as soon as it is decoded, on the decoding thread, with that decoder's number (row
    /// group g goes to decoder g mod 2): the scan profiles whole columns there, before the rows are read one by one.
    /// </param>
    internal ParquetRowReader(string path, string displayPath, Action<int, DecodedRowGroup>? onDecoded)
    {
        _displayPath = displayPath;
        var first = Open(path, displayPath);
        _rowGroupCount = first.RowGroupCount;
        var usable = new List<DataField>();
        foreach (var field in first.Schema.GetDataFields())
        {
            if (field.MaxRepetitionLevel > 0 || field.IsArray)
                Diagnostics.HeaderProblems.Add($"nested or repeated column '{field.Path}' is not profiled");
            else if (!Readable(field))
                Diagnostics.HeaderProblems.Add($"column '{ColumnName(field)}' has the Parquet type {field.ClrType.Name}, which is not profiled; the other columns are");
            else usable.Add(field);
        }
        Columns = usable.Select(ColumnName).ToList();
        var firstRows = new long[_rowGroupCount];
        for (int g = 1; g < _rowGroupCount; g++) firstRows[g] = firstRows[g - 1] + first.Metadata!.RowGroups[g - 1].NumRows;
        TotalRows = _rowGroupCount == 0 ? 0 : firstRows[^1] + first.Metadata!.RowGroups[^1].NumRows;
        var decoders = new List<Decoder> { new(0, path, first, usable.ToArray(), firstRows, onDecoded) };
        for (int d = 1; d < Math.Min(Decoders, _rowGroupCount); d++)
        {
            var reader = Open(path, displayPath);
            var fields = reader.Schema.GetDataFields().Where(f => f.MaxRepetitionLevel == 0 && !f.IsArray && Readable(f)).ToArray();
            decoders.Add(new Decoder(d, path, reader, fields, firstRows, onDecoded));
        }
        _decoders = decoders.ToArray();
        Diagnostics.Encoding = "parquet";
    }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>Column chunks read from their pages by <see cref="TextChunkDecoder"/>, and those Parquet.Net read.</summary>
    internal int ChunksFromPages => _decoders.Sum(d => d.ChunksFromPages);
    internal int ChunksFromParquetNet => _decoders.Sum(d => d.ChunksFromParquetNet);

    /// <summary>The rows the footer declares, known before any is read.</summary>
    public long TotalRows { get; }

    public long RowNumber { get; private set; }
    public ReadDiagnostics Diagnostics { get; } = new();

    public bool Read() => MoveTo(RowNumber + 1);

    /// <summary>
    /// Starts decoding row groups ahead. The first read does it too; not the constructor, so that a caller's onDecoded
    /// can use <see cref="Columns"/>.
    /// </summary>
    internal void StartDecoding()
    {
        if (_started) return;
        _started = true;
        ScheduleAhead();
    }

    /// <summary>
    /// Moves forward to data row <paramref name="rowNumber"/> (1-based), passing whole row groups without visiting
    /// their rows (they are still decoded, and handed to onDecoded); false, at the last row, when the file ends first.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal bool MoveTo(long rowNumber)
    {
        if (rowNumber <= RowNumber) throw new ArgumentOutOfRangeException(nameof(rowNumber), "rows are read forward only");
        StartDecoding();
        while (rowNumber - RowNumber > _rowsInGroup - _rowInGroup)
        {
            RowNumber += _rowsInGroup - _rowInGroup;
            _rowInGroup = _rowsInGroup;
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
        _rowInGroup += (int)(rowNumber - RowNumber);
        RowNumber = rowNumber;
        return true;
    }

    public bool IsNull(int column) => _buffers[column].IsNull(_rowInGroup - 1);

    /// <summary>Whether <see cref="MoveTo"/> this row (ahead of the current one) stays in the current row group.</summary>
    internal bool InCurrentGroup(long rowNumber) => rowNumber > RowNumber && rowNumber - RowNumber <= _rowsInGroup - _rowInGroup;

    /// <summary>The current row's index in its row group: its fields stay readable with <see cref="GetUtf8At"/> until
    /// the reader leaves the group.</summary>
    internal int RowInGroup => _rowInGroup - 1;

    internal bool IsNullAt(int column, int rowInGroup) => _buffers[column].IsNull(rowInGroup);

    internal ReadOnlySpan<byte> GetUtf8At(int column, int rowInGroup) => _buffers[column].Get(rowInGroup);

    public ReadOnlySpan<byte> GetUtf8(int column) => _buffers[column].Get(_rowInGroup - 1);

    public void Dispose()
    {
        // Decoding threads read from the files: let them finish before the files close.
        foreach (var (_, task, _) in _ahead)
            try { task.Wait(); } catch (AggregateException) { }
        foreach (var decoder in _decoders) decoder.Dispose();
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
            var buffers = _freeBuffers.Count > 0 ? _freeBuffers.Pop() : Columns.Select(_ => new ColumnValues()).ToArray();
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
        catch (ProfilingFailedException e)
        {
            // Not the file's fault: the profile's own failure, rethrown as it was.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException!).Throw();
            throw;
        }
        catch (Exception e) when (e is not SourceReadException and not OutOfMemoryException)
        {
            throw new SourceReadException($"{_displayPath}: row group {index + 1} (from data row {RowNumber + 1}) cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Wraps a failure of the decoded-group callback so it is not reported as an unreadable row group.</summary>
    private sealed class ProfilingFailedException(Exception inner) : Exception(inner.Message, inner);

    private sealed class Decoder(int number, string path, ParquetReader reader, DataField[] fields, long[] firstRows,
        Action<int, DecodedRowGroup>? onDecoded) : IDisposable
    {
        // Raw values of one column at a time, reused column after column (a set per column cost 70 MB at 100k-row groups).
        private readonly RawScratch _scratch = new();
        private readonly TextChunkDecoder _pages = new();
        // Page reads are positional (pread), so this handle is never shared with Parquet.Net's stream position.
        private readonly SafeFileHandle _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);

        public Task<int> LoadInBackground(int index, ColumnValues[] buffers) => Task.Run(async () =>
        {
            using var group = reader.OpenRowGroupReader(index);
            int rows = checked((int)group.RowCount);
            for (int c = 0; c < fields.Length; c++)
                await FillColumnAsync(group, fields[c], rows, buffers[c]).ConfigureAwait(false);
            try
            {
                onDecoded?.Invoke(number, new DecodedRowGroup(index, firstRows[index], rows, buffers));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new ProfilingFailedException(e);
            }
            return rows;
        });

        private async Task FillColumnAsync(ParquetRowGroupReader group, DataField field, int rows, ColumnValues buffer)
        {
            var chunk = group.GetMetadata(field);
            bool isText = field.ClrType == typeof(ReadOnlyMemory<char>) || field.ClrType == typeof(string);
            if (isText && chunk is not null && TextChunkDecoder.CanDecode(chunk))
            {
                try
                {
                    _pages.Decode(_file, chunk.MetaData!, field.MaxDefinitionLevel, rows, buffer);
                    ChunksFromPages++;
                    return;
                }
                catch (UnsupportedChunkException)
                {
                    // A page the metadata did not announce (an encoding this decoder lacks): Parquet.Net reads the chunk.
                }
            }
            buffer.Reset(rows);
            await FillAsync(group, field, rows, buffer, _scratch).ConfigureAwait(false);
            ChunksFromParquetNet++;
        }

        // Each decoder counts its own chunks (one group at a time), read once the pass is over.
        public int ChunksFromPages { get; private set; }
        public int ChunksFromParquetNet { get; private set; }

        public void Dispose()
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _pages.Dispose();
            _file.Dispose();
        }
    }

    /// <summary>
    /// A column's name: a struct's member is named by its path (<c>customer.id</c>), so it never merges with a top-level
    /// column of the same name.
    /// </summary>
    private static string ColumnName(DataField field) => field.Path.Length > 1 ? field.Path.ToString().Replace('/', '.') : field.Name;

    private static readonly HashSet<Type> ReadableTypes =
    [
        typeof(ReadOnlyMemory<char>), typeof(string), typeof(bool), typeof(DateTime), typeof(DateOnly), typeof(TimeOnly), typeof(DateTimeOffset),
        typeof(TimeSpan), typeof(int), typeof(long), typeof(short), typeof(sbyte), typeof(byte), typeof(ushort), typeof(uint), typeof(ulong),
        typeof(float), typeof(double), typeof(decimal), typeof(Guid), typeof(byte[]),
    ];

    /// <summary>Whether a column's values can be read as text here; one that cannot (an INTERVAL) is skipped and reported, not the whole file.</summary>
    private static bool Readable(DataField field) => ReadableTypes.Contains(field.ClrType);

    private static Task FillAsync(ParquetRowGroupReader group, DataField field, int rows, ColumnValues buffer, RawScratch scratch)
    {
        var type = field.ClrType;
        // A TIME column is stored as a count of milli-, micro- or nanoseconds since midnight: shown as the time it is.
        if (field is TimeDataField time && (type == typeof(long) || type == typeof(int)))
        {
            Func<long, TimeOnly> clock = time.Precision switch
            {
                TimeUnitPrecision.Millis => v => new TimeOnly(v * TimeSpan.TicksPerMillisecond),
                TimeUnitPrecision.Micros => v => new TimeOnly(v * TimeSpan.TicksPerMicrosecond),
                _ => v => new TimeOnly(v / TimeSpan.NanosecondsPerTick),
            };
            return type == typeof(long)
                ? FillAsync<long>(group, field, rows, buffer, scratch, (v, b) => b.AddFormattable(clock(v), "HH:mm:ss.FFFFFFF"))
                : FillAsync<int>(group, field, rows, buffer, scratch, (v, b) => b.AddFormattable(clock(v), "HH:mm:ss.FFFFFFF"));
        }
        // A DATE is a day; a TIMESTAMP keeps its time even at midnight, so one column never shows two formats.
        if (type == typeof(DateTime) && field is DateTimeDataField { DateTimeFormat: not DateTimeFormat.Date })
            return FillAsync<DateTime>(group, field, rows, buffer, scratch, (v, b) => b.AddText(v.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)));
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
        if (type == typeof(double)) return FillAsync<double>(group, field, rows, buffer, scratch, (v, b) => b.AddDouble(v));
        if (type == typeof(decimal)) return FillFormattableAsync<decimal>(group, field, rows, buffer, scratch);
        if (type == typeof(Guid)) return FillFormattableAsync<Guid>(group, field, rows, buffer, scratch);
        if (type == typeof(byte[])) return FillBytesAsync(group, field, rows, buffer);
        throw new NotSupportedException($"column '{field.Name}' has the Parquet type {type.Name}, which DataReadiness cannot read yet");
    }

    private static string FormatDateTime(DateTime value) =>
        value.TimeOfDay == TimeSpan.Zero
            ? value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static Task FillFormattableAsync<T>(ParquetRowGroupReader group, DataField field, int rows, ColumnValues buffer, RawScratch scratch)
        where T : struct, IUtf8SpanFormattable =>
        FillAsync<T>(group, field, rows, buffer, scratch, (v, b) => b.AddFormattable(v, typeof(T) == typeof(double) || typeof(T) == typeof(float) ? "R" : null));

    private static async Task FillAsync<T>(ParquetRowGroupReader group, DataField field, int rows, ColumnValues buffer, RawScratch scratch,
        Action<T, ColumnValues> add)
        where T : struct
    {
        var repeats = RepeatedValues<T>.For(scratch);
        if (field.IsNullable)
        {
            var values = scratch.ArrayOf<T?>(rows);
            await group.ReadAsync<T>(field, values.AsMemory(0, rows), null).ConfigureAwait(false);
            for (int r = 0; r < rows; r++)
            {
                if (values[r] is not { } value) buffer.AddNull();
                else if (repeats is null || !repeats.TryAddRepeat(value, buffer)) add(value, buffer);
            }
        }
        else
        {
            var values = scratch.ArrayOf<T>(rows);
            await group.ReadAsync<T>(field, values.AsMemory(0, rows), null).ConfigureAwait(false);
            for (int r = 0; r < rows; r++)
                if (repeats is null || !repeats.TryAddRepeat(values[r], buffer)) add(values[r], buffer);
        }
    }

    /// <summary>
    /// Gives a typed value seen before in the chunk the entry it already has, so a column of a few distinct numbers
    /// (quantities, flags, line numbers) is formatted and profiled once per value, as a dictionary-encoded text
    /// column is. Values are told apart by their bits (0 and −0 format differently); only types of at most eight bytes
    /// with no padding take part. A chunk whose values are mostly distinct stops looking them up.
    /// </summary>
    private sealed class RepeatedValues<T> where T : struct
    {
        private const int Probe = 4096;
        private readonly Dictionary<ulong, int> _entries = new();
        private int _looked;
        private bool _givenUp;

        public static RepeatedValues<T>? For(RawScratch scratch)
        {
            var t = typeof(T);
            if (!(t.IsPrimitive || t == typeof(DateTime) || t == typeof(DateOnly) || t == typeof(TimeOnly) || t == typeof(TimeSpan))
                || System.Runtime.CompilerServices.Unsafe.SizeOf<T>() > sizeof(ulong)) return null;
            var repeats = scratch.Reusable<RepeatedValues<T>>();
            repeats._entries.Clear();
            repeats._looked = 0;
            repeats._givenUp = false;
            return repeats;
        }

        /// <summary>True when the value was given its earlier entry; false when the caller must add it (it is then remembered).</summary>
        public bool TryAddRepeat(T value, ColumnValues buffer)
        {
            if (_givenUp) return false;
            if (++_looked == Probe && _entries.Count > Probe / 2)
            {
                _givenUp = true;
                return false;
            }
            ulong bits = 0;
            System.Runtime.CompilerServices.Unsafe.WriteUnaligned(ref System.Runtime.CompilerServices.Unsafe.As<ulong, byte>(ref bits), value);
            ref int entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_entries, bits, out bool seen);
            if (seen)
            {
                buffer.AddCode(entry);
                return true;
            }
            entry = buffer.EntryCount;
            return false;
        }
    }

    private static async Task FillStringObjectsAsync(ParquetRowGroupReader group, DataField field, int rows, ColumnValues buffer)
    {
        var values = new string?[rows];
        await group.ReadAsync(field, values.AsMemory()!, null).ConfigureAwait(false);
        foreach (var v in values)
            if (v is null) buffer.AddNull(); else buffer.AddText(v);
    }

    // Raw reading hands back the defined values densely plus a definition level per row, without making a string
    // per value (three times faster than reading strings).
    private static async Task FillStringsAsync(ParquetRowGroupReader group, DataField field, int rows, ColumnValues buffer, RawScratch scratch)
    {
        var values = scratch.CharValues(rows);
        int[]? levels = field.MaxDefinitionLevel > 0 ? scratch.DefinitionLevels(rows) : null;
        await group.ReadRawAsync(field, values.AsMemory(0, rows), levels?.AsMemory(0, rows), null).ConfigureAwait(false);
        int next = 0, defined = field.MaxDefinitionLevel;
        for (int r = 0; r < rows; r++)
            if (levels is not null && levels[r] < defined) buffer.AddNull(); else buffer.AddText(values[next++].Span);
        Array.Clear(values, 0, rows);
    }

    private static async Task FillBytesAsync(ParquetRowGroupReader group, DataField field, int rows, ColumnValues buffer)
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

        private readonly Dictionary<Type, object> _reusable = new();

        public T Reusable<T>() where T : class, new()
        {
            if (!_reusable.TryGetValue(typeof(T), out var existing)) _reusable[typeof(T)] = existing = new T();
            return (T)existing;
        }

        private ReadOnlyMemory<char>[] _charValues = [];
        private int[] _definitionLevels = [];

        public ReadOnlyMemory<char>[] CharValues(int rows) => _charValues.Length >= rows ? _charValues : _charValues = new ReadOnlyMemory<char>[rows];
        public int[] DefinitionLevels(int rows) => _definitionLevels.Length >= rows ? _definitionLevels : _definitionLevels = new int[rows];
    }
}

/// <summary>A row group just decoded: its columns and where its rows start in the file (0-based).</summary>
internal readonly record struct DecodedRowGroup(int Index, long FirstRow, int Rows, ColumnValues[] Columns);
