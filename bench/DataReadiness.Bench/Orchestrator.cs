using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DataReadiness.Demo;
using DuckDB.NET.Data;

namespace DataReadiness.Bench;

/// <summary>One measurement: wall time and peak resident memory of its process.</summary>
public sealed record Measurement(string Name, double Seconds, double PeakMb, string Detail);

/// <summary>Generates the data, runs each measurement in its own process and prints the comparison.</summary>
public static class Orchestrator
{
    public static int Run(string[] args)
    {
        var sizes = Option(args, "--rows", "1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Where(n => n > 0).ToArray();
        var work = Path.GetFullPath(Option(args, "--data", Path.Combine("bench", "data")));
        // Shared machines are noisy: each measurement can run several times, reporting the median time and the
        // highest peak memory.
        Repeats = int.Parse(Option(args, "--repeat", "1"), CultureInfo.InvariantCulture);
        Directory.CreateDirectory(work);
        // Measurements compared with each other are one group; with --repeat, a group's measurements take turns
        // (A B C, A B C, ...) so a change in the machine's load falls on all of them alike.
        var groups = new List<List<(string Size, string Name, string Mode, string Argument)>>();
        foreach (var rows in sizes)
        {
            var dir = Path.Combine(work, $"rows-{rows}");
            var csv = Path.Combine(dir, "demo", "inputs", "live.csv");
            if (!File.Exists(csv))
            {
                Console.Error.WriteLine($"generating {rows:N0} rows in {dir}");
                DemoGenerator.Generate(new DemoWorld { LiveRows = rows, Seed = 7 }, Path.Combine(dir, "demo"));
            }
            var parquet = Path.Combine(dir, "live.parquet");
            if (!File.Exists(parquet)) ToParquet(csv, parquet);
            var label = $"{Size(rows)} rows";
            var parquetJob = Path.Combine(dir, "demo", "parquet-live.yaml");
            File.WriteAllText(parquetJob, File.ReadAllText(Path.Combine(dir, "demo", "demo.yaml"))
                .Replace("path: inputs/live.csv", "path: ../live.parquet, engine: duckdb", StringComparison.Ordinal));
            // The same job with the Parquet streamed: what engine auto picks.
            var parquetStreamJob = Path.Combine(dir, "demo", "parquet-live-stream.yaml");
            File.WriteAllText(parquetStreamJob, File.ReadAllText(Path.Combine(dir, "demo", "demo.yaml"))
                .Replace("path: inputs/live.csv", "path: ../live.parquet, engine: stream", StringComparison.Ordinal));
            foreach (var (name, file) in new[] { ("csv", csv), ("parquet", parquet) })
            {
                var group = new List<(string, string, string, string)>
                {
                    (label, $"read {name} (no profile)", "read", file),
                    (label, $"profile {name}", "profile", file),
                    (label, $"duckdb summarize {name}", "duckdb-summarize", file),
                    (label, $"duckdb sample 100k {name}", "duckdb-sample", file),
                    (label, $"profile {name}, duckdb engine", "profile-duckdb", file),
                };
                if (name == "csv") group.Add((label, "full run (csv live, parquet poc)", "run", Path.Combine(dir, "demo", "demo.yaml")));
                else
                {
                    group.Add((label, "full run (parquet live streamed)", "run", parquetStreamJob));
                    group.Add((label, "full run (parquet live via duckdb)", "run", parquetJob));
                }
                groups.Add(group);
            }
            // The POC set as the demo writes it (Parquet.Net: int32 and double columns, text dictionary-encoded):
            // extracts written by pandas or Spark carry types, which take another path than text columns.
            var typed = Path.Combine(dir, "demo", "inputs", "poc.parquet");
            var typedLabel = $"{Size(rows)}-row job's POC";
            groups.Add(
            [
                (typedLabel, "read typed parquet (no profile)", "read", typed),
                (typedLabel, "profile typed parquet", "profile", typed),
                (typedLabel, "duckdb summarize typed parquet", "duckdb-summarize", typed),
            ]);
        }
        // Real-shaped extracts beside the demo-shaped ones (issue 21): text nobody here wrote, and an MES layout.
        int shapedRows = int.Parse(Option(args, "--shaped-rows", "2020000"), CultureInfo.InvariantCulture);
        if (shapedRows > 0) groups.AddRange(ShapedGroups(work, shapedRows));
        var wide = Path.Combine(work, "wide.csv");
        var wideParquet = Path.Combine(work, "wide.parquet");
        Measurements.WriteWide(wide);
        if (!File.Exists(wideParquet)) ToParquet(wide, wideParquet);
        groups.Add(
        [
            ("300 columns", "profile wide csv", "wide", wide),
            ("300 columns", "duckdb summarize wide csv", "duckdb-summarize", wide),
        ]);
        groups.Add(
        [
            ("300 columns", "profile wide parquet", "profile", wideParquet),
            ("300 columns", "duckdb summarize wide parquet", "duckdb-summarize", wideParquet),
        ]);
        groups.Add([("100k names", "vendor clustering", "cluster", "100000")]);
        groups.Add([("300 columns", "render report", "render", "300")]);

        // --only TEXT keeps the groups one of whose measurements names it (e.g. --only "purchase orders").
        var only = Option(args, "--only", "");
        var results = new List<(string Size, Measurement M)>();
        foreach (var group in groups.Where(g => only.Length == 0 || g.Any(m => m.Name.Contains(only, StringComparison.Ordinal))))
        {
            var runs = group.Select(_ => new List<Measurement>()).ToList();
            for (int round = 0; round < Math.Max(1, Repeats); round++)
                for (int i = 0; i < group.Count; i++)
                    runs[i].Add(ChildOnce(group[i].Name, group[i].Mode, group[i].Argument));
            for (int i = 0; i < group.Count; i++) results.Add((group[i].Size, Summarise(group[i].Name, runs[i])));
        }
        Print(results);
        return 0;
    }

    /// <summary>
    /// The purchase-order extract (11 columns, free text, long vendor names) and the MES sensor extract (30 columns,
    /// mostly numbers), each as CSV and Parquet, with a full run of each against a 20k-row POC of the same shape.
    /// </summary>
    private static IEnumerable<List<(string Size, string Name, string Mode, string Argument)>> ShapedGroups(string work, int rows)
    {
        var dir = Path.Combine(work, $"shaped-{rows}");
        Directory.CreateDirectory(dir);
        var label = $"{Size(rows)} rows";
        foreach (var (shape, write) in new (string, Action<string, int, int>)[]
                 { ("purchase orders", RealShapedFiles.WritePurchaseOrders), ("mes sensors", RealShapedFiles.WriteSensorReadings) })
        {
            var stem = shape.Replace(' ', '-');
            var csv = Path.Combine(dir, $"{stem}.csv");
            var parquet = Path.Combine(dir, $"{stem}.parquet");
            var poc = Path.Combine(dir, $"{stem}-poc.csv");
            if (!File.Exists(csv)) Console.Error.WriteLine($"generating {rows:N0} rows of {shape} in {dir}");
            write(csv, rows, 1);
            write(poc, 20_000, 2);
            if (!File.Exists(parquet)) ToParquet(csv, parquet);
            string Job(string live, string name)
            {
                var job = Path.Combine(dir, $"{stem}-{name}.yaml");
                File.WriteAllText(job, $"name: {stem}-{name}\nlive: {{ path: {Path.GetFileName(live)} }}\npoc: {{ path: {Path.GetFileName(poc)}, accuracy: 0.9 }}\n");
                return job;
            }
            foreach (var (format, file) in new[] { ("csv", csv), ("parquet", parquet) })
                yield return
                [
                    (label, $"read {shape} {format} (no profile)", "read", file),
                    (label, $"profile {shape} {format}", "profile", file),
                    (label, $"duckdb summarize {shape} {format}", "duckdb-summarize", file),
                    (label, $"full run ({shape} {format} live)", "run", Job(file, format)),
                ];
        }
    }

    internal static void ToParquet(string csv, string parquet)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"COPY (SELECT * FROM read_csv('{csv}', all_varchar = true)) TO '{parquet}' (FORMAT PARQUET, ROW_GROUP_SIZE 100000)";
        command.ExecuteNonQuery();
    }

