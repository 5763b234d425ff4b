using DataReadiness.Profiling;

namespace DataReadiness.Tests.Profiling;

public class DuplicateRowSketchTests
{
    [Fact]
    public void The_sketch_keeps_the_k_smallest_distinct_hashes_with_exact_counts_and_first_positions()
    {
        // 30,000 rows over 9,000 distinct row hashes, some repeated up to 20 times; keep 1,000.
        var random = new Random(8);
        var distinct = Enumerable.Range(0, 9000).Select(_ => (ulong)random.NextInt64()).ToArray();
        var rows = Enumerable.Range(0, 30_000).Select(_ => distinct[random.Next(random.Next(1, 10) == 1 ? 300 : distinct.Length)]).ToArray();
        const int k = 1000;

        var sketch = new DuplicateRowSketch(k);
        for (int r = 0; r < rows.Length; r++) sketch.Add(rows[r], "a.csv", r + 1);

        var kept = rows.Select((hash, r) => (hash, row: (long)r + 1)).GroupBy(x => x.hash)
            .OrderBy(g => g.Key).Take(k).ToList();
        Assert.Equal((kept.Sum(g => (long)g.Count()), kept.Sum(g => (long)g.Count() - 1)), sketch.Totals());
        var expectedGroups = kept.Where(g => g.Count() > 1)
            .Select(g => (g.Key, (long)g.Count(), string.Join(",", g.Take(DuplicateRowSketch.RowsKept).Select(x => x.row)))).ToList();
        var groups = sketch.Duplicates().Select(d => (d.Hash, d.Count, string.Join(",", d.Rows.Select(x => x.Row)))).ToList();
        Assert.Equal(expectedGroups.OrderBy(g => g.Key), groups.OrderBy(g => g.Hash));
        Assert.Contains(groups, g => g.Count > DuplicateRowSketch.RowsKept);
    }

    [Fact]
    public void Sketches_of_interleaved_batches_merged_equal_one_sketch_of_every_row()
    {
        var random = new Random(21);
        var distinct = Enumerable.Range(0, 5000).Select(_ => (ulong)random.NextInt64()).ToArray();
        var rows = Enumerable.Range(0, 40_000).Select(_ => distinct[random.Next(distinct.Length)]).ToArray();
        var whole = new DuplicateRowSketch(700);
        var parts = new[] { new DuplicateRowSketch(700), new DuplicateRowSketch(700) };
        for (int r = 0; r < rows.Length; r++)
        {
            whole.Add(rows[r], "a.csv", r + 1);
            parts[r / 4096 % 2].Add(rows[r], "a.csv", r + 1);
        }
        parts[0].Merge(parts[1]);

        Assert.Equal(whole.Totals(), parts[0].Totals());
        // The same groups with the same exact counts; a group seen more than RowsKept times keeps each part's first
        // positions, so it is compared by hash rather than by its first row.
        Assert.Equal(whole.Duplicates().Select(d => (d.Hash, d.Count, d.Rows.Count)).OrderBy(d => d.Hash),
            parts[0].Duplicates().Select(d => (d.Hash, d.Count, d.Rows.Count)).OrderBy(d => d.Hash));
    }
}
