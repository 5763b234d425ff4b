using DataReadiness.Runs;

namespace DataReadiness.Bench.RealData;

/// <summary>
/// <c>realdata [--data DIR] [--work DIR]</c>: runs the real-data benchmark and prints its table (Markdown), the
/// README's figures.
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
        var scores = RealDataBenchmark.Run(data, work, new SilentLog());
        Console.WriteLine(RealDataBenchmark.Table(scores));
        Console.WriteLine("Name clustering alone, pairwise over distinct spellings:\n");
        Console.WriteLine(NameClusteringBenchmark.Table(NameClusteringBenchmark.Run(data)));
        return 0;
    }
}
