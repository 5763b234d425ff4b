using DataReadiness.Estimation;
using DataReadiness.Findings;
using DataReadiness.Jobs;

namespace DataReadiness.Tests.Estimation;

public class EstimatorTests
{
    private static HashSet<string> S(params string[] kinds) => kinds.ToHashSet();

    private static EstimateInput World(int cleanLive, int vendorLive, int pocClean, int pocCleanCorrect, int pocVendor, int pocVendorCorrect, double prior = 0.8)
    {
        var live = Enumerable.Repeat(S(), cleanLive).Concat(Enumerable.Repeat(S("vendor_variant"), vendorLive)).ToList();
        var poc = Enumerable.Repeat(S(), pocClean).Concat(Enumerable.Repeat(S("vendor_variant"), pocVendor)).ToList();
        var outcomes = Enumerable.Range(0, pocClean).Select(i => i < pocCleanCorrect)
            .Concat(Enumerable.Range(0, pocVendor).Select(i => i < pocVendorCorrect)).ToList();
        return new EstimateInput(live, poc, outcomes, null, new Dictionary<string, double> { ["vendor_variant"] = prior },
            new Dictionary<string, string> { ["vendor_variant"] = "vendors" }, BootstrapSamples: 200);
    }

    [Fact]
    public void A_prior_based_estimate_with_no_rule_hit_still_has_the_headlines_own_uncertainty()
    {
        // 400 POC rows behind a 90% headline: a proportion of 400 is 90% give or take about 3 points, not exactly.
        var clean = Enumerable.Repeat(S(), 400).ToList();
        var e = AccuracyEstimator.Estimate(new EstimateInput(clean, clean, null, 0.9, new Dictionary<string, double>(), new Dictionary<string, string>()));
        Assert.True(e.PriorBased);
        Assert.Equal(0.9, e.ExpectedLiveAccuracy, 9);
        Assert.InRange(e.Interval.Low, 0.86, 0.89);
        Assert.InRange(e.Interval.High, 0.91, 0.94);
    }

    [Fact]
    public void A_kind_the_poc_never_shows_widens_the_interval_by_its_priors_uncertainty()
    {
        // Live: 300 of 1,000 rows with vendor variants; the POC (outcomes known) has none: the kind's effect is the
        // catalog's prior alone. Beta(0.8 x 25, 0.2 x 25) around it has a standard deviation of 0.08, so 30% of rows
        // carry about 2.4 points of standard deviation into the estimate: the interval is at least 6 points wide.
        var e = AccuracyEstimator.Estimate(World(700, 300, 1000, 900, 0, 0));
        Assert.False(e.PriorBased);
        Assert.InRange(e.ExpectedLiveAccuracy, 0.83, 0.86);
        Assert.True(e.Interval.High - e.Interval.Low >= 0.06, $"[{e.Interval.Low:0.000}, {e.Interval.High:0.000}]");
        Assert.InRange(e.ExpectedLiveAccuracy, e.Interval.Low, e.Interval.High);
    }

    [Fact]
    public void A_live_mix_like_the_poc_keeps_the_poc_accuracy()
    {
        var e = AccuracyEstimator.Estimate(World(900, 100, 900, 810, 100, 60));
        Assert.Equal(0.87, e.PocAccuracy, 9);
        Assert.InRange(e.ExpectedLiveAccuracy, 0.865, 0.875);
    }

    [Fact]
    public void More_defective_rows_live_lower_the_estimate_by_the_measured_retention()
    {
        // POC: clean rows 90% right, vendor-variant rows 60% right (retention 2/3, with enough rows to outweigh the prior).
        var e = AccuracyEstimator.Estimate(World(500, 500, 900, 810, 300, 180));
        Assert.InRange(e.ExpectedLiveAccuracy, 0.74, 0.77);
        Assert.InRange(e.Impacts.Single().EstimatedImpact, 0.65, 0.72);
        Assert.Equal(e.DropPoints, e.Contributions.Single(c => c.Cause == "vendors").Points, 9);
    }

    [Fact]
    public void A_signature_the_poc_never_shows_falls_back_on_the_prior()
    {
        var e = AccuracyEstimator.Estimate(World(0, 1000, 1000, 900, 0, 0, prior: 0.5));
        Assert.InRange(e.ExpectedLiveAccuracy, 0.44, 0.46);
    }

