using DataReadiness.Profiling;
using DataReadiness.Sampling;
using DataReadiness.Sources;
using DataReadiness.Values;

namespace DataReadiness.Tests.Sampling;

public class BottomKSampleTests
{
    private static SampledRow Row(long seed, long n) =>
        new("f.csv", n, StableHash.OfRow(seed, 1, n), [n.ToString()]);

    private static long[] SampleOf(IEnumerable<long> rows, long seed, int k)
    {
        var sample = new BottomKSample(k);
        foreach (var n in rows) sample.Add(Row(seed, n));
        return sample.Rows().Select(r => r.Row).ToArray();
    }

    [Fact]
    public void The_same_seed_picks_the_same_rows_and_another_seed_picks_others()
    {
        var rows = Enumerable.Range(1, 50_000).Select(i => (long)i).ToArray();
        Assert.Equal(SampleOf(rows, 42, 500), SampleOf(rows, 42, 500));
        var other = SampleOf(rows, 43, 500);
        Assert.True(other.Intersect(SampleOf(rows, 42, 500)).Count() < 50);
    }

    [Fact]
    public void The_sample_does_not_depend_on_the_order_rows_arrive_in()
    {
        var rows = Enumerable.Range(1, 20_000).Select(i => (long)i).ToArray();
        var shuffled = rows.OrderBy(r => StableHash.OfRow(7, 0, r)).ToArray();
        Assert.Equal(SampleOf(rows, 42, 300), SampleOf(shuffled, 42, 300));
    }

    [Fact]
    public void Merging_partitions_equals_one_pass_whatever_the_split()
    {
        var one = new BottomKSample(400);
        var partitions = Enumerable.Range(0, 4).Select(_ => new BottomKSample(400)).ToArray();
        for (long n = 1; n <= 30_000; n++)
        {
            one.Add(Row(42, n));
            partitions[(int)(n * 7919 % 4)].Add(Row(42, n));
        }
        var merged = new BottomKSample(400);
        foreach (var p in partitions) merged.Merge(p);
        Assert.Equal(one.Rows().Select(r => r.Row), merged.Rows().Select(r => r.Row));
    }

    [Fact]
    public void Memory_is_bounded_by_the_capacity_and_a_small_source_is_kept_whole()
    {
        Assert.Equal(1000, SampleOf(Enumerable.Range(1, 100_000).Select(i => (long)i), 1, 1000).Length);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), SampleOf(Enumerable.Range(1, 10).Select(i => (long)i), 1, 1000));
    }

    [Fact]
    public void The_sample_is_spread_evenly_over_the_file()
    {
        // A uniform sample puts about a tenth of its rows in each tenth of the file.
        var rows = SampleOf(Enumerable.Range(1, 100_000).Select(i => (long)i), 42, 5000);
        var perDecile = rows.GroupBy(r => (r - 1) / 10_000).Select(g => g.Count()).ToArray();
        Assert.Equal(10, perDecile.Length);
        Assert.All(perDecile, count => Assert.InRange(count, 430, 570));
    }

    [Fact]
    public void The_sample_becomes_a_dataframe_of_raw_text_with_a_numeric_view()
    {
        var sample = new Sample(["vendor", "weight"],
        [
            new SampledRow("f.csv", 1, 1, ["Acme", "12.5"]),
            new SampledRow("f.csv", 2, 2, [null, "27.6 lbs"]),
        ]);
        var frame = sample.ToDataFrame();
        Assert.Equal(2, frame.Rows.Count);
        Assert.Equal("27.6 lbs", frame["weight"][1]);
        Assert.Null(frame["vendor"][1]);
        var numbers = sample.NumericColumn("weight");
        Assert.Equal(12.5, numbers[0]);
        Assert.Null(numbers[1]);
    }
}
