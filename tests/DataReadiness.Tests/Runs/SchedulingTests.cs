using System.Text.Json;
using DataReadiness.Cli;
using DataReadiness.Demo;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Runs;
using DataReadiness.Tests.Support;

namespace DataReadiness.Tests.Runs;

public class SchedulingTests
{

    [Theory]
    [InlineData(Outcome.InvalidCommandLine, null, FailOn.Warn, 3)]
    [InlineData(Outcome.InvalidConfiguration, null, FailOn.Never, 3)]
    [InlineData(Outcome.InputUnreadable, null, FailOn.Never, 4)]
    [InlineData(Outcome.UnexpectedError, null, FailOn.Warn, 5)]
    [InlineData(Outcome.Completed, "ready", FailOn.Warn, 0)]
    [InlineData(Outcome.Completed, "conditional", FailOn.Warn, 1)]
    [InlineData(Outcome.Completed, "not_ready", FailOn.Warn, 2)]
    [InlineData(Outcome.Completed, "conditional", FailOn.Fail, 0)]
    [InlineData(Outcome.Completed, "not_ready", FailOn.Fail, 2)]
    [InlineData(Outcome.Completed, "not_ready", FailOn.Never, 0)]
    public void Exit_codes_come_from_one_function(Outcome outcome, string? verdict, FailOn failOn, int expected) =>
        Assert.Equal(expected, ExitCodes.For(outcome, verdict is null ? null : ContractNames.TryParse<Verdict>(verdict, out var v) ? v : throw new ArgumentException(verdict), failOn));

    private static string DemoJob(TempDirectory dir) =>
        DemoGenerator.Generate(new DemoWorld { LiveRows = 1500, Seed = 2 }, Path.Combine(dir.Path, "demo")).JobPath;

    [Fact]
    public void Fail_on_chooses_which_verdicts_exit_non_zero()
    {
        using var dir = new TempDirectory();
        var job = DemoJob(dir);
        var reports = Path.Combine(dir.Path, "reports");
        Assert.Equal(2, TestCli.Run("run", job, "--out", reports).Code);
        Assert.Equal(2, TestCli.Run("run", job, "--out", reports, "--fail-on", "fail").Code);
        Assert.Equal(0, TestCli.Run("run", job, "--out", reports, "--fail-on", "never").Code);
        Assert.Equal(3, TestCli.Run("run", job, "--out", reports, "--fail-on", "sometimes").Code);
    }

