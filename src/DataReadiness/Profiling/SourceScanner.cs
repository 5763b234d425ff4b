using System.Numerics;
using System.Text;
using DataReadiness.Jobs;
using DataReadiness.Sampling;
using DataReadiness.Sources;
using DataReadiness.Sources.Sql;
using DataReadiness.Text;
using DataReadiness.Values;

namespace DataReadiness.Profiling;

/// <summary>What one file contributed to a source's pass.</summary>
public sealed record FileScan(
    string Path,
    string FullPath,
    string Format,
    string Sha256,
    long Bytes,
    long RowsRead,
    IReadOnlyList<string> Columns,
    IReadOnlyList<ColumnProfileState> States,
    SamplePart Sample,
    DuplicateRowSketch Duplicates,
    ReadDiagnostics Diagnostics);

/// <summary>Progress of a pass, reported every few thousand rows.</summary>
public readonly record struct ScanProgress(string File, long Rows, long BytesRead, long BytesTotal);

/// <summary>
/// One streaming pass over a file: exact counts and sketches for every column and a seeded bottom-k sample,
/// in memory bounded by the sample size and the sketches, never by the file.
/// </summary>
public static class SourceScanner
{
    private const int ProgressEvery = 1 << 16;
    private const ulong RowHashSeed = 0xC2B2AE3D27D4EB4FUL;
    private const ulong NullFieldHash = 0x165667B19E3779F9UL;

    /// <summary>Scans every file a spec names; the result merges them as one source.</summary>
    public static SourceScan ScanSource(SourceSpec spec, string baseDirectory, int sampleRows, long seed,
        Action<ScanProgress>? progress = null, Func<string, string>? display = null, Action<string>? note = null,
        IReadOnlyCollection<string>? excludedFolders = null, TimeProvider? clock = null)
    {
        display ??= p => p;
        if (spec.Database is not null)
            return SourceScan.FromEngine(DatabaseSources.ScanDatabase(spec, baseDirectory, sampleRows, seed, note, clock), sampleRows, "a database source");
        var files = SourceFiles.Resolve(spec.Path, baseDirectory, excludedFolders, note);
        var (duckDb, reason) = DatabaseSources.EngineFor(spec, files);
        if (duckDb)
        {
            try
            {
                return SourceScan.FromEngine(DatabaseSources.ScanFiles(spec, files, display, sampleRows, seed, note), sampleRows, reason);
            }
            catch (SourceReadException e) when (SourceFiles.FormatOf(files[0], spec.Format) == SourceFormat.Csv && e.InnerException is DuckDB.NET.Data.DuckDBException)
            {
                // DuckDB refuses a CSV its sniffer cannot parse (one unclosed quote is enough); the streaming pass reads
                // it and reports each malformed row, where DuckDB would have failed the run or read one column.
                note?.Invoke($"{spec.Path}: DuckDB could not parse it ({e.Message.Split('\n')[0]}); read by the streaming pass instead, which reports its malformed rows");
                reason = "engine duckdb could not parse the CSV: the streaming pass";
            }
        }
        var scans = files.Select(f => ScanFile(f, spec, sampleRows, seed, progress, display(f))).ToList();
        var combined = SourceScan.Combine(spec.Path, scans, sampleRows);
        combined.EngineReason = reason;
        return combined;
    }

    public static FileScan ScanFile(string path, SourceSpec spec, int sampleRows, long seed,
        Action<ScanProgress>? progress = null, string? displayPath = null)
    {
        displayPath ??= path;
        try
        {
            return ScanReadable(path, spec, sampleRows, seed, progress, displayPath);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SourceReadException($"{displayPath}: cannot be read: permission denied for the user running datareadiness", e);
        }
    }

