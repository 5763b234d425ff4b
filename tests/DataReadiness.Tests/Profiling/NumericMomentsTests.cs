using DataReadiness.Profiling;

namespace DataReadiness.Tests.Profiling;

public class NumericMomentsTests
{
    [Fact]
    public void Merge_equals_one_pass()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 10_001).Select(_ => random.NextDouble() * 1000 - 200).ToArray();
        var whole = new NumericMoments();
        var parts = Enumerable.Range(0, 3).Select(_ => new NumericMoments()).ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            whole.Add(values[i]);
            parts[i % 3].Add(values[i]);
        }
        parts[0].Merge(parts[1]);
        parts[0].Merge(parts[2]);
        Assert.Equal(whole.Count, parts[0].Count);
        Assert.Equal(whole.Min, parts[0].Min);
        Assert.Equal(whole.Max, parts[0].Max);
        Assert.Equal(whole.Mean, parts[0].Mean, 9);
        Assert.Equal(whole.Variance, parts[0].Variance, 6);
        Assert.Equal(values.Average(), whole.Mean, 9);
    }

    [Fact]
    public void Adding_a_value_with_a_count_equals_adding_it_that_many_times()
    {
        var random = new Random(3);
        var weighted = new NumericMoments();
        var repeated = new NumericMoments();
        for (int i = 0; i < 200; i++)
        {
            double value = Math.Round(random.NextDouble() * 500 - 100, 2);
            int count = random.Next(1, 40);
            weighted.Add(value, count);
            for (int k = 0; k < count; k++) repeated.Add(value);
        }
        weighted.Add(7, 0);
        Assert.Equal(repeated.Count, weighted.Count);
        Assert.Equal(repeated.Min, weighted.Min);
        Assert.Equal(repeated.Max, weighted.Max);
        Assert.Equal(repeated.Mean, weighted.Mean, 9);
        Assert.Equal(repeated.Variance, weighted.Variance, 6);
    }

    [Fact]
    public void Non_finite_values_are_ignored()
    {
        var m = new NumericMoments();
        m.Add(double.NaN);
        m.Add(double.PositiveInfinity);
        m.Add(2);
        Assert.Equal(1, m.Count);
        Assert.Equal(2, m.Mean);
    }
}
