using System.Text.Json;
using DataReadiness.Demo;
using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Sources;
using DataReadiness.Tests.Support;

namespace DataReadiness.Tests.Profiling;

/// <summary>The pass runs in partitions on two threads: results must not depend on timing, and counts stay exact.</summary>
public sealed class PartitionedPassTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Two_passes_over_a_file_of_many_batches_give_identical_profiles_with_exact_counts()
    {
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 20_000, Seed = 12 }, _dir.Path);
        var first = SourceScanner.ScanSource(new SourceSpec(demo.LivePath), _dir.Path, 2000, 42);
        var second = SourceScanner.ScanSource(new SourceSpec(demo.LivePath), _dir.Path, 2000, 42);
        Assert.True(first.RowsRead > 4 * SourceScanner.BatchRows);

        string Profiles(SourceScan scan) => JsonSerializer.Serialize(scan.Columns.Select(ColumnProfileBuilder.Build));
        Assert.Equal(Profiles(first), Profiles(second));
        Assert.Equal(first.Duplicates.Totals(), second.Duplicates.Totals());
        Assert.Equal(first.Sample.Rows.Select(r => r.Row), second.Sample.Rows.Select(r => r.Row));

        // Exact counts, checked against a plain read of the same file.
        var rows = TestCsv.Read(demo.LivePath);
        Assert.Equal(rows.Count, first.RowsRead);
        for (int c = 0; c < first.Columns.Count; c++)
        {
            Assert.Equal(rows.Count, first.Columns[c].Rows);
            Assert.Equal(rows.Count(r => r[c].Trim().Length == 0), first.Columns[c].Blanks);
        }
        var vendor = ColumnProfileBuilder.Build(first.Columns.Single(c => c.Name == "vendor_name"));
        var top = rows.GroupBy(r => r[3]).OrderByDescending(g => g.Count()).First();
        Assert.Equal(top.Key, vendor.TopValues[0].Value);
        // Over 128 distinct vendors the count is Misra-Gries's lower bound, with its upper bound beside it.
        Assert.InRange(top.Count(), vendor.TopValues[0].Count, vendor.TopValues[0].MaxCount);
    }
}
