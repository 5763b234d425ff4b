using DataReadiness.Profiling;

namespace DataReadiness.Tests.Profiling;

public class LengthStatsTests
{
    [Fact]
    public void The_mean_is_the_exact_sum_over_the_count_and_merging_equals_one_pass()
    {
        var random = new Random(5);
        var lengths = Enumerable.Range(0, 100_001).Select(_ => random.Next(0, 300)).ToArray();
        var whole = new LengthStats();
        var left = new LengthStats();
        var right = new LengthStats();
        for (int i = 0; i < lengths.Length; i++)
        {
            whole.Add(lengths[i]);
            (i % 2 == 0 ? left : right).Add(lengths[i]);
        }
        left.Merge(right);
        double exact = (double)lengths.Sum(l => (long)l) / lengths.Length;
        Assert.Equal(exact, whole.Mean);
        Assert.Equal(exact, left.Mean);
        Assert.Equal((lengths.Length, (long)lengths.Min(), (long)lengths.Max()), (left.Count, left.Min, left.Max));
    }

    [Fact]
    public void A_length_with_a_count_equals_that_many_lengths()
    {
        var weighted = new LengthStats();
        var repeated = new LengthStats();
        foreach (var (length, count) in new[] { (3, 5L), (12, 1L), (0, 4L), (7, 0L), (40, 2L) })
        {
            weighted.Add(length, count);
            for (int k = 0; k < count; k++) repeated.Add(length);
        }
        Assert.Equal((repeated.Count, repeated.Min, repeated.Max, repeated.Mean), (weighted.Count, weighted.Min, weighted.Max, weighted.Mean));
    }

    [Fact]
    public void An_engines_moments_give_back_the_same_figures()
    {
        var moments = NumericMoments.FromSummary(7, 2, 9, 38 / 7.0, 1.5);
        var stats = LengthStats.FromMoments(moments);
        Assert.Equal((7L, 2L, 9L, 38 / 7.0), (stats.Count, stats.Min, stats.Max, stats.Mean));
        Assert.Equal(0, LengthStats.FromMoments(new NumericMoments()).Count);
    }
}
