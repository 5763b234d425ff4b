using DataReadiness.Cli;
using DataReadiness.Tests.Support;

namespace DataReadiness.Tests.Runs;

public class CommandLineTests
{
    [Fact]
    public void An_unknown_log_format_is_a_usage_error_not_an_abort()
    {
        var (code, _, err) = TestCli.Run("run", "job.yaml", "--log-format", "xml");
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Contains("Cannot parse argument 'xml' for option '--log-format'", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void Under_json_logs_job_file_problems_are_json_lines_with_their_place()
    {
        using var dir = new TempDirectory();
        var job = dir.File("bad.yaml", "name: po\nlive: { pth: a.csv }\n");
        var (code, _, err) = TestCli.Run("run", job, "--log-format", "json");
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!).ToList();
        // Every line is a JSON object; the problems carry their place.
        var problem = Assert.Single(lines, l => ((string)l["message"]!).StartsWith("live: unknown key 'pth'", StringComparison.Ordinal));
        Assert.Equal((job, 2, 9), ((string)problem["file"]!, (int)problem["line"]!, (int)problem["column"]!));
    }

    [Fact]
    public void A_value_holding_a_newline_or_control_characters_stays_on_one_text_log_line()
    {
        var text = new StringWriter();
        var log = new StderrLog(text);
        log.Warn("header 'evil\n2026-01-01T00:00:00Z ERROR forged' \u001b[31mred\u202E");
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("evil\\n2026-01-01T00:00:00Z ERROR forged", lines[0]);
        Assert.Contains("\\u001B[31mred\\u202E", lines[0]);
    }

    [Fact]
    public void An_unknown_option_is_a_usage_error_with_exit_code_3()
    {
        var (code, _, err) = TestCli.Run("run", "job.yaml", "--sampel-rows", "5");
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Contains("--sampel-rows", err);
    }

    [Fact]
    public void An_invalid_job_file_exits_3_and_lists_its_problems_with_positions()
    {
        using var dir = new TempDirectory();
        var job = dir.File("bad.yaml", "name: po\nlive: { pth: a.csv }\n");
        var (code, _, err) = TestCli.Run("run", job);
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Contains($"{job}(2,9): live: unknown key 'pth'; did you mean 'path'?", err);
    }

    [Fact]
    public void An_unreadable_input_exits_4_and_names_the_file()
    {
        using var dir = new TempDirectory();
        var job = dir.File("job.yaml", "name: po\nlive: { path: nowhere.csv }\n");
        var (code, _, err) = TestCli.Run("run", job, "--out", Path.Combine(dir.Path, "reports"));
        Assert.Equal(ExitCodes.InputUnreadable, code);
        Assert.Contains("nowhere.csv: no such file", err);
    }

    [Fact]
    public void A_good_run_exits_0_and_logs_timestamped_lines_to_stderr()
    {
        using var dir = new TempDirectory();
        dir.File("po.csv", "vendor,qty\nAcme,1\nBöhm,2\n");
        var job = dir.File("job.yaml", "name: po\nlive: { path: po.csv }\n");
        var reports = Path.Combine(dir.Path, "reports");
        var (code, output, err) = TestCli.Run("run", job, "--out", reports, "--sample-rows", "10", "--seed", "3");
        Assert.Equal(ExitCodes.Ready, code);
        Assert.Equal("", output);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO ", err);
        // Each phase's time at info level, as it ends, and the whole run's at the end.
        Assert.Matches(@"INFO timing: live pass [\d,]+ ms wall, [\d,]+ ms CPU \(2 rows, 2 columns", err);
        Assert.Matches(@"INFO timing: report [\d,]+ ms wall", err);
        Assert.Matches(@"INFO report written to .* \(\d+\.\d\d s wall, \d+\.\d\d s CPU since the job file was read; the JIT compiled [\d,]+ methods in \d+\.\d\d s\)", err);
        var manifest = File.ReadAllText(Path.Combine(reports, "po", "latest", "manifest.json"));
        Assert.Contains("\"seed\": 3", manifest);
        Assert.Contains("\"sample_rows\": 10", manifest);
    }

    [Fact]
    public void A_run_that_fails_its_gate_exits_2_and_still_writes_its_report()
    {
        using var dir = new TempDirectory();
        var demo = DataReadiness.Demo.DemoGenerator.Generate(new DataReadiness.Demo.DemoWorld { LiveRows = 3000, Seed = 9 }, Path.Combine(dir.Path, "demo"));
        var reports = Path.Combine(dir.Path, "reports");
        var (code, _, err) = TestCli.Run("run", demo.JobPath, "--out", reports, "--zip");
        Assert.Equal(ExitCodes.NotReady, code);
        // The evidence pack holds the whole run folder.
        var zip = Directory.GetFiles(Path.Combine(reports, "demo"), "*.zip").Single();
        using (var archive = System.IO.Compression.ZipFile.OpenRead(zip))
        {
            var names = archive.Entries.Select(e => e.FullName.Split('/', 2)[1]).ToHashSet();
            Assert.Superset(new HashSet<string> { "readiness.html", "findings.json", "exceptions.csv", "manifest.json", "job.yaml", "rules/catalog.yaml" }, names);
        }
        Assert.Contains("verdict: not_ready", err);
        Assert.Contains("\"verdict\": \"not_ready\"", File.ReadAllText(Path.Combine(reports, "demo", "latest", "findings.json")));

        // The same data against a gate it meets, with its warnings, is ready with conditions.
        var lenient = File.ReadAllText(demo.JobPath).Replace("min_expected_accuracy: 0.85, max_drop_points: 10", "min_expected_accuracy: 0.5, max_drop_points: 40");
        File.WriteAllText(demo.JobPath, lenient);
        Assert.Equal(ExitCodes.Conditional, TestCli.Run("run", demo.JobPath, "--out", reports).Code);
    }

    [Fact]
    public void The_demo_generates_its_data_and_runs_the_job_on_it()
    {
        using var dir = new TempDirectory();
        var reports = Path.Combine(dir.Path, "reports");
        var (code, _, err) = TestCli.Run("demo", "--rows", "500", "--out", reports);
        Assert.Equal(ExitCodes.Ready, code);
        Assert.True(File.Exists(Path.Combine(reports, "demo", "latest", "findings.json")), err);
        Assert.True(File.Exists(Path.Combine(reports, "demo", "truth", "defects.csv")));
        Assert.True(File.Exists(Path.Combine(reports, "demo", "inputs", "poc.parquet")));
    }
}
