using System.Globalization;
using DataReadiness.Sampling;
using DataReadiness.Sources;
using DataReadiness.Tests.Profiling;
using DataReadiness.Values;
using Microsoft.Data.Analysis;

namespace DataReadiness.Tests.Sampling;

public class SampleFrameTests
{
    private static string? Value(int id, int column) => column == 0 ? id.ToString(CultureInfo.InvariantCulture) : $"v{id % 13}";

    /// <summary>The rows a row-by-row pass keeps from rows 1..n (each file of its own key) under a seed.</summary>
    private static SamplePart PartOf(IEnumerable<long> rows, long seed, int k, string file = "f.csv")
    {
        var sample = new PackedSample(k);
        var reader = new OneRow();
        ulong fileKey = StableHash.Of(file);
        foreach (var n in rows)
        {
            ulong key = StableHash.OfRow(seed, fileKey, n);
            if (!sample.Wants(key)) continue;
            reader.Id = (int)n;
            sample.Add(key, n, reader, 2);
        }
        return sample.ToPart(file, ["id", "code"]);
    }

    private static long[] RowsOf(SamplePart part) => part.ToRows().Select(r => r.Row).ToArray();

    private static SampleFrame Frame(params SamplePart[] parts) => SampleFrame.Build(["id", "code"], parts, 1000, n => n == "id");

    [Fact]
    public void The_same_seed_picks_the_same_rows_and_another_seed_picks_others()
    {
        var rows = Enumerable.Range(1, 50_000).Select(i => (long)i).ToArray();
        Assert.Equal(RowsOf(PartOf(rows, 42, 500)), RowsOf(PartOf(rows, 42, 500)));
        Assert.True(RowsOf(PartOf(rows, 43, 500)).Intersect(RowsOf(PartOf(rows, 42, 500))).Count() < 50);
    }

    [Fact]
    public void The_sample_does_not_depend_on_the_order_rows_arrive_in()
    {
        var rows = Enumerable.Range(1, 20_000).Select(i => (long)i).ToArray();
        var shuffled = rows.OrderBy(r => StableHash.OfRow(7, 0, r)).ToArray();
        Assert.Equal(RowsOf(PartOf(rows, 42, 300)), RowsOf(PartOf(shuffled, 42, 300)));
    }

    [Fact]
    public void Merging_the_files_samples_equals_one_pass_over_their_rows()
    {
        // Keys depend on the file and the row only: one file's rows sampled in four parts, then merged, are one pass's sample.
        var one = Frame(PartOf(Enumerable.Range(1, 30_000).Select(i => (long)i), 42, 1000));
        var parts = Enumerable.Range(0, 4).Select(p => PartOf(Enumerable.Range(1, 30_000).Where(n => n * 7919 % 4 == p).Select(i => (long)i), 42, 1000)).ToArray();
        var merged = Frame(parts);
        Assert.Equal(one.Rows, merged.Rows);
        Assert.Equal(one.Text("code"), merged.Text("code"));
        Assert.Equal(one.Numbers("id")!.ToArray(), merged.Numbers("id")!.ToArray());
    }

    [Fact]
    public void Memory_is_bounded_by_the_capacity_and_a_small_source_is_kept_whole()
    {
        Assert.Equal(1000, PartOf(Enumerable.Range(1, 100_000).Select(i => (long)i), 1, 1000).Count);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), RowsOf(PartOf(Enumerable.Range(1, 10).Select(i => (long)i), 1, 1000)));
    }

    [Fact]
    public void The_sample_is_spread_evenly_over_the_file()
    {
        // A uniform sample puts about a tenth of its rows in each tenth of the file.
        var rows = RowsOf(PartOf(Enumerable.Range(1, 100_000).Select(i => (long)i), 42, 5000));
        var perDecile = rows.GroupBy(r => (r - 1) / 10_000).Select(g => g.Count()).ToArray();
        Assert.Equal(10, perDecile.Length);
        Assert.All(perDecile, count => Assert.InRange(count, 430, 570));
    }

    [Fact]
    public void A_numeric_column_is_a_column_of_doubles_and_still_gives_back_every_value_as_written()
    {
        string?[] weights = ["12.50", "27.6 lbs", null, "", "3.00", "-0.00", "1e3", " 7.25", "12,5", "4500000000000000001", "0.10", "NaN"];
        var frame = SampleFrame.FromRows(["vendor", "weight"],
            weights.Select((w, i) => new SampledRow("f.csv", i + 1, (ulong)i, [i % 2 == 0 ? "Acme" : null, w])).ToList(), "weight");

        Assert.IsType<DoubleDataFrameColumn>(frame.Frame["weight"]);
        Assert.IsType<StringDataFrameColumn>(frame.Frame["vendor"]);
        Assert.Equal(weights, frame.Text("weight"));
        Assert.Equal([12.5, null, null, null, 3.0, -0.0, 1000.0, 7.25, null, 4.5e18, 0.1, double.NaN], frame.Numbers("weight")!.ToArray());
        Assert.Equal("Acme", frame.Frame["vendor"][0]);
        Assert.Null(frame.Text("vendor")[1]);
        Assert.Empty(frame.Text("no such column"));
        Assert.Null(frame.Numbers("vendor"));
    }

    [Fact]
    public void A_file_without_a_column_gives_nulls_in_the_merged_frame()
    {
        var a = SamplePart.FromRows(["id", "code"], [new SampledRow("a.csv", 1, 5, ["1", "x"])]);
        var b = SamplePart.FromRows(["id"], [new SampledRow("b.csv", 1, 3, ["2"])]);
        var frame = SampleFrame.Build(["id", "code"], [b, a], 10, n => n == "id");
        Assert.Equal(["a.csv", "b.csv"], frame.Rows.Select(r => r.File));
        Assert.Equal(["x", null], frame.Text("code"));
        Assert.Equal([1.0, 2.0], frame.Numbers("id")!.ToArray());
    }

    private sealed class OneRow : IRowReader
    {
        public int Id;
        public IReadOnlyList<string> Columns { get; } = ["id", "code"];
        public long RowNumber => Id;
        public ReadDiagnostics Diagnostics { get; } = new();
        public bool Read() => false;
        public bool IsNull(int column) => Value(Id, column) is null;
        public ReadOnlySpan<byte> GetUtf8(int column) => System.Text.Encoding.UTF8.GetBytes(Value(Id, column)!);
        public void Dispose() { }
    }
}
