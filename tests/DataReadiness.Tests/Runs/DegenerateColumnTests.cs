using DataReadiness.Jobs;
using DataReadiness.Runs;
using DataReadiness.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DataReadiness.Tests.Runs;

/// <summary>Columns with nothing to judge (all blank, one value, null tokens only, no numbers) get a reason, never an error.</summary>
public class DegenerateColumnTests
{
    [Fact]
    public void Columns_with_no_values_one_value_or_no_numbers_get_reasons_and_the_run_completes()
    {
        using var dir = new TempDirectory();
        string Rows(int n, bool live) => "id,all_blank,blank_in_live,one_value,only_tokens,words\n" + string.Concat(Enumerable.Range(0, n).Select(i =>
            $"{i},,{(live ? "" : (i % 50).ToString(System.Globalization.CultureInfo.InvariantCulture))},X,{(i % 2 == 0 ? "N/A" : "")},{(i % 3 == 0 ? "alpha" : "beta")}\n"));
        File.WriteAllText(Path.Combine(dir.Path, "live.csv"), Rows(200, live: true));
        File.WriteAllText(Path.Combine(dir.Path, "poc.csv"), Rows(100, live: false));
        var job = dir.File("edge.yaml", """
            name: edge
            live: { path: live.csv }
            poc: { path: poc.csv, accuracy: 0.9 }
            """);
        var run = JobRunner.Run(JobFileParser.Load(job), new RunContext(new FakeTimeProvider(DateTimeOffset.UnixEpoch), new SilentLog(), Path.Combine(dir.Path, "reports"), []));

        Assert.True(File.Exists(Path.Combine(run.RunDirectory, "readiness.html")));
        Assert.DoesNotContain(run.Findings.Findings, f => f.Error is not null);
        var blank = run.Findings.Drift.Single(d => d.Column == "all_blank");
        Assert.Equal("none", blank.Test);
        Assert.Null(blank.Psi);
        Assert.Contains("no values", run.Findings.Drift.Single(d => d.Column == "blank_in_live").ThresholdFrom);
        // The null rule names the live column gone blank; the numeric rules say why they did not run.
        Assert.Contains(run.Findings.Findings, f => f.Kind == "null_like" && f.Column == "blank_in_live" && f.RowsAffected == 200);
        var checks = run.Findings.Rules.Columns.Single(c => c.Column == "only_tokens").Checks;
        Assert.Contains(checks, c => c.Kind == "unit_magnitude" && !c.Ran && c.Reason.Length > 0);
    }
}