    [Fact]
    public void The_same_input_and_seed_give_the_same_estimate()
    {
        var a = AccuracyEstimator.Estimate(World(700, 300, 900, 810, 100, 70));
        var b = AccuracyEstimator.Estimate(World(700, 300, 900, 810, 100, 70));
        Assert.Equal(a.ExpectedLiveAccuracy, b.ExpectedLiveAccuracy);
        Assert.Equal(a.Interval, b.Interval);
    }

    [Theory]
    [InlineData(0.80, 0.78, 0.82, 0.85, null, "not_ready")]
    [InlineData(0.86, 0.84, 0.88, 0.85, null, "conditional")]
    [InlineData(0.90, 0.88, 0.92, 0.85, null, "ready")]
    [InlineData(0.90, 0.88, 0.92, null, 3.0, "not_ready")]
    public void The_verdict_comes_from_the_gate_on_the_point_estimate_and_the_interval(double expected, double low, double high, double? min, double? maxDrop, string verdict)
    {
        var estimate = new AccuracyEstimate(0.94, expected, new Interval(low, high), 100 * (0.94 - expected), "m", false, [], [], [], []);
        Assert.Equal(verdict, ContractNames.Of(VerdictDecider.Decide(estimate, new GateSpec(min, maxDrop), []).Verdict));
    }

    [Fact]
    public void Warnings_make_a_passing_gate_conditional()
    {
        var estimate = new AccuracyEstimate(0.94, 0.93, new Interval(0.92, 0.94), 1, "m", false, [], [], [], []);
        var finding = new Finding("nulls", "null_like", "nulls", "vendor", ColumnRole.Vendor, Severity.Warn, 0.8, 100, 3, 0.03, new Interval(0.01, 0.08), "sample", null, null, null, [], null);
        Assert.Equal(Verdict.Conditional, VerdictDecider.Decide(estimate, new GateSpec(0.85, 10), [finding]).Verdict);
        Assert.Equal(Verdict.Ready, VerdictDecider.Decide(estimate, new GateSpec(0.85, 10), []).Verdict);
    }

    [Fact]
    public void A_finding_at_the_pocs_own_rate_leaves_the_verdict_ready()
    {
        var estimate = new AccuracyEstimate(0.94, 0.93, new Interval(0.92, 0.94), 1, "m", false, [], [], [], []);
        Finding Shorthand(long liveHits, long pocHits) => new("text.shorthand", "shorthand", "shorthand", "notes", ColumnRole.FreeText, Severity.Warn, 0.9,
            5000, liveHits, liveHits / 5000.0, new Interval(0, 1), "sample", 2500, pocHits, pocHits / 2500.0, [], null);
        // 6% of rows on both sides: the POC's accuracy already includes them.
        var same = VerdictDecider.Decide(estimate, new GateSpec(0.85, 10), [Shorthand(300, 150)]);
        Assert.Equal(Verdict.Ready, same.Verdict);
        Assert.Contains("at the POC's own rates", same.Reasons[0]);
        // 7% against 6%: within chance on these sizes (z about 1.7).
        Assert.Equal(Verdict.Ready, VerdictDecider.Decide(estimate, new GateSpec(0.85, 10), [Shorthand(350, 150)]).Verdict);
        // A defect the POC never shows counts, however few rows.
        Assert.Equal(Verdict.Conditional, VerdictDecider.Decide(estimate, new GateSpec(0.85, 10), [Shorthand(5, 0)]).Verdict);
        // Forms both sides share are counted apart ("as in the POC") but are hits too: 6% against 6% in all.
        var shared = Shorthand(10, 0) with { RowsAsInPoc = 290, PocRowsAsInPoc = 150 };
        Assert.Equal(Verdict.Ready, VerdictDecider.Decide(estimate, new GateSpec(0.85, 10), [shared]).Verdict);
        // 9% against 6%: more than chance.
        Assert.Equal(Verdict.Conditional, VerdictDecider.Decide(estimate, new GateSpec(0.85, 10), [Shorthand(450, 150)]).Verdict);
    }
}
