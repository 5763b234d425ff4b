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
