using DataReadiness.Estimation;
using DataReadiness.Findings;
using DataReadiness.Jobs;

namespace DataReadiness.Tests.Estimation;

/// <summary>The estimate from the model's own scores (CBPE, issue 18 part 5), on worlds whose truth is drawn here.</summary>
public class ScoreBasedEstimatorTests
{
    /// <summary>
    /// Rows whose score is <c>score</c> and whose prediction is right with probability <c>truth(score)</c>; scores spread
    /// from 0.5 to 1 with a lean toward the top of <paramref name="lean"/> (0: even).
    /// </summary>
    private static List<(double Score, bool Correct)> Rows(int count, int seed, double lean, Func<double, double> truth)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            double u = Math.Pow(random.NextDouble(), 1 / (1 + lean));
            double score = 0.5 + 0.5 * u;
            return (score, random.NextDouble() < truth(score));
        }).ToList();
    }

    private static ScoreInput Input(List<(double Score, bool Correct)> poc, List<(double Score, bool Correct)> live, ScoreMeaning meaning = ScoreMeaning.Confidence) =>
        new(live.Select(r => r.Score).ToList(), 0, poc, 0, meaning, "score", "score", Seed: 5);

    [Fact]
    public void Calibrated_scores_follow_a_covariate_shift_and_the_interval_covers_the_truth()
    {
        var poc = Rows(4000, 1, 0, s => s);
        // Live leans toward confident rows: its accuracy is higher than the POC's, as the scores say.
        var live = Rows(4000, 2, 3, s => s);
        var estimate = ScoreBasedEstimator.Estimate(Input(poc, live))!;
        double truth = live.Count(r => r.Correct) / (double)live.Count;
        double pocAccuracy = poc.Count(r => r.Correct) / (double)poc.Count;
        Assert.True(truth - pocAccuracy > 0.05, $"the shift moves accuracy: {pocAccuracy} -> {truth}");
        Assert.InRange(estimate.ExpectedLiveAccuracy - truth, -0.015, 0.015);
        Assert.InRange(truth, estimate.Interval.Low, estimate.Interval.High);
        Assert.True(estimate.Calibration!.Holds);
        Assert.True(estimate.Calibration.PValue > 0.05, $"p = {estimate.Calibration.PValue}");
        Assert.Equal(10, estimate.Calibration.Bins.Count);
        Assert.Equal(4000, estimate.Calibration.Bins.Sum(b => b.Rows));
    }

    [Fact]
    public void Overconfident_scores_fail_the_calibration_check_and_are_read_through_the_pocs_fit()
    {
        // The model claims 15 points more than it delivers, at every score.
        Func<double, double> truth = s => s - 0.15;
        var poc = Rows(4000, 3, 0, truth);
        var live = Rows(4000, 4, 2, truth);
        var estimate = ScoreBasedEstimator.Estimate(Input(poc, live))!;
        double trueLive = live.Count(r => r.Correct) / (double)live.Count;
        Assert.False(estimate.Calibration!.Holds);
        Assert.True(estimate.Calibration.PValue < 0.01);
        Assert.InRange(estimate.Calibration.ExpectedFromScores - estimate.Calibration.Observed, 0.12, 0.18);
        // Raw scores would say about 15 points too much; through the POC's fit, within 2.
        Assert.True(estimate.LiveMeanScore - trueLive > 0.12);
        Assert.InRange(estimate.ExpectedLiveAccuracy - trueLive, -0.02, 0.02);
        Assert.InRange(trueLive, estimate.Interval.Low, estimate.Interval.High);
    }

    [Fact]
    public void Without_poc_outcomes_the_raw_scores_are_the_estimate_and_calibration_is_not_claimed()
    {
        var live = Rows(1000, 6, 0, s => s);
        var estimate = ScoreBasedEstimator.Estimate(new ScoreInput(live.Select(r => r.Score).ToList(), 3, [], 0, ScoreMeaning.Confidence, "score", null))!;
        Assert.Null(estimate.Calibration);
        Assert.Equal(live.Average(r => r.Score), estimate.ExpectedLiveAccuracy, 12);
        Assert.Equal(3, estimate.LiveRowsWithoutScore);
        Assert.Contains("calibration is not checked", estimate.Method);
        Assert.True(estimate.Interval.Low < estimate.ExpectedLiveAccuracy && estimate.ExpectedLiveAccuracy < estimate.Interval.High);
    }

    [Fact]
    public void A_binary_models_positive_class_probability_is_read_as_the_larger_side()
    {
        Assert.Equal(0.9, ScoreBasedEstimator.Confidence(0.1, ScoreMeaning.PositiveClass), 12);
        Assert.Equal(0.1, ScoreBasedEstimator.Confidence(0.1, ScoreMeaning.Confidence), 12);
        var live = new List<double> { 0.1, 0.9, 0.2, 0.8 };
        var estimate = ScoreBasedEstimator.Estimate(new ScoreInput(live, 0, [], 0, ScoreMeaning.PositiveClass, "p", null))!;
        Assert.Equal(0.85, estimate.ExpectedLiveAccuracy, 12);
    }

    [Theory]
    [InlineData("0.93", 0.93)]
    [InlineData("1", 1.0)]
    [InlineData("1e-1", 0.1)]
    [InlineData("1.2", null)]
    [InlineData("-0.1", null)]
    [InlineData("0,93", null)]
    [InlineData("NaN", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_score_is_a_number_from_0_to_1(string? text, double? expected) => Assert.Equal(expected, ScoreBasedEstimator.ReadScore(text));

    [Fact]
    public void The_isotonic_fit_never_decreases_pools_violators_and_gives_equal_scores_one_value()
    {
        double[] scores = [0.1, 0.2, 0.2, 0.3, 0.4, 0.5, 0.6];
        bool[] correct = [false, true, false, false, true, true, true];
        var blocks = ScoreBasedEstimator.Isotonic(scores, correct, [1, 1, 1, 1, 1, 1, 1]);
        // 0.1 -> 0; 0.2 (one of two right) and 0.3 (wrong) violate order and pool to 1/3; then all right.
        Assert.Equal([0.0, 1.0 / 3, 1.0], blocks.Select(b => b.Value).ToArray());
        Assert.Equal((0.2, 0.3), (blocks[1].Low, blocks[1].High));
        // Read through it: inside a block its value, between blocks a straight line, beyond the ends the end values.
        var read = ScoreBasedEstimator.Apply(blocks, [0.0, 0.15, 0.25, 0.35, 0.9]);
        Assert.Equal([0.0, 1.0 / 6, 1.0 / 3, 2.0 / 3, 1.0], read, (a, b) => Math.Abs(a - b) < 1e-12);
        // Rows counted zero times are left out.
        var without = ScoreBasedEstimator.Isotonic(scores, correct, [1, 0, 1, 1, 1, 1, 1]);
        Assert.Equal([0.0, 1.0], without.Select(b => b.Value).ToArray());
    }

    [Fact]
    public void The_same_input_and_seed_give_the_same_estimate()
    {
        var poc = Rows(500, 7, 0, s => s);
        var live = Rows(500, 8, 1, s => s);
        var a = ScoreBasedEstimator.Estimate(Input(poc, live))!;
        var b = ScoreBasedEstimator.Estimate(Input(poc, live))!;
        Assert.Equal(a.Interval, b.Interval);
        Assert.Equal(a.Calibration!.PValue, b.Calibration!.PValue);
    }

    [Fact]
    public void When_the_scores_and_the_model_free_estimate_disagree_the_verdict_says_so()
    {
        var estimate = new AccuracyEstimate(0.94, 0.92, new Interval(0.90, 0.94), 2, "m", false, [], [], [], []);
        var agreeing = estimate with { ScoreBased = new ScoreBasedEstimate(0.91, new Interval(0.89, 0.93), "m", "score", 100, 0, 0.91, null) };
        Assert.Equal(Verdict.Ready, VerdictDecider.Decide(agreeing, new GateSpec(0.85, 10), []).Verdict);
        var apart = estimate with { ScoreBased = new ScoreBasedEstimate(0.80, new Interval(0.78, 0.82), "m", "score", 100, 0, 0.80, null) };
        var verdict = VerdictDecider.Decide(apart, new GateSpec(0.85, 10), []);
        Assert.Equal(Verdict.Conditional, verdict.Verdict);
        Assert.StartsWith("the model's own scores expect 80.0% [78.0%, 82.0%] on live, the estimate from the POC 92.0% [90.0%, 94.0%]: they disagree", verdict.Reasons[0]);
    }
}
