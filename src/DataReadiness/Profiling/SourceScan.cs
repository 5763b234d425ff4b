using DataReadiness.Findings;
using DataReadiness.Sampling;
using DataReadiness.Sources.Sql;

namespace DataReadiness.Profiling;

/// <summary>A source's pass over all its files, merged: columns by name, states merged, samples merged.</summary>
public sealed class SourceScan
{
    private SourceScan(string pattern, IReadOnlyList<FileScan> files, IReadOnlyList<ColumnProfileState> columns, SampleFrame sample,
        DuplicateRowSketch duplicates, IReadOnlyDictionary<string, IReadOnlyList<string>> missingColumnsByFile)
    {
        Duplicates = duplicates;
        Pattern = pattern;
        Files = files;
        Columns = columns;
        Sample = sample;
        MissingColumnsByFile = missingColumnsByFile;
    }

    public string Pattern { get; }
    public IReadOnlyList<FileScan> Files { get; }
    public IReadOnlyList<ColumnProfileState> Columns { get; }
    /// <summary>The seeded sample, as the frame the rules, the comparison and the estimate read.</summary>
    public SampleFrame Sample { get; }
    /// <summary>Exact duplicate rows over every row read, by content hash (files of a glob whose columns differ never match).</summary>
    public DuplicateRowSketch Duplicates { get; }
    /// <summary>For a glob whose files disagree on columns: which columns each file lacks (they count as null there).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> MissingColumnsByFile { get; }
    public long RowsRead => Files.Sum(f => f.RowsRead);

    /// <summary>Who scanned the source: stream (the pass of this tool), duckdb or postgres.</summary>
    public string Engine { get; private init; } = "stream";
    /// <summary>Why that engine: the job file asked, engine auto decided (and how), or a database source.</summary>
    public string EngineReason { get; internal set; } = "";
    /// <summary>How the sample's rows were drawn, by the engine that drew them.</summary>
    public string Sampling { get; private init; } = StreamSampling;

    /// <summary>For a database source: the rows and bytes the pushdown received, and its snapshot and partitions.</summary>
    public Findings.PushdownReport? Pushdown { get; private init; }

    /// <summary>How the streaming pass draws its sample.</summary>
    public const string StreamSampling = "bottom-k by seeded XXH3 hash of (file name, row number)";

    /// <summary>
    /// A source an engine profiled as a whole (pushdown): its aggregates become column states, its sample rows the
    /// sample and its row hashes the duplicate sketch; the files are listed for the manifest only.
    /// </summary>
    public static SourceScan FromEngine(EngineSource source, int sampleRows, string reason)
    {
        var scan = source.Scan;
        var files = source.Files.Select(f => new FileScan(f.Path, f.FullPath, f.Format, f.Sha256, f.Bytes, f.RowsRead, scan.Columns, [],
            new SamplePart(scan.Columns), new DuplicateRowSketch(1), f.Diagnostics)).ToList();
        var states = scan.Aggregates.Select(ColumnProfileState.FromAggregates).ToList();
        // The engine's rows are the sample already, as text: the frame is made from them directly.
        var sample = SampleFrame.FromRows(scan.Columns, scan.Sample, NumericColumns(states));
        var duplicates = new DuplicateRowSketch(sampleRows);
        foreach (var hash in scan.RowHashes) duplicates.Add(hash.Hash, hash.Count, hash.Positions);
        return new SourceScan(source.Pattern, files, states, sample, duplicates, new Dictionary<string, IReadOnlyList<string>>())
        {
            Engine = source.Engine,
            EngineReason = reason,
            Sampling = scan.SamplingMethod,
            Pushdown = scan.Pushdown,
        };
    }

    /// <summary>Merges per-file (or per-partition) scans; the result equals one pass over their concatenation.</summary>
    public static SourceScan Combine(string pattern, IReadOnlyList<FileScan> files, int sampleRows)
    {
        var names = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in files)
            foreach (var name in file.Columns)
                if (index.TryAdd(name, names.Count)) names.Add(name);

        var merged = names.Select(n => new ColumnProfileState(n)).ToArray();
        var duplicates = new DuplicateRowSketch(sampleRows);
        var missing = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var map = file.Columns.Select(c => index[c]).ToArray();
            for (int c = 0; c < map.Length; c++) merged[map[c]].Merge(file.States[c]);
            var absent = names.Where(n => !file.Columns.Contains(n)).ToList();
            foreach (var name in absent) merged[index[name]].AddNull(file.RowsRead);
            if (absent.Count > 0) missing[file.Path] = absent;
            duplicates.Merge(file.Duplicates);
        }
        // The frame types a column by the whole source's profile, so it is built once the files' states are merged.
        var sample = SampleFrame.Build(names, files.Select(f => f.Sample).ToList(), sampleRows, NumericColumns(merged));
        return new SourceScan(pattern, files, merged, sample, duplicates, missing);
    }

    private static Func<string, bool> NumericColumns(IReadOnlyList<ColumnProfileState> states)
    {
        var numeric = states.Where(s => ColumnProfileBuilder.TypeOf(s).IsNumeric()).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        return numeric.Contains;
    }
}
