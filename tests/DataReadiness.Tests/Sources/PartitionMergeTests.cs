using DataReadiness.Sources.Sql;
using DataReadiness.Values;

namespace DataReadiness.Tests.Sources;

/// <summary>The merge of per-partition states is the state of the whole table: exactly, or within its stated error.</summary>
public sealed class PartitionMergeTests
{
    private static Moments MomentsOf(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return Moments.None;
        double mean = values.Average();
        double variance = values.Count > 1 ? values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) : 0;
        return new Moments(values.Count, values.Min(), values.Max(), mean, variance);
    }

    [Fact]
    public void Moments_of_the_parts_merge_to_the_moments_of_the_whole()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 3000).Select(_ => random.NextDouble() * 1000 - 200).ToList();
        var parts = new[] { values.Take(10).ToList(), values.Skip(10).Take(1990).ToList(), values.Skip(2000).ToList(), new List<double>() };
        var merged = PartitionMerge.Moments(parts.Select(MomentsOf));
        var whole = MomentsOf(values);
        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.Min, merged.Min);
        Assert.Equal(whole.Max, merged.Max);
        Assert.Equal(whole.Mean, merged.Mean, 1e-9);
        Assert.Equal(whole.Variance, merged.Variance, 1e-6);
        Assert.Equal(Moments.None, PartitionMerge.Moments([Moments.None, Moments.None]));
    }

    private static ulong Hash(long value) => StableHash.Of(BitConverter.GetBytes(value));

    /// <summary>A partition's part of the sketch, as the scanner returns it: its hashes under a threshold, cut at k.</summary>
    private static (IReadOnlyList<ulong>, ulong) Part(IEnumerable<long> values, int k, double fraction)
    {
        var threshold = PartitionMerge.Threshold(fraction);
        var hashes = values.Select(Hash).Distinct().Where(h => h <= threshold).Order().ToList();
        return hashes.Count > k ? (hashes.Take(k).ToList(), hashes[k - 1]) : (hashes, threshold);
    }

    [Fact]
    public void Distinct_counts_are_exact_while_every_partition_sent_all_its_hashes_and_within_the_stated_error_after()
    {
        // Two partitions sharing a third of their values: 5,000 distinct in all.
        var a = Enumerable.Range(0, 3000).Select(i => (long)i).ToList();
        var b = Enumerable.Range(2000, 3000).Select(i => (long)i).ToList();
        var exact = PartitionMerge.Distinct([Part(a, 4096, 1), Part(b, 4096, 1)]);
        Assert.Equal(5000, exact.Estimate);
        Assert.Equal(0, exact.RelativeStandardError);

        // 200,000 distinct over two partitions with 120,000 each (40,000 shared), 1,024 hashes a partition.
        var errors = new List<double>();
        for (int trial = 0; trial < 20; trial++)
        {
            long offset = trial * 1_000_000L;
            var left = Enumerable.Range(0, 120_000).Select(i => offset + i).ToList();
            var right = Enumerable.Range(80_000, 120_000).Select(i => offset + i).ToList();
            var estimate = PartitionMerge.Distinct([Part(left, 1024, 1.1 * 1024 / 120_000), Part(right, 1024, 1.1 * 1024 / 120_000)]);
            Assert.InRange(estimate.RelativeStandardError, 0.02, 0.05);
            Assert.InRange(estimate.Estimate, 200_000 * (1 - 4 * estimate.RelativeStandardError), 200_000 * (1 + 4 * estimate.RelativeStandardError));
            errors.Add((estimate.Estimate - 200_000) / 200_000.0);
        }
        // The stated error is the error: the spread over trials is within a factor of two of it.
        double spread = Math.Sqrt(errors.Sum(e => e * e) / errors.Count);
        Assert.InRange(spread, 1 / Math.Sqrt(1024) / 2, 2 / Math.Sqrt(1024));
    }

    [Fact]
    public void Top_values_are_exact_when_no_unlisted_value_can_reach_the_list_and_carry_the_bound_when_one_can()
    {
        // Partition lists cut at 2 values: "a" leads both; "c" and "d" are listed by one partition each.
        IReadOnlyList<(string, long)> first = [("a", 50), ("c", 20)];
        IReadOnlyList<(string, long)> second = [("a", 40), ("d", 30)];
        var counts = new Dictionary<string, long> { ["a"] = 90, ["c"] = 25, ["d"] = 33 };
        var exact = PartitionMerge.Top([first, second], counts, 2);
        Assert.Equal([("a", 90L), ("d", 33L)], exact.Values);
        // A value neither list names has at most 20 + 30 = 50 rows, more than the last kept value's 33: not exact.
        Assert.Equal(50, exact.MaxError);

        IReadOnlyList<(string, long)> skewed1 = [("a", 500), ("b", 300)];
        IReadOnlyList<(string, long)> skewed2 = [("a", 400), ("b", 350)];
        var sure = PartitionMerge.Top([skewed1, skewed2], new Dictionary<string, long> { ["a"] = 900, ["b"] = 650 }, 2);
        Assert.Equal(0, sure.MaxError);

        // A partition whose list is not cut lists every value it has: nothing is unseen there.
        IReadOnlyList<(string, long)> whole = [("x", 3)];
        Assert.Equal(0, PartitionMerge.Top([whole, whole], new Dictionary<string, long> { ["x"] = 6 }, 2).MaxError);
    }

    [Fact]
    public void Row_hashes_merge_below_the_lowest_bound_and_sum_the_rows_that_repeat_across_partitions()
    {
        IReadOnlyList<(ulong, long)> first = [(5, 1), (9, 2), (20, 1)];
        IReadOnlyList<(ulong, long)> second = [(9, 1), (12, 1), (30, 4)];
        // The second partition's list is complete only up to 25: its hash 30 and what the first lacks above 25 are out.
        var merged = PartitionMerge.RowHashes([(first, 100), (second, 25)], 10);
        Assert.Equal([(5UL, 1L), (9UL, 3L), (12UL, 1L), (20UL, 1L)], merged);
        Assert.Equal([(5UL, 1L), (9UL, 3L)], PartitionMerge.RowHashes([(first, 100), (second, 100)], 2));
    }

    [Fact]
    public void The_sample_is_the_k_smallest_keys_of_all_partitions_in_key_order()
    {
        var rows = new List<(ulong, string?[])> { (7, ["g"]), (1, ["a"]), (3, ["c"]), (3, ["b"]), (9, ["i"]) };
        var sample = PartitionMerge.Sample(rows, 3);
        Assert.Equal(["a", "b", "c"], sample.Select(r => r.Values[0]));
        Assert.Equal(ulong.MaxValue, PartitionMerge.Threshold(1.5));
        Assert.Equal(0UL, PartitionMerge.Threshold(0));
    }
}
