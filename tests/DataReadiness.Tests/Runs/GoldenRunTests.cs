using DataReadiness.Demo;
using DataReadiness.Jobs;
using DataReadiness.Rules.Catalog;
using DataReadiness.Runs;
using DataReadiness.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DataReadiness.Tests.Runs;

/// <summary>
/// findings.json and exceptions.csv of a small fixed job, compared byte for byte with approved golden files: any
/// change to what a run reports shows up here and must be approved (run the tests with DATAREADINESS_APPROVE=1 and
/// review the diff). Paths that depend on the machine are replaced by markers.
/// </summary>
public class GoldenRunTests
{
    [Fact]
    public void A_small_fixed_job_reports_exactly_the_approved_findings_and_exceptions()
    {
        using var dir = new TempDirectory();
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 240, PocRows = 120, Seed = 21 }, Path.Combine(dir.Path, "demo"));
        var run = JobRunner.Run(JobFileParser.Load(demo.JobPath),
            new RunContext(new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero)), new SilentLog(), Path.Combine(dir.Path, "reports"), []));
        // The timings are the one part of findings.json that differs between reruns; the test of them is in JobRunnerTests.
        string Normalised(string file) => System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(Path.Combine(run.RunDirectory, file)),
                @",\s*""timings"": \{.*\}\s*\}\s*$", "\n}", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Replace(DefaultCatalog.Directory, "<catalog>", StringComparison.Ordinal)
            .Replace(dir.Path, "<dir>", StringComparison.Ordinal);
        Approve.Matches("Runs/golden/findings.json", Normalised(RunFolder.FindingsFile));
        Approve.Matches("Runs/golden/exceptions.csv", Normalised(RunFolder.ExceptionsFile));
    }
}
