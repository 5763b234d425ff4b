using DataReadiness.Bench.RealData;
using DataReadiness.Findings;
using DataReadiness.Tests.Support;
using Xunit.Abstractions;

namespace DataReadiness.Tests.Estimation;

/// <summary>The steel plates' three splits (<see cref="RealModelBenchmark"/>), a real model trained and each split run once.</summary>
public sealed class RealModelRun : IDisposable
{
    private readonly TempDirectory _dir = new();

    public RealModelRun() =>
        Results = RealModelBenchmark.Run(Path.GetDirectoryName(Path.GetDirectoryName(RealData.PathOf("steel_plates/SteelPlatesFaults_Clean.csv")))!, _dir.Path);

    public List<RealModelResult> Results { get; }

    public void Dispose() => _dir.Dispose();
}

/// <summary>A real model's real accuracy under a real shift, against what a plain job says (issue 18).</summary>
public class RealModelTests(RealModelRun run, ITestOutputHelper output) : IClassFixture<RealModelRun>
{
    [Fact]
    public void Held_out_rows_of_the_same_population_are_estimated_within_three_points_and_not_told_apart()
    {
        output.WriteLine(RealModelBenchmark.Table(run.Results));
        var same = run.Results[0];
        Assert.InRange(same.ErrorPoints, -3, 3);
        Assert.True(same.Covers);
        Assert.True(same.ShiftAuc < 0.6, $"AUC {same.ShiftAuc}");
        Assert.True(same.UnsupportedShare < 0.05);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Within_what_the_poc_covers_both_estimates_are_within_three_points_and_cover_the_truth(int split)
    {
        output.WriteLine(RealModelBenchmark.CalibrationTable(run.Results));
        var result = run.Results[split];
        Assert.InRange(result.ErrorPoints, -3, 3);
        Assert.True(result.Covers);
        // The model's own scores (a real multiclass model's probability for its class), calibrated on the POC's 291 rows.
        Assert.InRange(result.ScoreErrorPoints!.Value, -3, 3);
        Assert.True(result.ScoreCovers);
        Assert.NotNull(result.ScoreBased!.Calibration);
        Assert.Equal(result.PocRows, result.ScoreBased.Calibration!.PocRows);
        Assert.Equal(result.LiveRows, result.ScoreBased.LiveRowsScored);
    }

    [Fact]
    public void Larger_defects_of_the_same_steel_are_a_shift_both_estimates_follow()
    {
        // The POC's accuracy would miss by 9 points; live is told from the POC, yet inside what it covers.
        var larger = run.Results[3];
        Assert.True(larger.TrueLiveAccuracy - larger.PocAccuracy > 0.05);
        Assert.True(larger.ShiftAuc > 0.6, $"AUC {larger.ShiftAuc}");
        Assert.True(larger.UnsupportedShare < 0.05);
    }

    [Fact]
    public void On_another_steel_type_the_model_is_confidently_wrong_and_its_scores_say_so_less_than_the_verdict()
    {
        // CBPE's known limit, shown rather than hidden: scores 68% where the model gets 31% right. The verdict rests
        // on the classifier (every live row outside what the POC covers), not on the scores.
        var other = run.Results[1];
        Assert.True(other.ScoreErrorPoints > 20);
        Assert.Equal(Verdict.NotReady, other.Verdict);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Another_steel_type_or_conveyor_is_not_ready_because_the_poc_does_not_cover_it(int split)
    {
        var shifted = run.Results[split];
        // The model really does much worse there: the POC's accuracy would mislead by 20 points or more.
        Assert.True(shifted.PocAccuracy - shifted.TrueLiveAccuracy > 0.2);
        Assert.Equal(Verdict.NotReady, shifted.Verdict);
        Assert.StartsWith("live data outside what the POC covers", shifted.FirstReason);
        Assert.True(shifted.UnsupportedShare > 0.9);
    }

    [Fact]
    public void Recall_per_class_comes_from_the_label_and_prediction_columns()
    {
        var same = run.Results[0];
        foreach (var result in run.Results) output.WriteLine($"{result.Split}:\n{RealModelBenchmark.ClassTable(result)}");
        Assert.Equal(same.PocRows, same.PerClass.Sum(c => c.PocRows));
        // The POC's accuracy is the recalls weighted by the classes' rows.
        Assert.Equal(same.PocAccuracy, same.PerClass.Sum(c => c.PocRecall * c.PocRows) / same.PocRows, 9);
        // Same population: the largest class's expected live recall is within 0.1 of its true one.
        var largest = same.PerClass[0];
        Assert.InRange(largest.ExpectedLiveRecall!.Value - same.TrueLiveRecall[largest.Class], -0.1, 0.1);
        Assert.InRange(same.PerClass.Sum(c => c.ExpectedLiveShare!.Value), 0.999, 1.001);
    }

    [Fact]
    public void Live_outside_what_the_poc_covers_gets_no_expected_recall_per_class()
    {
        // On the other steel type the model stops finding whole classes (K_Scatch_Fault: 0.95 on the POC, 0 on A300):
        // weights cannot see that from the POC, so none is claimed.
        var other = run.Results[1];
        Assert.All(other.PerClass, c => Assert.Null(c.ExpectedLiveRecall));
        Assert.Contains(other.PerClass, c => c.PocRecall > 0.9 && other.TrueLiveRecall.GetValueOrDefault(c.Class, 1) < 0.1);
    }
}
