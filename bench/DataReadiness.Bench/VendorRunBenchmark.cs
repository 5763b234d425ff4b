using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DataReadiness.Bench;

/// <summary>
/// <c>names-run --binary PATH [--names 100000] [--poc 20000] [--repeat 3] [--data DIR]</c>: the vendor rules in a full
/// run, as a user runs it (the published binary, a plain job). Live has one row per generated spelling (the sparse
/// list: every name distinct, so the sample holds all of them), with a city and an amount; the POC has the canonical
/// spellings of the first companies. The same job runs with the vendor rules switched off by a site catalog; the
/// difference is what the vendor rules cost. Runs take turns (on, off, on, off, ...) so the machine's load falls on
/// both alike; the median wall time and the highest peak memory (/usr/bin/time) are printed.
/// </summary>
public static class VendorRunBenchmark
{
    public static int Run(string[] args)
    {
        string Option(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var binary = Path.GetFullPath(Option("--binary", "/tmp/new-bin/DataReadiness.Cli"));
        int names = int.Parse(Option("--names", "100000"), CultureInfo.InvariantCulture);
        int poc = int.Parse(Option("--poc", "20000"), CultureInfo.InvariantCulture);
        int repeat = int.Parse(Option("--repeat", "3"), CultureInfo.InvariantCulture);
        var dir = Path.GetFullPath(Option("--data", Path.Combine("bench", "data", "names-run")));
        Directory.CreateDirectory(dir);
        var list = GeneratedNames.Generate(names, crowded: false, seed: 1);
        var random = new Random(3);
        WriteCsv(Path.Combine(dir, "live.csv"), list.Select(s => new[] { s.Spelling, s.City, (random.Next(100, 100_000) / 100.0).ToString("0.00", CultureInfo.InvariantCulture) }));
        var canonical = list.GroupBy(s => s.Company).Select(g => g.First()).Take(poc).ToList();
        WriteCsv(Path.Combine(dir, "poc.csv"), canonical.Select(s => new[] { s.Spelling, s.City, (random.Next(100, 100_000) / 100.0).ToString("0.00", CultureInfo.InvariantCulture) }));
        Directory.CreateDirectory(Path.Combine(dir, "no-vendor-rules"));
        File.WriteAllText(Path.Combine(dir, "no-vendor-rules", "off.yaml"),
            "rules:\n  - { id: vendors.variants, kind: vendor_variant, enabled: false }\n  - { id: vendors.unseen, kind: vendor_unseen, enabled: false }\n");
        const string common = "live: { path: live.csv }\npoc: { path: poc.csv, accuracy: 0.9 }\nsample: { rows: 100000, seed: 42 }\n";
        File.WriteAllText(Path.Combine(dir, "on.yaml"), "name: vendors-on\n" + common);
        File.WriteAllText(Path.Combine(dir, "off.yaml"), "name: vendors-off\n" + common + "rules: [default, no-vendor-rules/]\n");

        var times = new Dictionary<string, List<(double Seconds, double PeakMb)>> { ["on"] = [], ["off"] = [] };
        for (int r = 0; r < repeat; r++)
            foreach (var job in new[] { "on", "off" })
                times[job].Add(Time(binary, dir, job + ".yaml"));
        double Median(List<(double Seconds, double PeakMb)> runs)
        {
            var s = runs.Select(x => x.Seconds).Order().ToList();
            return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
        }
        double on = Median(times["on"]), off = Median(times["off"]);
        double peakOn = times["on"].Max(x => x.PeakMb), peakOff = times["off"].Max(x => x.PeakMb);
        Console.WriteLine($"| job | wall s (median of {repeat}) | peak MB (highest) |\n| --- | --- | --- |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {list.Count:N0} distinct live names, POC {canonical.Count:N0}, vendor rules on | {on:0.00} | {peakOn:0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| the same, vendor rules off | {off:0.00} | {peakOff:0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nThe vendor rules cost {on - off:0.00} s ({on / off:0.00}x the run without them); runs: on {string.Join(", ", times["on"].Select(t => t.Seconds.ToString("0.00", CultureInfo.InvariantCulture)))}; off {string.Join(", ", times["off"].Select(t => t.Seconds.ToString("0.00", CultureInfo.InvariantCulture)))}."));
        return 0;
    }

    private static (double Seconds, double PeakMb) Time(string binary, string dir, string job)
    {
        var info = new ProcessStartInfo("/usr/bin/time", ["-f", "%e %M", binary, "run", job, "--out", Path.Combine(dir, "reports")])
        {
            WorkingDirectory = dir,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(info)!;
        process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd().TrimEnd().Split('\n');
        process.WaitForExit();
        var parts = errors[^1].Split(' ');
        var result = (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture) / 1024);
        Console.Error.WriteLine($"{job}: exit {process.ExitCode}, {result.Item1:0.00} s, {result.Item2:0} MB");
        if (process.ExitCode is not (0 or 1 or 2)) throw new InvalidOperationException($"{job} failed (exit {process.ExitCode}): {string.Join('\n', errors.TakeLast(10))}");
        return result;
    }

    private static void WriteCsv(string path, IEnumerable<string[]> rows) =>
        File.WriteAllLines(path, new[] { "vendor_name,city,amount" }.Concat(rows.Select(r => string.Join(',', r.Select(v =>
            v.AsSpan().IndexOfAny(",\"") >= 0 ? "\"" + v.Replace("\"", "\"\"") + "\"" : v)))), new UTF8Encoding(false));
}
