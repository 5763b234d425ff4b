using DataReadiness.Estimation;

namespace DataReadiness.Tests.Estimation;

/// <summary>The AUC the shift classifier reports, as a pure function of labels and scores.</summary>
public class ShiftClassifierTests
{
    [Fact]
    public void Auc_is_one_when_every_live_row_scores_above_every_poc_row_and_zero_when_below()
    {
        bool[] labels = [true, true, false, false];
        Assert.Equal(1.0, ShiftClassifier.Auc(labels, [0.9f, 0.8f, 0.2f, 0.1f]).Auc);
        Assert.Equal(0.0, ShiftClassifier.Auc(labels, [0.1f, 0.2f, 0.8f, 0.9f]).Auc);
    }

    [Fact]
    public void Ties_count_half_and_a_coin_is_one_half()
    {
        Assert.Equal(0.5, ShiftClassifier.Auc([true, false, true, false], [0.3f, 0.3f, 0.3f, 0.3f]).Auc);
        // One live row above both POC rows, the other tied with one and below the other: (2 + 0.5 + 0) / 4.
        Assert.Equal(0.625, ShiftClassifier.Auc([true, true, false, false], [0.9f, 0.5f, 0.5f, 0.7f]).Auc);
    }

    [Fact]
    public void The_standard_error_shrinks_with_more_rows()
    {
        var random = new Random(1);
        (double, double) Of(int n)
        {
            var labels = Enumerable.Range(0, n).Select(i => i % 2 == 0).ToArray();
            var scores = labels.Select(l => (float)(random.NextDouble() + (l ? 0.3 : 0))).ToArray();
            return ShiftClassifier.Auc(labels, scores);
        }
        var (_, small) = Of(100);
        var (_, large) = Of(10_000);
        Assert.True(large < small / 5, $"{large} against {small}");
    }
}

/// <summary>The classifier on a wide extract: the column that moved is found among many that did not.</summary>
public class WideShiftTests
{
    [Fact]
    public void On_forty_columns_the_one_that_moved_leads_the_drivers_and_unread_columns_cost_nothing()
    {
        // 40 columns of the same noise on both sides; 'pressure' is read in another unit on live (x14.5, bar to psi).
        // Importance is measured for the columns the trees gain most from, at most 24: the moved one must be among them.
        var random = new Random(5);
        string[] columns = [.. Enumerable.Range(0, 39).Select(i => $"noise_{i:00}"), "pressure"];
        DataReadiness.Sampling.SampleFrame Side(string file, double scale) => DataReadiness.Sampling.SampleFrame.FromRows(columns,
            Enumerable.Range(0, 600).Select(r => new DataReadiness.Sources.SampledRow(file, r + 1, (ulong)r,
                columns.Select(c => (string?)(c == "pressure" ? (random.NextDouble() * 2 + 5) * scale : random.NextDouble() * 100)
                    .ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)).ToArray())).ToList());
        var live = Side("live.csv", 14.5);
        var poc = Side("poc.csv", 1);
        var measured = ShiftClassifier.Measure(live, poc, new Dictionary<string, string>(), columns.ToDictionary(c => c, _ => DataReadiness.Findings.ColumnRole.Measure), [], 42)!;
        Assert.True(measured.Report.Auc > 0.95, $"AUC {measured.Report.Auc}");
        Assert.Equal("pressure", measured.Report.Drivers[0].Column);
        Assert.True(measured.Report.Drivers[0].AucDrop > 0.1);
        Assert.Equal(40, measured.Report.Columns.Count);
    }
}

/// <summary>How the shift reaches the verdict, as a pure function.</summary>
public class ShiftVerdictTests
{
    private static DataReadiness.Findings.ShiftReport Shift(double auc, double unsupported) =>
        new(auc, auc - 0.01, auc + 0.01, 1000, 1000, 5, 8, ["a", "b"], [], [new("a", 0.2)]) { UnsupportedShare = unsupported };

    private static readonly DataReadiness.Jobs.GateSpec Gate = new(0.8, 10);

    [Fact]
    public void Alike_samples_leave_the_verdict_alone()
    {
        var verdict = VerdictDecider.Decide(null, null, [], Shift(0.52, 0.0));
        Assert.Equal(DataReadiness.Findings.Verdict.Ready, verdict.Verdict);
    }

