using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Reporting;
using DataReadiness.Rules.Catalog;
using DataReadiness.Rules.Kinds;
using DataReadiness.Runs;
using DataReadiness.Sources;
using DuckDB.NET.Data;

namespace DataReadiness.Bench;

/// <summary>The measurements, each run alone in a child process that prints one JSON line.</summary>
public static partial class Measurements
{
    public static int Run(string[] args)
    {
        var watch = Stopwatch.StartNew();
        string detail = args[0] switch
        {
            "profile" => Profile(args[1]),
            "read" => ReadOnly(args[1]),
            "profile-duckdb" => PushdownProfile(args[1]),
            "wide" => Wide(args[1]),
            "run" => FullRun(args[1]),
            "duckdb-summarize" => Duck(args[1], "SUMMARIZE SELECT * FROM {0}"),
            "duckdb-sample" => Duck(args[1], "SELECT * FROM {0} USING SAMPLE reservoir(100000 ROWS) REPEATABLE (42)"),
            "cluster" => Cluster(int.Parse(args[1], CultureInfo.InvariantCulture)),
            "render" => Render(int.Parse(args[1], CultureInfo.InvariantCulture)),
            "write-po" => Write(RealShapedFiles.WritePurchaseOrders, args),
            "write-mes" => Write(RealShapedFiles.WriteSensorReadings, args),
            "to-parquet" => ToParquet(args[1], args[2]),
            "duckdb-sql" => Duck(args[1], args[2]),
            _ => throw new ArgumentException($"unknown measurement {args[0]}"),
        };
        double seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new Measurement(args[0], seconds, PeakMegabytes(), detail)));
        return 0;
    }

    // measure write-po FILE ROWS SEED: a real-shaped extract for a side-by-side run outside the orchestrator.
    private static string Write(Action<string, int, int> write, string[] args)
    {
        write(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
        return $"{args[1]}: {new FileInfo(args[1]).Length / 1048576.0:0} MB";
    }

    private static string ToParquet(string csv, string parquet)
    {
        Orchestrator.ToParquet(csv, parquet);
        return $"{parquet}: {new FileInfo(parquet).Length / 1048576.0:0} MB";
    }

    // VmHWM: the process's peak resident set, as the kernel counts it.
    private static double PeakMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0
            : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    // A source's whole scan, as a run does it: the pass, then the sample as a typed DataFrame.
    private static string Profile(string file)
    {
        var scan = SourceScanner.ScanSource(new SourceSpec(file, Engine: ScanEngine.Stream), Path.GetDirectoryName(file)!, 100_000, 42);
        return $"{scan.RowsRead:N0} rows, {scan.Columns.Count} columns, {new FileInfo(file).Length / 1048576.0:0} MB";
    }

    // The floor under a profile: the same reader (Parquet decoding row groups ahead on two threads) touching every
    // field, with no profiling at all.
    private static string ReadOnly(string file)
    {
        using IRowReader reader = SourceFiles.FormatOf(file, SourceFormat.Auto) == SourceFormat.Parquet
            ? new ParquetRowReader(file, file)
            : new CsvRowReader(file, new SourceSpec(file), file);
        long bytes = 0;
        int width = reader.Columns.Count;
        while (reader.Read())
            for (int c = 0; c < width; c++)
                if (!reader.IsNull(c)) bytes += reader.GetUtf8(c).Length;
        return $"{reader.RowNumber:N0} rows, {bytes / 1048576.0:0} MB of UTF-8 fields, no profiling";
    }

    private static string PushdownProfile(string file)
    {
        var scan = SourceScanner.ScanSource(new SourceSpec(file, Engine: ScanEngine.DuckDb), Path.GetDirectoryName(file)!, 100_000, 42);
        return $"{scan.RowsRead:N0} rows, {scan.Columns.Count} columns; exact distinct and top values, 100k sample, duplicate sketch";
    }

    /// <summary>300 columns × 100,000 rows of numbers, codes and text, written once before any measurement.</summary>
    internal static void WriteWide(string file)
    {
        if (File.Exists(file)) return;
        var random = new Random(3);
        using var writer = new StreamWriter(file, false, new UTF8Encoding(false));
        writer.WriteLine(string.Join(',', Enumerable.Range(0, 300).Select(i => $"c{i}")));
        var row = new string[300];
        for (int r = 0; r < 100_000; r++)
        {
            for (int c = 0; c < 300; c++)
                row[c] = (c % 3) switch { 0 => random.Next(1000).ToString(CultureInfo.InvariantCulture), 1 => "K" + random.Next(50), _ => random.NextDouble().ToString("0.000", CultureInfo.InvariantCulture) };
            writer.WriteLine(string.Join(',', row));
        }
    }

    private static string Wide(string file)
    {
        var watch = Stopwatch.StartNew();
        var scan = SourceScanner.ScanSource(new SourceSpec(file), Path.GetDirectoryName(file)!, 100_000, 42);
        return $"{scan.RowsRead:N0} rows, {scan.Columns.Count} columns, {new FileInfo(file).Length / 1048576.0:0} MB; " +
               $"{scan.Sample.Count:N0}-row sample frame, {scan.Sample.Columns.Count(scan.Sample.IsNumeric)} columns of doubles (scan {watch.Elapsed.TotalSeconds:0.00} s)";
    }

    private static string FullRun(string jobFile)
    {
        var job = JobFileParser.Load(jobFile) with { Sample = new SampleSpec(100_000, 42) };
        var reports = Path.Combine(Path.GetTempPath(), "datareadiness-bench-" + Environment.ProcessId);
        try
        {
            var log = new ShiftTimeLog();
            var result = JobRunner.Run(job, new RunContext(TimeProvider.System, log, reports, []));
            return $"{result.Live.RowsRead:N0} live rows, 100k sample per side, verdict {result.Findings.Verdict}" +
                   (log.ShiftSeconds is { } shift ? string.Create(CultureInfo.InvariantCulture, $"; the shift classifier {shift:0.00} s of it (target 2 s)") : "");
        }
        finally
        {
            Directory.Delete(reports, recursive: true);
        }
    }

    /// <summary>Keeps the shift step's time from its timing line ("timing: shift classifier 1,310 ms wall, ..."): what the classifier adds to a run.</summary>
    private sealed partial class ShiftTimeLog : IRunLog
    {
        public double? ShiftSeconds { get; private set; }

        public void Info(string message)
        {
            if (ShiftTiming().Match(message) is { Success: true } m)
                ShiftSeconds = double.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) / 1000;
        }

        public void Warn(string message) { }
        public void Progress(string file, long rows, long bytesRead, long bytesTotal) { }

        [System.Text.RegularExpressions.GeneratedRegex(@"^timing: shift classifier ([0-9,]+) ms wall")]
        private static partial System.Text.RegularExpressions.Regex ShiftTiming();
    }

    private static string Duck(string file, string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var threads = connection.CreateCommand();
        threads.CommandText = "SET threads = 2";
        threads.ExecuteNonQuery();
        using var command = connection.CreateCommand();
        var source = file.EndsWith(".parquet", StringComparison.Ordinal) ? $"read_parquet('{file}')" : $"read_csv('{file}')";
        command.CommandText = string.Format(CultureInfo.InvariantCulture, sql, source);
        using var reader = command.ExecuteReader();
        long rows = 0;
        while (reader.Read()) rows++;
        return $"{rows:N0} result rows, 2 threads";
    }

    private static string Cluster(int count)
    {
        var dictionaries = CatalogLoader.Load([DefaultCatalog.Directory]).Dictionaries;
        var names = Names(count, 1);
        var watch = Stopwatch.StartNew();
        var clusters = VendorClusterer.Cluster(names, new Dictionary<string, long>(), dictionaries, 88);
        double blocked = watch.Elapsed.TotalSeconds;
        // Recall against all pairs, on a 3,000-name subset (all pairs of 100,000 would take hours).
        var subset = names.Keys.Take(3000).ToDictionary(k => k, k => names[k]);
        var keys = subset.Keys.Select(n => DataReadiness.Text.NameKey.CompanyKey(n, dictionaries.LegalForms, dictionaries.NameAbbreviations)).Distinct().ToList();
        long allPairs = 0, found = 0;
        var clusterOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in VendorClusterer.Cluster(subset, new Dictionary<string, long>(), dictionaries, 88))
            foreach (var v in c.Variants)
                clusterOf[DataReadiness.Text.NameKey.CompanyKey(v.Value, dictionaries.LegalForms, dictionaries.NameAbbreviations)] = c.Key;
        for (int i = 0; i < keys.Count; i++)
            for (int j = i + 1; j < keys.Count; j++)
                if (VendorClusterer.Similar(keys[i], keys[j], 88))
                {
                    allPairs++;
                    if (clusterOf[keys[i]] == clusterOf[keys[j]]) found++;
                }
        return $"{names.Count:N0} names -> {clusters.Count:N0} clusters in {blocked:0.00} s; pairs found vs all-pairs on 3,000 names: {found}/{allPairs} ({(allPairs == 0 ? 1 : (double)found / allPairs):P1})";
    }

    /// <summary>Company-like names with typo variants, so that fuzzy pairs exist.</summary>
    private static Dictionary<string, long> Names(int count, int seed)
    {
        var random = new Random(seed);
        string[] words = ["steel", "industrial", "supply", "hydraulik", "bearings", "motion", "precision", "valve", "fitting", "electric", "drives", "seal", "filter", "tool", "works", "machine", "parts", "systems", "metal", "plastics"];
        string[] forms = ["GmbH", "Inc.", "Ltd", "AG", "Corp.", "Co.", "SA", "AB"];
        var names = new Dictionary<string, long>(StringComparer.Ordinal);
        while (names.Count < count)
        {
            var stem = new string(Enumerable.Range(0, 5 + random.Next(4)).Select(i => (char)((i == 0 ? 'A' : 'a') + random.Next(26))).ToArray());
            var name = $"{stem} {words[random.Next(words.Length)]} {words[random.Next(words.Length)]} {forms[random.Next(forms.Length)]}";
            names[name] = 1 + random.Next(9);
            if (random.Next(4) == 0 && names.Count < count)
            {
                int at = 1 + random.Next(stem.Length - 1);
                names[name.Remove(at, 1)] = 1; // a typo: one letter dropped
            }
        }
        return names;
    }

    private static string Render(int columns)
    {
        var profiles = Enumerable.Range(0, columns).Select(i => new ColumnProfile($"column_{i}", ColumnType.Decimal, 1000, 0, 0, 1000, 1, new Dictionary<string, long> { ["decimal"] = 1000 },
            1000, 0, 1, new DistinctCount(900, true, 0), [new TopValue("1.5", 10, 10, 0.01)], true, new NumericSummary(1000, 0, 9, 4.5, 2), null, new LengthSummary(1, 5, 3), 0, 0)).ToList();
        var source = new SourceReport("live", "wide.csv", "csv", new string('0', 64), 1, 1000, 0, 0, 1000, "stream", "", "bottom-k", [], profiles);
        var findings = new FindingsDocument(1, new ToolInfo("datareadiness", "bench"), "wide", "run", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            Verdict.Ready, new VerdictReport(Verdict.Ready, [], null), null, new SampleInfo(1000, 42, "bottom-k"),
            new SourcesReport(source, null), null, [], null, new CatalogReport("", [], 0, profiles.ToDictionary(p => p.Name, _ => ColumnRole.Number), []), [], [], [], []);
        // Each column's card draws both samples (ColumnCharts reads the first 2,000 values a side).
        var random = new Random(42);
        string?[] Values(double shift) => Enumerable.Range(0, 5000).Select(_ => (random.NextDouble() * 9 + shift).ToString("0.##", CultureInfo.InvariantCulture)).ToArray<string?>();
        var samples = profiles.Select(p => new ColumnSample(p.Name, Values(0), Values(0.5))).ToList();
        ReportRenderer.Render(findings, [], DateTimeOffset.UnixEpoch, [], samples); // warm the template and the JIT
        var watch = Stopwatch.StartNew();
        var html = ReportRenderer.Render(findings, [], DateTimeOffset.UnixEpoch, [], samples);
        double withCharts = watch.Elapsed.TotalSeconds;
        watch.Restart();
        ReportRenderer.Render(findings, [], DateTimeOffset.UnixEpoch);
        return $"{html.Length / 1024} KB of HTML in {withCharts:0.000} s (after one warm-up render; every column's chart drawn from its sample; " +
               $"{watch.Elapsed.TotalSeconds:0.000} s without the charts)";
    }
}