    private static int Repeats = 1;

    private static Measurement Summarise(string name, List<Measurement> runs)
    {
        var seconds = runs.Select(r => r.Seconds).Order().ToList();
        double median = seconds.Count % 2 == 1 ? seconds[seconds.Count / 2] : (seconds[seconds.Count / 2 - 1] + seconds[seconds.Count / 2]) / 2;
        var m = runs[^1] with { Seconds = median, PeakMb = runs.Max(r => r.PeakMb) };
        if (runs.Count > 1)
            Console.Error.WriteLine($"{name}: median {m.Seconds:0.00} s of {string.Join(", ", seconds.Select(t => t.ToString("0.00", CultureInfo.InvariantCulture)))}; {m.PeakMb:0} MB highest peak");
        return m;
    }

    private static Measurement ChildOnce(string name, string mode, string argument)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!, [typeof(Orchestrator).Assembly.Location, "measure", mode, argument])
        {
            RedirectStandardOutput = true,
        };
        if (Environment.ProcessPath!.EndsWith("DataReadiness.Bench", StringComparison.Ordinal))
            info = new ProcessStartInfo(Environment.ProcessPath, ["measure", mode, argument]) { RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{name} failed: {output}");
        var m = JsonSerializer.Deserialize<Measurement>(output.Trim().Split('\n')[^1])!;
        Console.Error.WriteLine($"{name}: {m.Seconds:0.00} s, {m.PeakMb:0} MB peak; {m.Detail}");
        return m with { Name = name };
    }

    private static void Print(List<(string Size, Measurement M)> results)
    {
        var text = new StringBuilder("| data | measurement | seconds | peak MB | ratio | note |\n| --- | --- | --- | --- | --- | --- |\n");
        foreach (var (size, m) in results)
        {
            string ratio = "";
            if (m.Name.StartsWith("profile ") || m.Name.StartsWith("read "))
            {
                var format = new[] { "purchase orders csv", "purchase orders parquet", "mes sensors csv", "mes sensors parquet", "typed parquet", "wide csv", "wide parquet", "parquet" }
                    .FirstOrDefault(m.Name.Contains) ?? "csv";
                var duck = results.First(r => r.Size == size && r.M.Name == "duckdb summarize " + format).M;
                ratio = $"{m.Seconds / duck.Seconds:0.00}x DuckDB SUMMARIZE";
            }
            else if (m.Name.StartsWith("full run"))
            {
                var format = m.Name.StartsWith("full run (", StringComparison.Ordinal) && m.Name.EndsWith(" live)", StringComparison.Ordinal)
                    ? m.Name["full run (".Length..^" live)".Length]
                    : m.Name.Contains("parquet live") ? "parquet" : "csv";
                var duck = results.First(r => r.Size == size && r.M.Name == "duckdb summarize " + format).M;
                ratio = $"{m.Seconds / duck.Seconds:0.00}x DuckDB SUMMARIZE ({format})";
            }
            text.Append($"| {size} | {m.Name} | {m.Seconds:0.00} | {m.PeakMb:0} | {ratio} | {m.Detail} |\n");
        }
        foreach (var kind in results.Where(r => r.M.Name.StartsWith("full run")).Select(r => r.M.Name).Distinct())
        {
            var runs = results.Where(r => r.M.Name == kind).ToList();
            if (runs.Count > 1)
                text.Append($"\nPeak memory of {kind} from {runs[0].Size} to {runs[^1].Size}: {runs[^1].M.PeakMb / runs[0].M.PeakMb:0.00}x.\n");
        }
        if (Repeats > 1) text.Append($"\nSeconds are the median of {Repeats} runs of each measurement; peak MB the highest of them.\n");
        Console.WriteLine(text);
    }

    private static string Size(int rows) => rows >= 1_000_000
        ? (rows / 1_000_000.0).ToString("0.#", CultureInfo.InvariantCulture) + "M"
        : (rows / 1_000.0).ToString("0.#", CultureInfo.InvariantCulture) + "k";

    private static string Option(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
