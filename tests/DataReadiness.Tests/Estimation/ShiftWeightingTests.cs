using DataReadiness.Estimation;
using DataReadiness.Findings;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Tests.Estimation;

/// <summary>The estimate's use of the shift classifier: importance weights within signatures, and rows outside the POC's support.</summary>
public class ShiftWeightingTests
{
    private static readonly IReadOnlySet<string> Clean = new HashSet<string>();

    /// <summary>
    /// No rule hits anything. The POC holds 800 rows of an easy kind (95% right) and 200 of a hard kind (70% right): 90%.
    /// Live is 300 easy and 700 hard (76.5% true), which only the classifier's odds tell apart: 0.375 and 3.5.
    /// </summary>
    private static EstimateInput HiddenShift(bool withOdds, double liveOddsOfHard = 3.5)
    {
        var live = Enumerable.Repeat(Clean, 1000).ToList();
        var poc = Enumerable.Repeat(Clean, 1000).ToList();
        var outcomes = Enumerable.Range(0, 800).Select(i => i < 760).Concat(Enumerable.Range(0, 200).Select(i => i < 140)).ToList();
        var input = new EstimateInput(live, poc, outcomes, null, new Dictionary<string, double>(), new Dictionary<string, string>(), BootstrapSamples: 200);
        if (!withOdds) return input;
        var liveOdds = Enumerable.Range(0, 1000).Select(i => (double?)(i < 300 ? 0.375 : liveOddsOfHard)).ToList();
        var pocOdds = Enumerable.Range(0, 1000).Select(i => (double?)(i < 800 ? 0.375 : 3.5)).ToList();
        return input with { Shift = new ShiftOdds(liveOdds, pocOdds) };
    }

    [Fact]
    public void Weights_find_a_shift_no_rule_sees()
    {
        var without = AccuracyEstimator.Estimate(HiddenShift(withOdds: false));
        var with = AccuracyEstimator.Estimate(HiddenShift(withOdds: true));
        Assert.InRange(without.ExpectedLiveAccuracy, 0.895, 0.905);
        Assert.Null(without.ShiftAdjustment);
        // Weighted, the POC rows stand in for live's mix: 0.375 x 760 + 3.5 x 140 over 0.375 x 800 + 3.5 x 200 = 77.5%.
        Assert.InRange(with.ExpectedLiveAccuracy, 0.765, 0.785);
        Assert.InRange(0.765, with.Interval.Low, with.Interval.High);
        var adjustment = with.ShiftAdjustment!;
        Assert.Equal(1000, adjustment.PocRowsWeighted);
        Assert.InRange(adjustment.CorrectionPoints!.Value, -13.5, -11.5);
        // (sum w)^2 / sum w^2 = (300 + 700)^2 / (800 x 0.1406 + 200 x 12.25) = 390 rows.
        Assert.InRange(adjustment.EffectiveSampleSize, 380, 400);
        Assert.Equal(0, adjustment.UnsupportedShare);
        Assert.Equal(0, adjustment.ShareOnPriors);
        Assert.Contains("weighted by the shift classifier", with.Method);
    }

    [Fact]
    public void Live_rows_outside_the_pocs_support_take_the_prior_and_widen_the_interval()
    {
        // The hard live rows now at odds of 100 to 1: outside what the POC covers, 70% of live.
        var inside = AccuracyEstimator.Estimate(HiddenShift(withOdds: true));
        var outside = AccuracyEstimator.Estimate(HiddenShift(withOdds: true, liveOddsOfHard: 100));
        var adjustment = outside.ShiftAdjustment!;
        Assert.Equal(0.7, adjustment.UnsupportedShare, 9);
        Assert.Equal(0.7, adjustment.ShareOnPriors, 9);
        Assert.Equal(EstimatePriors.Default.UnsupportedImpact, adjustment.UnsupportedImpact);
        Assert.True(adjustment.UnsupportedPoints < -5, $"{adjustment.UnsupportedPoints}");
        double Width(AccuracyEstimate e) => e.Interval.High - e.Interval.Low;
        Assert.True(Width(outside) > 3 * Width(inside), $"{Width(outside):0.000} vs {Width(inside):0.000}");
        Assert.InRange(outside.ExpectedLiveAccuracy, outside.Interval.Low, outside.Interval.High);
    }

