using System.Globalization;
using System.Text;
using DataReadiness.Demo;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Runs;

namespace DataReadiness.Bench.Worlds;

/// <summary>One generated world's truth and what a plain job said about it.</summary>
public sealed record WorldResult(int Index, string Family, double Truth, double PocAccuracy, double Estimate, double Low, double High,
    Verdict Verdict, double? ShiftAuc, double? UnsupportedShare, double? CorrectionPoints, double? EffectiveRows)
{
    public double ErrorPoints => 100 * (Estimate - Truth);
    public bool Covers => Truth >= Low && Truth <= High;
}

/// <summary>
/// <c>worlds [--count N] [--rows R] [--first K] [--keep]</c>: generates N shift worlds (<see cref="ShiftWorlds"/>), runs each one's
/// plain demo job (no <c>columns:</c>) in process, and scores the estimate against the generator's truth: mean absolute
/// error, the share of 95% intervals that cover the truth, by family and overall.
/// </summary>
public static class WorldsBenchmark
{
    public static int Run(string[] args)
    {
        string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        int count = int.Parse(Option("--count") ?? "50", CultureInfo.InvariantCulture);
        int rows = int.Parse(Option("--rows") ?? "20000", CultureInfo.InvariantCulture);
        int first = int.Parse(Option("--first") ?? "0", CultureInfo.InvariantCulture);
        var work = Path.GetFullPath(Option("--work") ?? Path.Combine("bench", "data", "worlds"));
        var results = new List<WorldResult>();
        for (int i = first; i < first + count; i++)
        {
            var result = RunOne(i, rows, work, keep: args.Contains("--keep"));
            results.Add(result);
            Console.Error.WriteLine(Line(result));
        }
        Console.WriteLine(Table(results));
        return 0;
    }

    public static WorldResult RunOne(int index, int rows, string work, bool keep = false)
    {
        var (family, world) = ShiftWorlds.Draw(index, rows);
        var dir = Path.Combine(work, $"world-{index}");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        var demo = DemoGenerator.Generate(world, dir);
        var run = JobRunner.Run(JobFileParser.Load(demo.JobPath), new RunContext(TimeProvider.System, new SilentLog(), Path.Combine(dir, "reports"), []));
        var estimate = run.Findings.Estimate!;
        var result = new WorldResult(index, family, demo.Summary.LiveAccuracyTrue, estimate.PocAccuracy, estimate.ExpectedLiveAccuracy,
            estimate.Interval.Low, estimate.Interval.High, run.Findings.Verdict, run.Findings.Shift?.Auc, run.Findings.Shift?.UnsupportedShare,
            estimate.ShiftAdjustment?.CorrectionPoints, estimate.ShiftAdjustment?.EffectiveSampleSize);
        if (!keep) Directory.Delete(dir, recursive: true);
        return result;
    }

    private static string Line(WorldResult r) => string.Create(CultureInfo.InvariantCulture,
        $"world {r.Index} ({r.Family}): truth {r.Truth:P1}, estimate {r.Estimate:P1} [{r.Low:P1}, {r.High:P1}], error {r.ErrorPoints:+0.0;-0.0}, " +
        $"{(r.Covers ? "covers" : "MISSES")}, AUC {r.ShiftAuc:0.00}, unsupported {r.UnsupportedShare:P1}, " +
        $"weights {r.CorrectionPoints:+0.0;-0.0;0.0} points (effective {r.EffectiveRows:0} rows), {ContractNames.Of(r.Verdict)}");

    /// <summary>Markdown: one line per family and one for all, then the worlds.</summary>
    public static string Table(IReadOnlyList<WorldResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| worlds | n | mean abs. error (points) | max | 95% intervals covering | mean width | \"POC holds\" error | verdicts |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        void Row(string name, IReadOnlyList<WorldResult> group) => text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {group.Count} | {group.Average(r => Math.Abs(r.ErrorPoints)):0.00} | {group.Max(r => Math.Abs(r.ErrorPoints)):0.0} | " +
            $"{group.Count(r => r.Covers)}/{group.Count} | {group.Average(r => 100 * (r.High - r.Low)):0.0} | " +
            $"{group.Average(r => 100 * Math.Abs(r.PocAccuracy - r.Truth)):0.0} | " +
            $"{string.Join(", ", group.GroupBy(r => ContractNames.Of(r.Verdict)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))} |"));
        foreach (var family in ShiftWorlds.Families)
        {
            var group = results.Where(r => r.Family == family).ToList();
            if (group.Count > 0) Row(family, group);
        }
        Row("all", results);
        text.AppendLine();
        foreach (var r in results) text.AppendLine("    " + Line(r));
        return text.ToString();
    }
}