    [Fact]
    public void Json_logs_are_one_object_per_line()
    {
        using var dir = new TempDirectory();
        var (_, output, err) = TestCli.Run("run", DemoJob(dir), "--out", Path.Combine(dir.Path, "reports"), "--log-format", "json");
        Assert.Equal("", output);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 5);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            Assert.True(doc.RootElement.TryGetProperty("time", out _));
            Assert.Contains(doc.RootElement.GetProperty("level").GetString(), new[] { "info", "warn", "error" });
        }
        Assert.Contains(lines, l => l.Contains("\"rows_per_second\""));
    }

    [Fact]
    public void A_terminal_gets_a_progress_line_with_rows_per_second_and_eta()
    {
        var error = new StringWriter();
        var log = new StderrLog(error, LogFormat.Text, interactive: true);
        log.Progress("po.csv", 0, 0, 1000);
        Thread.Sleep(300);
        log.Progress("po.csv", 65_536, 250, 1000);
        log.Info("done reading");
        var text = error.ToString();
        Assert.Contains("\r\u001b[2Kpo.csv: 65,536 rows, ", text);
        Assert.Matches(@"rows/s, 25%, ETA \d\d:\d\d", text);
        Assert.Matches(@"\r\u001b\[2K\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO done reading", text);
    }

    [Fact]
    public void An_unfinished_run_folder_a_killed_run_left_is_removed_by_the_next_run()
    {
        using var dir = new TempDirectory();
        var job = DemoJob(dir);
        var reports = Path.Combine(dir.Path, "reports");
        var stale = Path.Combine(reports, "demo", ".20261201T020000Z.partial-4242");
        Directory.CreateDirectory(Path.Combine(stale, "rules"));
        File.WriteAllText(Path.Combine(stale, "findings.json"), new string('x', 1000));
        var (code, _, err) = TestCli.Run("run", job, "--out", reports);
        Assert.Equal(2, code);
        Assert.False(Directory.Exists(stale));
        Assert.Contains("removed 1 unfinished run folder(s) a killed run left", err);
        Assert.Contains("(1,000 bytes)", err);
    }

    [SkippableFact]
    public void A_read_only_reports_volume_is_said_as_such_not_as_a_run_in_progress()
    {
        using var dir = new TempDirectory();
        var job = DemoJob(dir);
        var volume = Path.Combine(dir.Path, "volume");
        Directory.CreateDirectory(volume);
        // A real read-only mount, as a Kubernetes volume is: needs mount rights (root in CI's container).
        static bool Mount(params string[] args)
        {
            try
            {
                using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mount", args) { RedirectStandardError = true });
                process!.WaitForExit();
                return process.ExitCode == 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }
        Skip.IfNot(Mount("-t", "tmpfs", "-o", "size=1m", "none", volume), "no rights to mount a tmpfs here");
        try
        {
            Directory.CreateDirectory(Path.Combine(volume, "demo"));
            Assert.True(Mount("-o", "remount,ro", volume));
            var (code, _, err) = TestCli.Run("run", job, "--out", volume);
            Assert.Equal(ExitCodes.InputUnreadable, code);
            Assert.Contains($"cannot write the job's reports folder {Path.Combine(volume, "demo")}: Read-only file system", err);
            Assert.DoesNotContain("in progress", err);
        }
        finally
        {
            using var unmount = System.Diagnostics.Process.Start("umount", volume);
            unmount.WaitForExit();
        }
    }

    [Fact]
    public void Two_runs_of_one_job_never_overlap()
    {
        using var dir = new TempDirectory();
        var job = DemoJob(dir);
        var reports = Path.Combine(dir.Path, "reports");
        using (JobLock.Acquire(Path.Combine(reports, "demo"), "demo"))
        {
            var (code, _, err) = TestCli.Run("run", job, "--out", reports);
            Assert.Equal(ExitCodes.InputUnreadable, code);
            Assert.Contains("another run of job 'demo' is in progress", err);
        }
        Assert.Equal(2, TestCli.Run("run", job, "--out", reports).Code);
    }

    [Fact]
    public void Init_writes_a_starter_job_that_runs()
    {
        using var dir = new TempDirectory();
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 1500, Seed = 2 }, Path.Combine(dir.Path, "demo"));
        var target = Path.Combine(dir.Path, "po.yaml");
        var (code, output, err) = TestCli.Run("init", demo.LivePath, "--poc", demo.PocPath, "--name", "po", "--output", target);
        Assert.True(code == 0, err);
        Assert.Contains("wrote", output);
        var text = File.ReadAllText(target);
        var job = JobFileParser.Load(target);
        Assert.Equal("po", job.Name);
        Assert.Equal("model_correct", job.Poc!.Outcome);
        // A plain job: the run judges every column from its values. What the values show is written commented out,
        // with its reasons, for a user who wants to override it.
        Assert.Empty(job.Columns);
        string Line(string column) => text.Split('\n').Single(l => l.StartsWith($"#   {column}: ", StringComparison.Ordinal));
        Assert.StartsWith("#   vendor_name: { role: vendor }", Line("vendor_name"));
        Assert.Contains("legal form", Line("vendor_name"));
        Assert.StartsWith("#   gross_weight_kg: { role: measure }", Line("gross_weight_kg"));
        Assert.StartsWith("#   uom: { role: uom }", Line("uom"));
        Assert.Contains("free_text", Line("notes"));
        Assert.Contains("3 or more words", Line("notes"));
        Assert.StartsWith("#   order_date: { role: date }", Line("order_date"));
        // Uncommented, a line is a valid override.
        File.WriteAllText(target, text.Replace(Line("notes"), Line("notes")[1..]).Replace("# columns:\n", "columns:\n"));
        Assert.Equal(ColumnRole.FreeText, JobFileParser.Load(target).Columns["notes"].Role);
        File.WriteAllText(target, text);
        Assert.InRange(TestCli.Run("run", target, "--out", Path.Combine(dir.Path, "reports")).Code, 0, 2);
        // It never overwrites.
        Assert.Equal(ExitCodes.InvalidConfiguration, TestCli.Run("init", demo.LivePath, "--output", target).Code);
    }

    [Fact]
    public void Init_supplies_no_figure_quotes_globs_and_counts_null_like_values()
    {
        using var dir = new TempDirectory();
        // 4 of 12 quantities are N/A; a header holds a newline; the POC has no outcome column.
        dir.File("a.csv", "id,qty,\"evil\nname\"\n" + string.Join("\n", Enumerable.Range(1, 12).Select(i => $"{i},{(i % 5 < 2 && i < 11 ? "N/A" : i.ToString(System.Globalization.CultureInfo.InvariantCulture))},x")) + "\n");
        dir.File("b.csv", "id,qty\n13,4\n");
        dir.File("poc.csv", "id,qty\n1,2\n2,3\n");
        var target = Path.Combine(dir.Path, "glob.yaml");
        var (code, output, err) = TestCli.Run("init", Path.Combine(dir.Path, "*.csv"), "--poc", Path.Combine(dir.Path, "poc.csv"), "--output", target);
        Assert.True(code == 0, err);
        Assert.Contains("from a checkout: dotnet run --project src/DataReadiness.Cli -- run glob.yaml", output);
        var text = File.ReadAllText(target);
        // The glob is quoted (a bare * starts a YAML alias) and the file parses as written.
        Assert.Contains("live: { path: \"*.csv\" }", text);
        var job = JobFileParser.Load(target);
        // No accuracy nobody supplied: the headline is a comment to fill in.
        Assert.Null(job.Poc!.Accuracy);
        Assert.Contains("  # accuracy: 0.90", text);
        // The role's reason counts filled values; the missing ones are said beside it (the glob reads poc.csv too: 15 rows).
        var qty = text.Split('\n').Single(l => l.StartsWith("#   qty: ", StringComparison.Ordinal));
        Assert.Contains("4 of 15 values (26.7%) empty or null-like, N/A", qty);
        Assert.Contains("#   \"evil\\nname\": ", text);
    }
}