    [Fact]
    public void A_live_told_apart_is_conditional_without_a_shift_gate_and_not_ready_above_one()
    {
        Assert.Equal(DataReadiness.Findings.Verdict.Conditional, VerdictDecider.Decide(null, null, [], Shift(0.85, 0.1)).Verdict);
        var gated = VerdictDecider.Decide(null, Gate with { MaxShiftAuc = 0.75 }, [], Shift(0.85, 0.1));
        Assert.Equal(DataReadiness.Findings.Verdict.NotReady, gated.Verdict);
        Assert.Contains(gated.Reasons, r => r.Contains("AUC 0.85", StringComparison.Ordinal) && r.Contains("most by a", StringComparison.Ordinal));
    }

    [Fact]
    public void Most_of_live_outside_the_poc_is_not_ready_whatever_the_estimate()
    {
        var verdict = VerdictDecider.Decide(null, null, [], Shift(0.99, 0.6));
        Assert.Equal(DataReadiness.Findings.Verdict.NotReady, verdict.Verdict);
        Assert.StartsWith("live data outside what the POC covers (60.0% of live rows, above 50.0%", verdict.Reasons[0]);
        Assert.Equal(DataReadiness.Findings.Verdict.Conditional, VerdictDecider.Decide(null, Gate with { MaxUnsupportedShare = 0.7 }, [], Shift(0.99, 0.6)).Verdict);
    }
}

/// <summary>Gate keys across nightly runs: tonight against the last run, and an objective over the last runs.</summary>
public class NightlyGateTests
{
    private static DataReadiness.Findings.AccuracyEstimate Estimate(double accuracy) =>
        new(0.9, accuracy, new DataReadiness.Findings.Interval(accuracy - 0.01, accuracy + 0.01), 100 * (0.9 - accuracy), "test", false, [], [], [], []);

    private static readonly (string, double)[] LastWeek =
        [("r1", 0.88), ("r2", 0.87), ("r3", 0.88), ("r4", 0.86), ("r5", 0.86), ("r6", 0.85)];

    [Fact]
    public void A_fall_from_the_previous_run_beyond_the_gate_is_not_ready_with_both_figures()
    {
        var gate = new DataReadiness.Jobs.GateSpec(0.7, 30) { MaxDropVsPreviousPoints = 3 };
        var verdict = VerdictDecider.Decide(Estimate(0.80), gate, [], null, LastWeek);
        Assert.Equal(DataReadiness.Findings.Verdict.NotReady, verdict.Verdict);
        Assert.Contains("expected live accuracy 80.0% is 5.0 points below the previous run's 85.0% (r6), more than the gate's 3", verdict.Reasons);
        Assert.Equal(DataReadiness.Findings.Verdict.Ready, VerdictDecider.Decide(Estimate(0.83), gate, [], null, LastWeek).Verdict);
        // The first run has nothing to compare with.
        Assert.Equal(DataReadiness.Findings.Verdict.Ready, VerdictDecider.Decide(Estimate(0.80), gate, [], null, []).Verdict);
    }

    [Fact]
    public void The_mean_of_the_last_runs_below_the_objective_is_not_ready_with_the_trend()
    {
        var gate = new DataReadiness.Jobs.GateSpec(0.7, 30) { MinExpectedAccuracyOverLast = new DataReadiness.Jobs.AccuracyObjective(7, 0.86) };
        var verdict = VerdictDecider.Decide(Estimate(0.81), gate, [], null, LastWeek);
        Assert.Equal(DataReadiness.Findings.Verdict.NotReady, verdict.Verdict);
        Assert.Contains("mean expected accuracy over the last 7 runs, 85.9%, is below the objective's 86.0% (oldest first: 88.0% → 87.0% → 88.0% → 86.0% → 86.0% → 85.0% → 81.0%)",
            verdict.Reasons);
        Assert.Equal(DataReadiness.Findings.Verdict.Ready, VerdictDecider.Decide(Estimate(0.86), gate, [], null, LastWeek).Verdict);
    }

    [Fact]
    public void The_job_file_reads_the_nightly_keys_and_rejects_half_an_objective()
    {
        var job = DataReadiness.Jobs.JobFileParser.Parse(
            "name: po\nlive: a.csv\ngate: { max_drop_vs_previous_points: 2, min_expected_accuracy_over_last: { runs: 7, min: 0.85 } }\n", "job.yaml");
        Assert.Equal(2, job.Gate!.MaxDropVsPreviousPoints);
        Assert.Equal(new DataReadiness.Jobs.AccuracyObjective(7, 0.85), job.Gate.MinExpectedAccuracyOverLast);
        Assert.Throws<DataReadiness.Configuration.ConfigException>(() => DataReadiness.Jobs.JobFileParser.Parse(
            "name: po\nlive: a.csv\ngate: { min_expected_accuracy_over_last: { runs: 7 } }\n", "job.yaml"));
    }
}
