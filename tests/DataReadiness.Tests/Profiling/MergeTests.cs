using System.Text;
using System.Text.Json;
using CsCheck;
using DataReadiness.Profiling;
using DataReadiness.Reporting;
using DataReadiness.Values;

namespace DataReadiness.Tests.Profiling;

/// <summary>
/// Every accumulator of the pass has a Merge, and merging the states of any split of the input equals one pass over
/// all of it (Deequ's state aggregation property): two threads, two files or two partitions combine exactly. The
/// inputs and the split points are generated (CsCheck), so the property is tried on many shapes, and a failure is
/// shrunk to a small case. Sketches that are exact only within their capacity are held to their guarantees beyond it.
/// </summary>
public class MergeTests
{
    /// <summary>Values as a column of an ERP extract has them: codes that repeat, numbers, dates, blanks, text.</summary>
    private static readonly Gen<string> Value = Gen.OneOf(
        Gen.Int[0, 40].Select(i => $"K{i}"),
        Gen.Double[-1e6, 1e6].Select(d => d.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Int[1, 28].Select(d => $"2024-03-{d:00}"),
        Gen.Const(""), Gen.Const("N/A"),
        Gen.String[Gen.Char.AlphaNumeric, 0, 30]);

    /// <summary>A list of inputs and the places it is cut into parts (each part's state is merged into the first's).</summary>
    private static Gen<(List<T> Items, int[] Cuts)> Split<T>(Gen<List<T>> list) =>
        from items in list
        from cuts in Gen.Int[0, Math.Max(0, items.Count)].Array[0, 4]
        select (items, cuts.Order().ToArray());

    private static IEnumerable<List<T>> Parts<T>(List<T> items, int[] cuts)
    {
        int from = 0;
        foreach (var cut in cuts.Append(items.Count))
        {
            yield return items.GetRange(from, Math.Max(0, cut - from));
            from = Math.Max(from, cut);
        }
    }

    /// <summary>Checks that merging the parts' states equals one pass, for one accumulator.</summary>
    private static void MergeEqualsOnePass<TState, TItem>(Gen<TItem> item, int most, Func<TState> create, Action<TState, TItem> add,
        Action<TState, TState> merge, Action<TState, TState, List<TItem>> assertSame) =>
        MergeEqualsOnePass(item.List[0, most], create, add, merge, assertSame);

    /// <summary>
    /// The same for inputs generated as a whole list (an item that knows its place in it). CsCheck tries cases on
    /// several threads at once, so nothing an item needs may be shared between cases.
    /// </summary>
    private static void MergeEqualsOnePass<TState, TItem>(Gen<List<TItem>> list, Func<TState> create, Action<TState, TItem> add,
        Action<TState, TState> merge, Action<TState, TState, List<TItem>> assertSame)
    {
        Split(list).Sample(split =>
        {
            var one = create();
            foreach (var x in split.Items) add(one, x);
            TState? merged = default;
            foreach (var part in Parts(split.Items, split.Cuts))
            {
                var state = create();
                foreach (var x in part) add(state, x);
                if (merged is null) merged = state;
                else merge(merged, state);
            }
            assertSame(one, merged!, split.Items);
        }, iter: 200);
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Numeric_moments() => MergeEqualsOnePass<NumericMoments, double>(Gen.Double[-1e6, 1e6], 300, () => new NumericMoments(),
        (s, x) => s.Add(x), (a, b) => a.Merge(b), (one, merged, _) =>
        {
            Assert.Equal((one.Count, one.Min, one.Max), (merged.Count, merged.Min, merged.Max));
            Assert.Equal(one.Mean, merged.Mean, 1e-9 * Math.Max(1, Math.Abs(one.Mean)));
            Assert.Equal(one.Variance, merged.Variance, 1e-7 * Math.Max(1, one.Variance));
        });

    [Fact]
    public void Length_stats() => MergeEqualsOnePass<LengthStats, int>(Gen.Int[0, 500], 300, () => new LengthStats(),
        (s, x) => s.Add(x), (a, b) => a.Merge(b), (one, merged, _) =>
            Assert.Equal((one.Count, one.Min, one.Max, one.Mean), (merged.Count, merged.Min, merged.Max, merged.Mean)));

    [Fact]
    public void Distinct_sketch_exact_and_past_its_exact_limit() =>
        // Up to 12,000 values of at most 9,000 distinct: both the exact set and the HyperLogLog registers are merged.
        MergeEqualsOnePass<DistinctSketch, int>(Gen.Int[0, 9000], 12_000, () => new DistinctSketch(),
            (s, x) => s.Add(StableHash.Of(Utf8(x.ToString(System.Globalization.CultureInfo.InvariantCulture)))), (a, b) => a.Merge(b),
            (one, merged, _) => Assert.Equal((one.Estimate(), one.IsExact), (merged.Estimate(), merged.IsExact)));

    [Fact]
    public void Frequent_values_exact_within_capacity_and_bounded_beyond()
    {
        MergeEqualsOnePass<FrequentValues, string>(Value, 400, () => new FrequentValues(capacity: 32),
            (s, x) => s.Add(StableHash.Of(Utf8(x)), Utf8(x)), (a, b) => a.Merge(b), (one, merged, items) =>
            {
                var truth = items.GroupBy(x => x).ToDictionary(g => g.Key, g => (long)g.Count());
                if (one.MaxError == 0 && merged.MaxError == 0) Assert.Equal(one.Top(10), merged.Top(10));
                // Beyond capacity, the merged summary keeps the Misra-Gries guarantee: count ≤ true count ≤ max count.
                Assert.All(merged.Top(32), v => Assert.InRange(truth[v.Value], v.Count, v.MaxCount));
            });
    }

    [Fact]
    public void Duplicate_row_sketch()
    {
        // Rows as hashes of a few hundred distinct rows, many repeated, each with its data row number; capacity below
        // the distinct count. The row number is the row's place in the list, the same in one pass and in the parts.
        var rows = Gen.Int[0, 300].List[0, 600].Select(ids => ids.Select((id, i) => (Hash: StableHash.Of(Utf8($"row {id}")), Row: i + 1L)).ToList());
        MergeEqualsOnePass<DuplicateRowSketch, (ulong Hash, long Row)>(rows, () => new DuplicateRowSketch(128),
            (s, x) => s.Add(x.Hash, "f.csv", x.Row), (a, b) => a.Merge(b), (one, merged, _) =>
            {
                Assert.Equal(one.Totals(), merged.Totals());
                Assert.Equal(one.Duplicates().Select(d => (d.Hash, d.Count, string.Join(',', d.Rows))),
                    merged.Duplicates().Select(d => (d.Hash, d.Count, string.Join(',', d.Rows))));
            });
    }

    [Fact]
    public void Column_profile_state_as_a_whole()
    {
        // The composite state merges its parts; compared as the profile findings.json reports, mean and standard
        // deviation to nine digits (the merge's arithmetic is Chan's, the pass's West's).
        MergeEqualsOnePass<ColumnProfileState, string?>(Gen.OneOf(Value.Select(v => (string?)v), Gen.Const((string?)null)), 400,
            () => new ColumnProfileState("c"), (s, x) => { if (x is null) s.AddNull(); else s.Add(Utf8(x)); }, (a, b) => a.Merge(b),
            (one, merged, _) =>
            {
                var (p, q) = (ColumnProfileBuilder.Build(one), ColumnProfileBuilder.Build(merged));
                Assert.Equal(JsonSerializer.Serialize(p with { Numeric = null }, Json.Compact), JsonSerializer.Serialize(q with { Numeric = null }, Json.Compact));
                Assert.Equal(p.Numeric is null, q.Numeric is null);
                if (p.Numeric is not { } x || q.Numeric is not { } y) return;
                Assert.Equal((x.Count, x.Min, x.Max), (y.Count, y.Min, y.Max));
                Assert.Equal(x.Mean, y.Mean, 1e-9 * Math.Max(1, Math.Abs(x.Mean)));
                Assert.Equal(x.StdDev, y.StdDev, 1e-7 * Math.Max(1, x.StdDev));
            });
    }
}