    private static FileScan ScanReadable(string path, SourceSpec spec, int sampleRows, long seed, Action<ScanProgress>? progress, string displayPath)
    {
        var format = SourceFiles.FormatOf(path, spec.Format);
        long bytesTotal = new FileInfo(path).Length;
        if (format == SourceFormat.Parquet) return ScanParquet(path, sampleRows, seed, progress, displayPath, bytesTotal);
        if (format == SourceFormat.Xlsx)
        {
            using var xlsx = new XlsxRowReader(path, spec.Sheet, displayPath);
            var (states, sample, duplicates, rows) = Pass(xlsx, path, sampleRows, seed, progress, displayPath, bytesTotal, () => 0);
            return new FileScan(displayPath, path, $"xlsx ({xlsx.SheetName})", FileHash.Sha256(path), bytesTotal, rows, xlsx.Columns, states, sample, duplicates, xlsx.Diagnostics);
        }
        var csvSpec = spec.Separator is null && Path.GetExtension(path).Equals(".tsv", StringComparison.OrdinalIgnoreCase)
            ? spec with { Separator = '\t' }
            : spec;
        using var csv = new CsvRowReader(path, csvSpec, displayPath);
        var (csvStates, csvSample, csvDuplicates, csvRows) = Pass(csv, path, sampleRows, seed, progress, displayPath, bytesTotal, () => csv.BytesRead);
        var sha = csv.FinishAndHash();
        return new FileScan(displayPath, path, "csv", sha, csv.BytesRead, csvRows, csv.Columns, csvStates, csvSample, csvDuplicates, csv.Diagnostics);
    }

    /// <summary>
    /// Partitions of the pass. Batches of rows go to them in turn (batch i to partition i mod 2), never to whichever
    /// worker is free, so the merged sketches are the same on every run and every machine; two workers use both
    /// cores of the machines this runs on while the reading thread parses and samples.
    /// </summary>
    internal const int Partitions = 2;
    internal const int BatchRows = 4096;

    /// <summary>
    /// The most columns a file may have. Cost grows faster than the columns (measured with the installed tool, 50 rows of
    /// numbers: 1,000 columns 8.8 s and 0.42 GB; 2,000 about 31 s and 0.74 GB; 10,000 columns 589 s, 3.2 GB and a 102 MB
    /// findings.json), so a wider
    /// file is refused before its pass, as a configuration error naming its width.
    /// </summary>
    public const int MaxColumns = 2000;

    private static void CheckWidth(int width, string displayPath)
    {
        if (width > MaxColumns)
            throw new Configuration.ConfigException([new Configuration.ConfigDiagnostic(displayPath, 1, MaxColumns + 1,
                $"{width:N0} columns, above the {MaxColumns:N0} a run profiles; extract the columns that matter into a narrower file, or split it")]);
    }

