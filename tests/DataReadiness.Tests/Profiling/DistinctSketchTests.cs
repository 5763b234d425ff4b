using DataReadiness.Profiling;
using DataReadiness.Values;

namespace DataReadiness.Tests.Profiling;

public class DistinctSketchTests
{
    private static ulong HashOf(long i, long seed) => StableHash.Of(BitConverter.GetBytes(i), seed);

    [Fact]
    public void Few_distinct_values_are_counted_exactly()
    {
        var sketch = new DistinctSketch();
        for (int i = 0; i < 10_000; i++) sketch.Add(HashOf(i % 1000, 1));
        Assert.True(sketch.IsExact);
        Assert.Equal(1000, sketch.Estimate());
    }

    [Theory]
    [InlineData(5_000, 1)]
    [InlineData(30_000, 2)]
    [InlineData(100_000, 3)]
    [InlineData(1_000_000, 4)]
    public void Estimate_stays_within_three_standard_errors(int distinct, long seed)
    {
        var sketch = new DistinctSketch();
        for (long i = 0; i < distinct; i++)
        {
            sketch.Add(HashOf(i, seed));
            sketch.Add(HashOf(i, seed)); // repeats must not count
        }
        Assert.False(sketch.IsExact);
        double relativeError = Math.Abs(sketch.Estimate() - distinct) / (double)distinct;
        Assert.True(relativeError < 3 * sketch.RelativeStandardError, $"error {relativeError:P2} for {distinct}");
    }

    [Fact]
    public void Merging_two_halves_equals_one_pass()
    {
        var whole = new DistinctSketch();
        var left = new DistinctSketch();
        var right = new DistinctSketch();
        for (long i = 0; i < 200_000; i++)
        {
            whole.Add(HashOf(i, 9));
            (i % 3 == 0 ? left : right).Add(HashOf(i, 9));
        }
        left.Merge(right);
        Assert.Equal(whole.RegistersSnapshot(), left.RegistersSnapshot());
        Assert.Equal(whole.Estimate(), left.Estimate());
    }

    [Fact]
    public void Merging_an_exact_sketch_into_an_estimating_one_keeps_every_value()
    {
        var big = new DistinctSketch();
        var small = new DistinctSketch();
        var whole = new DistinctSketch();
        for (long i = 0; i < 50_000; i++) { big.Add(HashOf(i, 5)); whole.Add(HashOf(i, 5)); }
        for (long i = 50_000; i < 50_100; i++) { small.Add(HashOf(i, 5)); whole.Add(HashOf(i, 5)); }
        big.Merge(small);
        Assert.Equal(whole.RegistersSnapshot(), big.RegistersSnapshot());
    }
}
