using System.Numerics;
using System.Text;
using DataReadiness.Sampling;
using DataReadiness.Sources;
using DataReadiness.Sources.Sql;

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
    BottomKSample Sample,
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
        Action<ScanProgress>? progress = null, Func<string, string>? display = null, Action<string>? note = null)
    {
        display ??= p => p;
        if (spec.Database is not null) return DatabaseSources.ScanDatabase(spec, baseDirectory, sampleRows, seed, note);
        var files = SourceFiles.Resolve(spec.Path, baseDirectory);
        if (DatabaseSources.UsesDuckDb(spec, files)) return DatabaseSources.ScanParquet(spec, files, display, sampleRows, seed, note);
        var scans = files.Select(f => ScanFile(f, spec, sampleRows, seed, progress, display(f))).ToList();
        return SourceScan.Combine(spec.Path, scans, sampleRows);
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
        if (format == SourceFormat.Parquet)
        {
            using var parquet = new ParquetRowReader(path, displayPath);
            var (states, sample, duplicates, rows) = Pass(parquet, path, sampleRows, seed, progress, displayPath, bytesTotal, () => 0);
            return new FileScan(displayPath, path, "parquet", FileHash.Sha256(path), bytesTotal, rows, parquet.Columns, states, sample, duplicates, parquet.Diagnostics);
        }
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

    private static (ColumnProfileState[] States, BottomKSample Sample, DuplicateRowSketch Duplicates, long Rows) Pass(
        IRowReader reader, string path, int sampleRows, long seed, Action<ScanProgress>? progress,
        string displayPath, long bytesTotal, Func<long> bytesRead)
    {
        var columns = reader.Columns;
        var states = columns.Select(c => new ColumnProfileState(c)).ToArray();
        var sample = new BottomKSample(sampleRows);
        var duplicates = new DuplicateRowSketch(sampleRows);
        // The file name, not its folder, keys the sample: moving the extracts keeps the same rows.
        ulong fileKey = StableHash.Of(Path.GetFileName(path));
        long rows = 0;
        progress?.Invoke(new ScanProgress(displayPath, 0, 0, bytesTotal));
        while (reader.Read())
        {
            rows++;
            ulong rowHash = RowHashSeed;
            for (int c = 0; c < states.Length; c++)
            {
                ulong fieldHash = NullFieldHash;
                if (reader.IsNull(c)) states[c].AddNull();
                else
                {
                    var field = reader.GetUtf8(c);
                    fieldHash = StableHash.Of(field);
                    states[c].Add(field, fieldHash);
                }
                rowHash = (BitOperations.RotateLeft(rowHash, 23) ^ fieldHash) * 0x9E3779B97F4A7C15UL;
            }
            duplicates.Add(rowHash, displayPath, reader.RowNumber);
            ulong key = StableHash.OfRow(seed, fileKey, reader.RowNumber);
            if (sample.Wants(key)) sample.Add(new SampledRow(displayPath, reader.RowNumber, key, Materialise(reader, states.Length)));
            if (progress is not null && (rows & (ProgressEvery - 1)) == 0)
                progress(new ScanProgress(displayPath, rows, bytesRead(), bytesTotal));
        }
        progress?.Invoke(new ScanProgress(displayPath, rows, bytesTotal, bytesTotal));
        return (states, sample, duplicates, rows);
    }

    private static string?[] Materialise(IRowReader reader, int width)
    {
        var values = new string?[width];
        for (int c = 0; c < width; c++)
            values[c] = reader.IsNull(c) ? null : Encoding.UTF8.GetString(reader.GetUtf8(c));
        return values;
    }
}
