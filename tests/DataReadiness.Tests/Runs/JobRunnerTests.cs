using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DataReadiness.Demo;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Runs;
using DataReadiness.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DataReadiness.Tests.Runs;

public class JobRunnerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static (DemoOutput Demo, RunResult Run, string Reports) RunDemo(TempDirectory dir, int liveRows = 3000, DateTimeOffset? at = null)
    {
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = liveRows, Seed = 4 }, Path.Combine(dir.Path, "demo"));
        var reports = Path.Combine(dir.Path, "reports");
        var run = JobRunner.Run(JobFileParser.Load(demo.JobPath),
            new RunContext(new FakeTimeProvider(at ?? Noon), new SilentLog(), reports, ["datareadiness", "run", demo.JobPath]));
        return (demo, run, reports);
    }

    [Fact]
    public void A_run_writes_findings_manifest_and_job_copy_with_true_hashes()
    {
        using var dir = new TempDirectory();
        var (demo, run, reports) = RunDemo(dir);
        Assert.Equal(Path.Combine(reports, "demo", "20261123T120000Z"), run.RunDirectory);
        Assert.Equal(["exceptions.csv", "findings.json", "job.yaml", "manifest.json", "manifest.json.sha256", "readiness.html"], Directory.GetFiles(run.RunDirectory).Select(Path.GetFileName).Order());
        // The rule files used are copied beside the findings, and named in the manifest.
        Assert.Contains("catalog.yaml", Directory.GetFiles(Path.Combine(run.RunDirectory, "rules")).Select(Path.GetFileName));

        var findings = JsonNode.Parse(File.ReadAllText(Path.Combine(run.RunDirectory, "findings.json")))!;
        Assert.Equal(FindingsDocument.CurrentSchemaVersion, (int)findings["schema_version"]!);
        var live = findings["sources"]!["live"]!;
        Assert.Equal(Sha(demo.LivePath), (string)live["sha256"]!);
        Assert.Equal(new FileInfo(demo.LivePath).Length, (long)live["bytes"]!);
        Assert.Equal(demo.Summary.LiveRows, (long)live["rows_read"]!);
        Assert.Equal(0, (long)live["rows_malformed"]!);
        Assert.Equal(Math.Min(demo.Summary.LiveRows, DemoGenerator.DemoSampleRows), (long)live["rows_sampled"]!);
        Assert.Equal(DemoGenerator.LiveColumns, live["columns"]!.AsArray().Select(c => (string)c!["name"]!));
        var poc = findings["sources"]!["poc"]!;
        Assert.Equal(Sha(demo.PocPath), (string)poc["sha256"]!);
        Assert.Equal("parquet", (string)poc["format"]!);

        Assert.Equal(File.ReadAllBytes(demo.JobPath), File.ReadAllBytes(Path.Combine(run.RunDirectory, "job.yaml")));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(run.RunDirectory, "manifest.json")))!;
        Assert.Equal(42, (long)manifest["seed"]!);
        Assert.Equal("34.0.0", (string)manifest["libraries"]!["CsvHelper"]!);
        Assert.Equal(["datareadiness", "run", demo.JobPath], manifest["command_line"]!.AsArray().Select(n => (string)n!));
        foreach (var output in manifest["outputs"]!.AsArray())
            Assert.Equal(Sha(Path.Combine(run.RunDirectory, (string)output!["path"]!)), (string)output["sha256"]!);
        Assert.Contains(manifest["outputs"]!.AsArray(), o => (string)o!["path"]! == "rules/catalog.yaml");
        Assert.Equal(64, ((string)manifest["rule_catalog_sha256"]!).Length);
        var inputs = manifest["inputs"]!.AsArray().Where(i => (string)i!["role"]! != "rules").ToDictionary(i => (string)i!["role"]!, i => i!);
        Assert.Equal(Sha(demo.PocPath), (string)inputs["poc"]["sha256"]!);
        Assert.Equal(Path.GetFullPath(demo.LivePath), (string)inputs["live"]["path"]!);
        // The manifest's own hash: beside it in sha256sum's format, and in history.jsonl outside the run folder.
        var manifestSha = Sha(Path.Combine(run.RunDirectory, "manifest.json"));
        Assert.Equal($"{manifestSha}  manifest.json\n", File.ReadAllText(Path.Combine(run.RunDirectory, "manifest.json.sha256")));
        var history = JsonNode.Parse(File.ReadLines(Path.Combine(reports, "demo", "history.jsonl")).Last())!;
        Assert.Equal(manifestSha, (string)history["manifest_sha256"]!);
    }

    [Fact]
    public void Latest_points_at_the_newest_run_and_history_gains_a_line_per_run()
    {
        using var dir = new TempDirectory();
        var (demo, first, reports) = RunDemo(dir);
        var job = JobFileParser.Load(demo.JobPath);
        var clock = new FakeTimeProvider(Noon.AddHours(1));
        var second = JobRunner.Run(job, new RunContext(clock, new SilentLog(), reports, []));
        // Same second as the second run: a suffix keeps both.
        var third = JobRunner.Run(job, new RunContext(clock, new SilentLog(), reports, []));
        var jobDirectory = Path.Combine(reports, "demo");
        Assert.Equal("20261123T130000Z-2", Path.GetFileName(third.RunDirectory));
        Assert.Equal(File.ReadAllBytes(Path.Combine(third.RunDirectory, "findings.json")),
            File.ReadAllBytes(Path.Combine(jobDirectory, "latest", "findings.json")));
        var history = File.ReadAllLines(Path.Combine(jobDirectory, "history.jsonl"));
        Assert.Equal(3, history.Length);
        Assert.Equal(["20261123T120000Z", "20261123T130000Z", "20261123T130000Z-2"],
            history.Select(l => (string)JsonNode.Parse(l)!["run_id"]!));
        Assert.Equal(Path.GetFileName(third.RunDirectory), (string)JsonNode.Parse(File.ReadAllText(Path.Combine(third.RunDirectory, "findings.json")))!["run_id"]!);
        // Nothing temporary is left behind.
        Assert.Equal([Path.Combine(jobDirectory, JobLock.FileName)], Directory.GetFileSystemEntries(jobDirectory, ".*"));
        _ = first; _ = second;
    }

    [Fact]
    public void Running_twice_gives_identical_findings_apart_from_times()
    {
        using var dir = new TempDirectory();
        var (demo, first, reports) = RunDemo(dir);
        var second = JobRunner.Run(JobFileParser.Load(demo.JobPath),
            new RunContext(new FakeTimeProvider(Noon.AddDays(1)), new SilentLog(), reports, []));
        static JsonNode Stripped(string runDirectory)
        {
            var node = JsonNode.Parse(File.ReadAllText(Path.Combine(runDirectory, "findings.json")))!.AsObject();
            node.Remove("run_id");
            node.Remove("started_at");
            node.Remove("finished_at");
            node.Remove("timings");
            return node;
        }
        Assert.True(JsonNode.DeepEquals(Stripped(first.RunDirectory), Stripped(second.RunDirectory)));
        Assert.Equal(first.Live.Sample.Rows.Select(r => r.Row), second.Live.Sample.Rows.Select(r => r.Row));
    }

    [Fact]
    public void Findings_and_the_log_say_where_the_time_went_phase_by_phase()
    {
        using var dir = new TempDirectory();
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 3000, Seed = 4 }, Path.Combine(dir.Path, "demo"));
        var log = new LinesLog();
        var run = JobRunner.Run(JobFileParser.Load(demo.JobPath), new RunContext(new FakeTimeProvider(Noon), log, Path.Combine(dir.Path, "reports"), []));
        var timings = JsonNode.Parse(File.ReadAllText(Path.Combine(run.RunDirectory, "findings.json")))!["timings"]!;
        var phases = timings["phases"]!.AsArray().Select(p => p!.AsObject()).ToList();
        var whole = phases.Where(p => p["part"] is null).Select(p => (string)p["phase"]!).ToList();
        Assert.Equal(["catalog", "live pass", "poc pass", "schema", "rules", "comparison", "shift classifier", "estimate and verdict"], whole.Take(8));
        Assert.Equal(["exceptions.csv", "report"], whole.Skip(8).Order(StringComparer.Ordinal));
        Assert.All(phases, p => Assert.True((double)p["wall_ms"]! >= 0 && (double)p["cpu_ms"]! >= 0));
        Assert.StartsWith("3,", (string)phases.Single(p => (string)p["phase"]! == "live pass")["detail"]!);
        // The run took at least as long as its longest phase, and each side's pass did real work.
        double total = (double)timings["wall_ms"]!;
        Assert.All(phases.Where(p => p["part"] is null), p => Assert.True((double)p["wall_ms"]! <= total));
        Assert.True((double)phases.Single(p => (string)p["phase"]! == "live pass")["wall_ms"]! > 0);
        Assert.True((double)timings["jit_ms"]! > 0 && (long)timings["jit_methods"]! > 0);
        // Every kind that produced a finding was timed, as a part of the rules.
        var kindsTimed = phases.Where(p => (string?)p["part"] == "rules").Select(p => (string)p["phase"]!).ToHashSet();
        Assert.Contains("column evidence", kindsTimed);
        Assert.Subset(kindsTimed, run.Findings.Findings.Select(f => f.Kind).ToHashSet());
        // The log carries one line per phase as it ends.
        foreach (var phase in whole) Assert.Contains(log.Lines, l => l.StartsWith($"timing: {phase} ", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.StartsWith("timing: rules: null_like ", StringComparison.Ordinal));
    }

    private sealed class LinesLog : IRunLog
    {
        public List<string> Lines { get; } = [];
        public void Info(string message) { lock (Lines) Lines.Add(message); }
        public void Warn(string message) { lock (Lines) Lines.Add(message); }
        public void Progress(string file, long rows, long bytesRead, long bytesTotal) { }
    }

    [Fact]
    public void Another_seed_samples_other_rows()
    {
        using var dir = new TempDirectory();
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 3000, Seed = 4 }, Path.Combine(dir.Path, "demo"));
        var job = JobFileParser.Load(demo.JobPath);
        RunResult RunWith(long seed) => JobRunner.Run(job with { Sample = new SampleSpec(500, seed) },
            new RunContext(new FakeTimeProvider(Noon.AddMinutes(seed)), new SilentLog(), Path.Combine(dir.Path, "reports"), []));
        var a = RunWith(1).Live.Sample.Rows.Select(r => r.Row).ToList();
        var b = RunWith(2).Live.Sample.Rows.Select(r => r.Row).ToList();
        Assert.Equal(500, a.Count);
        Assert.True(a.Intersect(b).Count() < 200, "two seeds should mostly pick different rows");
    }

    [Fact]
    public void A_missing_input_fails_before_anything_is_written()
    {
        using var dir = new TempDirectory();
        var jobPath = dir.File("job.yaml", "name: po\nlive: { path: extracts/missing.csv }\n");
        var reports = Path.Combine(dir.Path, "reports");
        var error = Assert.Throws<DataReadiness.Sources.SourceReadException>(() =>
            JobRunner.Run(JobFileParser.Load(jobPath), new RunContext(new FakeTimeProvider(Noon), new SilentLog(), reports, [])));
        Assert.Contains("extracts/missing.csv", error.Message);
        // Only the job's lock file was made: no run folder, no history line.
        Assert.Equal([JobLock.FileName], Directory.GetFileSystemEntries(Path.Combine(reports, "po")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_run_that_fails_while_writing_its_folder_leaves_no_partial_folder_behind()
    {
        using var dir = new TempDirectory();
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 2000, Seed = 4 }, Path.Combine(dir.Path, "demo"));
        var job = JobFileParser.Load(demo.JobPath);
        // The job file is copied into the run folder after the report, findings and exceptions are written.
        File.Delete(demo.JobPath);
        var reports = Path.Combine(dir.Path, "reports");
        Assert.Throws<FileNotFoundException>(() => JobRunner.Run(job, new RunContext(new FakeTimeProvider(Noon), new SilentLog(), reports, [])));
        Assert.Equal([JobLock.FileName], Directory.GetFileSystemEntries(Path.Combine(reports, "demo")).Select(Path.GetFileName));
    }
}
