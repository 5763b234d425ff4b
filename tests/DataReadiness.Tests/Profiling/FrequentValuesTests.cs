using System.Text;
using DataReadiness.Profiling;
using DataReadiness.Values;

namespace DataReadiness.Tests.Profiling;

public class FrequentValuesTests
{
    private static void Add(FrequentValues f, string value) =>
        f.Add(StableHash.Of(value), Encoding.UTF8.GetBytes(value));

    [Fact]
    public void Counts_are_exact_while_the_values_fit()
    {
        var f = new FrequentValues();
        foreach (var v in new[] { "EA", "EA", "KG", "EA", "PCS" }) Add(f, v);
        var top = f.Top(10);
        Assert.Equal(0, f.MaxError);
        Assert.Equal(("EA", 3L), (top[0].Value, top[0].Count));
        Assert.Equal(["EA", "KG", "PCS"], top.Select(t => t.Value));
    }

    [Fact]
    public void Heavy_values_survive_a_long_tail_and_their_true_count_lies_within_the_bound()
    {
        var f = new FrequentValues(capacity: 64);
        var truth = new Dictionary<string, long>();
        var random = new Random(3);
        for (int i = 0; i < 200_000; i++)
        {
            // Three heavy values (30%, 15%, 5%) and a long tail of unique ones.
            double u = random.NextDouble();
            var value = u < 0.30 ? "heavy-a" : u < 0.45 ? "heavy-b" : u < 0.50 ? "heavy-c" : "tail-" + i;
            truth[value] = truth.GetValueOrDefault(value) + 1;
            Add(f, value);
        }
        var top = f.Top(3);
        Assert.Equal(["heavy-a", "heavy-b", "heavy-c"], top.Select(t => t.Value));
        foreach (var t in top)
        {
            Assert.InRange(truth[t.Value], t.Count, t.MaxCount);
        }
        Assert.True(f.MaxError > 0);
    }

    [Fact]
    public void Merge_of_exact_halves_equals_one_pass()
    {
        var whole = new FrequentValues();
        var left = new FrequentValues();
        var right = new FrequentValues();
        for (int i = 0; i < 1000; i++)
        {
            var v = "v" + (i % 40);
            Add(whole, v);
            Add(i % 2 == 0 ? left : right, v);
        }
        left.Merge(right);
        Assert.Equal(whole.Top(40), left.Top(40));
    }

    [Fact]
    public void Long_values_are_kept_by_their_first_bytes_and_marked()
    {
        var f = new FrequentValues();
        Add(f, new string('x', 500));
        var value = f.Top(1)[0].Value;
        Assert.EndsWith("…", value);
        Assert.Equal(FrequentValues.MaxStoredBytes + 1, value.Length);
    }

    [Fact]
    public void The_selection_finds_the_nth_smallest_as_a_sort_would()
    {
        var random = new Random(17);
        for (int trial = 0; trial < 300; trial++)
        {
            var values = Enumerable.Range(0, random.Next(1, 200)).Select(_ => (long)random.Next(0, trial % 3 == 0 ? 4 : 1000)).ToArray();
            int n = random.Next(values.Length);
            var sorted = values.Order().ToArray();
            Assert.Equal(sorted[n], FrequentValues.NthSmallest(values.ToArray(), n));
        }
    }
}
