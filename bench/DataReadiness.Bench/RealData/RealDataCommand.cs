using DataReadiness.Runs;

namespace DataReadiness.Bench.RealData;

/// <summary>
/// <c>realdata [cells|shorthand|model|names] [--data DIR] [--work DIR]</c>: runs the real-data benchmark (all of it, or the
/// parts named) and prints its tables (Markdown), the README's figures.
/// </summary>
public static class RealDataCommand
{
    public static int Run(string[] args)
    {
        string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var data = Option("--data") ?? RealDataBenchmark.DataDirectory(Environment.CurrentDirectory);
        if (data is null)
        {
            Console.Error.WriteLine("realdata: no real data found (tests/DataReadiness.Tests/RealData in the checkout, or ../shared/realdata); give --data DIR");
            return 3;
        }
        var work = Path.GetFullPath(Option("--work") ?? Path.Combine("bench", "data", "realdata"));
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Console.Error.WriteLine($"realdata: data {data}, work {work}");
        bool only(string part) => args.Contains(part);
        bool all = !only("cells") && !only("shorthand") && !only("names") && !only("model");
        if (all || only("cells")) Console.WriteLine(RealDataBenchmark.Table(RealDataBenchmark.Run(data, work, new SilentLog())));
        if (all || only("shorthand"))
        {
            Console.WriteLine("Shorthand in excavator work orders (second part held out):\n");
            Console.WriteLine(ShorthandBenchmark.Table(ShorthandBenchmark.Run(data, work, new SilentLog())));
        }
        if (all || only("model"))
        {
            Console.WriteLine("A real model (steel plates) under a real shift, plain jobs:\n");
            var results = RealModelBenchmark.Run(data, work);
            Console.WriteLine(RealModelBenchmark.Table(results));
            Console.WriteLine("Calibration of the model's scores on the POC:\n\n" + RealModelBenchmark.CalibrationTable(results));
            foreach (var result in results)
                Console.WriteLine($"Recall per class, {result.Split}:\n\n{RealModelBenchmark.ClassTable(result)}");
        }
        if (all || only("names"))
        {
            Console.WriteLine("Name clustering alone, pairwise over distinct spellings:\n");
            Console.WriteLine(NameClusteringBenchmark.Table(NameClusteringBenchmark.Run(data)));
            int generated = Option("--generated") is { } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 100_000;
            Console.WriteLine($"\nGenerated company lists ({generated:N0} spellings each):\n");
            Console.WriteLine(NameClusteringBenchmark.Table(NameClusteringBenchmark.RunGenerated(generated)));
            if (only("--wrong")) foreach (var line in NameClusteringBenchmark.WrongPairs(data)) Console.WriteLine(line);
        }
        return 0;
    }
}