    /// <summary>The row-by-row pass (CSV, spreadsheets); tests hold the Parquet pass by column to it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static (ColumnProfileState[] States, SamplePart Sample, DuplicateRowSketch Duplicates, long Rows) Pass(
        IRowReader reader, string path, int sampleRows, long seed, Action<ScanProgress>? progress,
        string displayPath, long bytesTotal, Func<long> bytesRead)
    {
        var columns = reader.Columns;
        int width = columns.Count;
        CheckWidth(width, displayPath);
        var sample = new PackedSample(sampleRows);
        // The file name, not its folder, keys the sample: moving the extracts keeps the same rows.
        ulong fileKey = StableHash.Of(Path.GetFileName(path));
        var partitions = Enumerable.Range(0, Partitions).Select(_ => new PartitionWorker(columns, sampleRows, displayPath)).ToArray();
        using var failed = new CancellationTokenSource();
        var workers = partitions.Select(p => Task.Factory.StartNew(() => p.Run(failed), TaskCreationOptions.LongRunning)).ToArray();
        long rows = 0;
        int next = 0;
        progress?.Invoke(new ScanProgress(displayPath, 0, 0, bytesTotal));
        try
        {
            var batch = partitions[next].Rent(width);
            while (reader.Read())
            {
                rows++;
                batch.Append(reader, width);
                // Sampling stays on this thread: the rows the sample wants are packed; strings are made at the end.
                ulong key = StableHash.OfRow(seed, fileKey, reader.RowNumber);
                if (sample.Wants(key)) sample.Add(key, reader.RowNumber, reader, width);
                if (batch.IsFull)
                {
                    partitions[next].Post(batch, failed.Token);
                    next = (next + 1) % Partitions;
                    batch = partitions[next].Rent(width);
                }
                if (progress is not null && (rows & (ProgressEvery - 1)) == 0)
                    progress(new ScanProgress(displayPath, rows, bytesRead(), bytesTotal));
            }
            if (batch.Count > 0) partitions[next].Post(batch, failed.Token);
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested)
        {
            // A worker failed: its exception is rethrown below.
        }
        finally
        {
            foreach (var p in partitions) p.Complete();
        }
        try { Task.WaitAll(workers); }
        catch (AggregateException e) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw(); }
        finally
        {
            foreach (var p in partitions) p.Dispose();
        }
        progress?.Invoke(new ScanProgress(displayPath, rows, bytesTotal, bytesTotal));

        var (states, duplicates) = Merge(partitions.Select(p => (p.States, p.Duplicates)).ToArray());
        return (states, sample.ToPart(displayPath, columns), duplicates, rows);
    }

    /// <summary>
    /// The pass over a Parquet file is by column, not by row: each row group is profiled whole on the thread that
    /// decoded it (row group g by decoder g mod 2, so the merged sketches are the same on every run), a
    /// dictionary-encoded column once per dictionary entry with its row count. Only sampling reads row by row.
    /// </summary>
    private static FileScan ScanParquet(string path, int sampleRows, long seed, Action<ScanProgress>? progress, string displayPath, long bytesTotal)
    {
        // Hashed beside the pass, from its own read-only handle: after it, the hash was the last twentieth of the time.
        var sha256 = Task.Run(() => FileHash.Sha256(path));
        RowGroupProfiler[] profilers = [];
        using var parquet = new ParquetRowReader(path, displayPath, (decoder, group) => profilers[decoder].Add(group));
        var columns = parquet.Columns;
        CheckWidth(columns.Count, displayPath);
        profilers = Enumerable.Range(0, ParquetRowReader.Decoders).Select(_ => new RowGroupProfiler(columns, sampleRows, displayPath)).ToArray();
        int width = columns.Count;
        // The rows the sample keeps are known from the footer's row count (SampleRows), so this thread visits only them,
        // packing their fields while the decoders profile every row group.
        var sampled = new SamplePart(columns);
        var writer = new SegmentWriter();
        ulong fileKey = StableHash.Of(Path.GetFileName(path));
        progress?.Invoke(new ScanProgress(displayPath, 0, 0, bytesTotal));
        // The decoders start on the first row groups while this thread picks the sample's rows. A row group's sampled
        // rows are packed together, column by column, before the reader leaves the group: row by row, a 300-column file
        // missed the cache on every field.
        parquet.StartDecoding();
        var inGroup = new List<(long Row, ulong Key, int Index)>();
        foreach (var (row, key) in SampleRows(seed, fileKey, parquet.TotalRows, sampleRows))
        {
            if (!parquet.InCurrentGroup(row)) PackGroup(parquet, inGroup, sampled, writer, displayPath);
            long before = parquet.RowNumber;
            if (!parquet.MoveTo(row)) break;
            inGroup.Add((row, key, parquet.RowInGroup));
            if (progress is not null && (before >> 16) != (row >> 16)) progress(new ScanProgress(displayPath, row, 0, bytesTotal));
        }
        PackGroup(parquet, inGroup, sampled, writer, displayPath);
        // Past the last sampled row: the remaining row groups are decoded and profiled, their rows not visited.
        parquet.MoveTo(long.MaxValue);
        long rows = parquet.RowNumber;
        progress?.Invoke(new ScanProgress(displayPath, rows, bytesTotal, bytesTotal));
        var (states, duplicates) = Merge(profilers.Select(p => (p.States, p.Duplicates)).ToArray());
        return new FileScan(displayPath, path, "parquet", sha256.GetAwaiter().GetResult(), bytesTotal, rows, columns, states,
            sampled, duplicates, parquet.Diagnostics);
    }

    /// <summary>
    /// Packs a row group's sampled rows, each into its own array: the sizes are found column by column (a column's
    /// values are read together), then each row's fields are copied out.
    /// </summary>
    private static void PackGroup(ParquetRowReader parquet, List<(long Row, ulong Key, int Index)> inGroup, SamplePart sampled,
        SegmentWriter writer, string file)
    {
        if (inGroup.Count == 0) return;
        sampled.AddRows(inGroup.Select(r => new SampleRowId(file, r.Row, r.Key)));
        for (int c = 0; c < sampled.Columns.Count; c++)
        {
            foreach (var (_, _, index) in inGroup)
            {
                if (parquet.IsNullAt(c, index)) writer.AddNull();
                else writer.Add(parquet.GetUtf8At(c, index));
            }
            var (bytes, used) = writer.Finish();
            sampled.AddSegment(c, bytes, used);
        }
        inGroup.Clear();
    }

    /// <summary>
    /// Folds a field's hash into its row's, column after column from <see cref="RowHashSeed"/>: both passes use it, so
    /// equal rows hash alike whether read from CSV or Parquet, by row or by column.
    /// </summary>
    private static ulong FoldField(ulong rowHash, ulong fieldHash) =>
        (BitOperations.RotateLeft(rowHash, 23) ^ fieldHash) * 0x9E3779B97F4A7C15UL;

    /// <summary>
    /// The rows among 1 to <paramref name="rows"/> with the <paramref name="k"/> smallest sampling keys, in row order,
    /// with their keys: the bottom-k sample decided before the pass, which a known row count (a Parquet footer) allows,
    /// since a key depends on the row number alone.
    /// </summary>
    internal static (long Row, ulong Key)[] SampleRows(long seed, ulong fileKey, long rows, int k)
    {
        // Largest first, as the complement's smallest (see BottomKSample).
        var largestFirst = new PriorityQueue<long, ulong>((int)Math.Min(k, rows));
        for (long row = 1; row <= rows; row++)
        {
            ulong key = StableHash.OfRow(seed, fileKey, row);
            if (largestFirst.Count < k) largestFirst.Enqueue(row, ~key);
            else if (largestFirst.TryPeek(out _, out var complement) && key < ~complement) largestFirst.DequeueEnqueue(row, ~key);
        }
        var kept = largestFirst.UnorderedItems.Select(e => (Row: e.Element, Key: ~e.Priority)).ToArray();
        Array.Sort(kept, (a, b) => a.Row.CompareTo(b.Row));
        return kept;
    }

    private static (ColumnProfileState[] States, DuplicateRowSketch Duplicates) Merge((ColumnProfileState[] States, DuplicateRowSketch Duplicates)[] partitions)
    {
        var (states, duplicates) = partitions[0];
        for (int i = 1; i < partitions.Length; i++)
        {
            for (int c = 0; c < states.Length; c++) states[c].Merge(partitions[i].States[c]);
            duplicates.Merge(partitions[i].Duplicates);
        }
        return (states, duplicates);
    }

    /// <summary>Profiles decoded row groups column by column, into one partition's states.</summary>
    private sealed class RowGroupProfiler(IReadOnlyList<string> columns, int sampleRows, string displayPath)
    {
        private ulong[] _rowHashes = [];
        private ulong[] _entryHashes = [];
        private int[] _rowsPerEntry = [];

        public ColumnProfileState[] States { get; } = columns.Select(c => new ColumnProfileState(c)).ToArray();
        public DuplicateRowSketch Duplicates { get; } = new(sampleRows);

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Add(DecodedRowGroup group)
        {
            int rows = group.Rows;
            if (_rowHashes.Length < rows) _rowHashes = new ulong[rows];
            var rowHashes = _rowHashes.AsSpan(0, rows);
            rowHashes.Fill(RowHashSeed);
            for (int c = 0; c < States.Length; c++)
            {
                var values = group.Columns[c];
                int entries = values.EntryCount;
                if (_entryHashes.Length < entries)
                {
                    _entryHashes = new ulong[Math.Max(entries, _entryHashes.Length * 2)];
                    _rowsPerEntry = new int[_entryHashes.Length];
                }
                var entryHashes = _entryHashes.AsSpan(0, entries);
                var rowsPerEntry = _rowsPerEntry.AsSpan(0, entries);
                rowsPerEntry.Clear();
                for (int e = 0; e < entries; e++) entryHashes[e] = StableHash.Of(values.Entry(e));
                var codes = values.Codes;
                long nulls = 0;
                for (int r = 0; r < rows; r++)
                {
                    int code = codes[r];
                    ulong fieldHash = NullFieldHash;
                    if (code < 0) nulls++;
                    else
                    {
                        rowsPerEntry[code]++;
                        fieldHash = entryHashes[code];
                    }
                    // The same fold over the columns in order as the row-by-row pass, one column at a time.
                    rowHashes[r] = FoldField(rowHashes[r], fieldHash);
                }
                if (nulls > 0) States[c].AddNull(nulls);
                for (int e = 0; e < entries; e++)
                    if (rowsPerEntry[e] > 0) States[c].Add(values.Entry(e), entryHashes[e], rowsPerEntry[e]);
            }
            for (int r = 0; r < rows; r++) Duplicates.Add(rowHashes[r], displayPath, group.FirstRow + r + 1);
        }
    }

    /// <summary>One partition of the pass: profiles the batches it is given on a thread of its own.</summary>
    private sealed class PartitionWorker(IReadOnlyList<string> columns, int sampleRows, string displayPath) : IDisposable
    {
        // Two batches in flight per partition: the reader fills one while the worker profiles the other.
        private readonly System.Collections.Concurrent.BlockingCollection<RowBatch> _queue = new(boundedCapacity: 2);
        private readonly System.Collections.Concurrent.ConcurrentBag<RowBatch> _spare = new();

        public ColumnProfileState[] States { get; } = columns.Select(c => new ColumnProfileState(c)).ToArray();
        public DuplicateRowSketch Duplicates { get; } = new(sampleRows);

        public RowBatch Rent(int width)
        {
            if (!_spare.TryTake(out var batch)) batch = new RowBatch(width);
            batch.Clear();
            return batch;
        }

        public void Post(RowBatch batch, CancellationToken failed) => _queue.Add(batch, failed);

        public void Complete() => _queue.CompleteAdding();

        public void Dispose() => _queue.Dispose();

        public void Run(CancellationTokenSource failed)
        {
            try
            {
                foreach (var batch in _queue.GetConsumingEnumerable())
                {
                    Profile(batch);
                    _spare.Add(batch);
                }
            }
            catch
            {
                failed.Cancel();
                throw;
            }
        }

        private readonly ulong[] _rowHashes = new ulong[BatchRows];

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private void Profile(RowBatch batch)
        {
            var states = States;
            var rowHashes = _rowHashes.AsSpan(0, batch.Count);
            rowHashes.Fill(RowHashSeed);
            for (int c = 0; c < states.Length; c++)
            {
                var state = states[c];
                for (int r = 0; r < rowHashes.Length; r++)
                {
                    ulong fieldHash = NullFieldHash;
                    var field = batch.Field(r, c, out bool isNull);
                    if (isNull) state.AddNull();
                    else
                    {
                        fieldHash = StableHash.Of(field);
                        state.Add(field, fieldHash);
                    }
                    rowHashes[r] = FoldField(rowHashes[r], fieldHash);
                }
            }
            for (int r = 0; r < rowHashes.Length; r++) Duplicates.Add(rowHashes[r], displayPath, batch.RowNumber(r));
        }
    }

    /// <summary>Rows copied out of the reader's buffers: one byte array for every field, with offsets.</summary>
    private sealed class RowBatch(int width)
    {
        private const int FullBytes = 1 << 20;
        private byte[] _data = new byte[FullBytes + (1 << 16)];
        private int _used;
        // Wide files take fewer rows a batch, so a batch's offsets stay near 2 MiB whatever the width. Not fewer: a
        // batch is profiled column by column, and 218 rows of 300 columns (512 KiB) left each column's sketches cold
        // (bench/'s wide profile 7.1-7.7 s; 873 rows: 6.1-6.6 s).
        private readonly int _capacity = RowsPerBatch(width);
        private readonly int[] _starts = new int[RowsPerBatch(width) * Math.Max(1, width)];
        private readonly int[] _lengths = new int[RowsPerBatch(width) * Math.Max(1, width)];

        private static int RowsPerBatch(int width) => Math.Clamp(262_144 / Math.Max(1, width), 64, BatchRows);
        private readonly long[] _rowNumbers = new long[BatchRows];

        public int Count { get; private set; }
        public bool IsFull => Count == _capacity || _used >= FullBytes;

        public void Clear() => (Count, _used) = (0, 0);

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Append(IRowReader reader, int width)
        {
            int at = Count * width;
            for (int c = 0; c < width; c++, at++)
            {
                if (reader.IsNull(c))
                {
                    _lengths[at] = -1;
                    continue;
                }
                var field = reader.GetUtf8(c);
                if (_used + field.Length > _data.Length) Array.Resize(ref _data, Math.Max(_data.Length * 2, _used + field.Length));
                field.CopyTo(_data.AsSpan(_used));
                _starts[at] = _used;
                _lengths[at] = field.Length;
                _used += field.Length;
            }
            _rowNumbers[Count++] = reader.RowNumber;
        }

        public ReadOnlySpan<byte> Field(int row, int column, out bool isNull)
        {
            int at = row * width + column;
            isNull = _lengths[at] < 0;
            return isNull ? default : _data.AsSpan(_starts[at], _lengths[at]);
        }

        public long RowNumber(int row) => _rowNumbers[row];
    }
}