    [Fact]
    public void A_surer_prior_gives_a_narrower_interval()
    {
        var input = HiddenShift(withOdds: true, liveOddsOfHard: 100);
        var loose = AccuracyEstimator.Estimate(input);
        var sure = AccuracyEstimator.Estimate(input with { Priors = EstimatePriors.Default with { UnsupportedConcentration = 200 } });
        Assert.True(sure.Interval.High - sure.Interval.Low < (loose.Interval.High - loose.Interval.Low) / 2);
    }

    [Fact]
    public void Folds_whose_models_disagree_widen_the_interval()
    {
        // The same odds, but the rows of one fold of five were scored by a model that saw no shift (odds 1).
        var input = HiddenShift(withOdds: true);
        var odds = input.Shift!;
        var disagreeing = odds.Poc.Select((o, i) => i % 5 == 0 ? 1.0 : o).ToList();
        var folds = Enumerable.Range(0, 1000).Select(i => (int?)(i % 5)).ToList();
        var noFolds = AccuracyEstimator.Estimate(input with { Shift = new ShiftOdds(odds.Live, disagreeing) });
        var withFolds = AccuracyEstimator.Estimate(input with { Shift = new ShiftOdds(odds.Live, disagreeing) { PocFolds = folds } });
        Assert.Equal(noFolds.ExpectedLiveAccuracy, withFolds.ExpectedLiveAccuracy, 9);
        double Width(AccuracyEstimate e) => e.Interval.High - e.Interval.Low;
        Assert.True(Width(withFolds) > 1.2 * Width(noFolds), $"{Width(withFolds):0.0000} vs {Width(noFolds):0.0000}");
    }

    [Fact]
    public void Equal_odds_change_nothing()
    {
        var input = HiddenShift(withOdds: false);
        var ones = Enumerable.Repeat((double?)1.0, 1000).ToList();
        var e = AccuracyEstimator.Estimate(input with { Shift = new ShiftOdds(ones, ones) });
        Assert.Equal(AccuracyEstimator.Estimate(input).ExpectedLiveAccuracy, e.ExpectedLiveAccuracy, 9);
        Assert.Equal(0, e.ShiftAdjustment!.CorrectionPoints!.Value, 9);
        Assert.Equal(1000, e.ShiftAdjustment.EffectiveSampleSize, 6);
    }

    [Fact]
    public void Platt_scaling_recovers_a_logistic_curve()
    {
        // Labels drawn from P(true) = 1 / (1 + e^-(0.5 + 2s)).
        var random = new Random(5);
        var scores = Enumerable.Range(0, 20_000).Select(_ => random.NextDouble() * 4 - 2).ToList();
        var labels = scores.Select(x => random.NextDouble() < 1 / (1 + Math.Exp(-(0.5 + 2 * x)))).ToList();
        var (intercept, slope) = ShiftClassifier.Platt(scores, labels);
        Assert.InRange(intercept, 0.4, 0.6);
        Assert.InRange(slope, 1.85, 2.15);
    }

    [Fact]
    public void Rows_for_the_classifier_are_spread_over_the_whole_sample()
    {
        Assert.Equal([0, 3, 6], ShiftClassifier.EvenlySpread(9, 3));
        Assert.Equal([0, 1, 2], ShiftClassifier.EvenlySpread(3, 5));
        var spread = ShiftClassifier.EvenlySpread(10_000, 3000);
        Assert.Equal(3000, spread.Distinct().Count());
        Assert.True(spread[^1] > 9990);
    }
}
