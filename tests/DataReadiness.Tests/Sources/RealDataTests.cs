using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Sources;
using DataReadiness.Tests.Support;

namespace DataReadiness.Tests.Sources;

/// <summary>
/// Real public data: the beers catalogue of the Raha/Baran benchmark (philipp-jung/mimir, datasets/beers, Apache-2.0)
/// and excavator work orders (nlp-tlp/lexiclean, data/, MIT), from ../shared/realdata.
/// </summary>
public class RealDataTests
{
    [Fact]
    public void Beers_dirty_profile_shows_the_unit_mess_and_the_null_tokens()
    {
        var path = RealData.PathOf("beers/dirty.csv");
        var scan = SourceScanner.ScanFile(path, new SourceSpec(path), 500, 42);
        Assert.Equal(2410, scan.RowsRead);
        Assert.Equal(0, scan.Diagnostics.RowsMalformed);
        var ounces = ColumnProfileBuilder.Build(scan.States.Single(s => s.Name == "ounces"));
        // Every value carries a unit ("12.0 oz.", "16.0 ounce"): none parses as a number.
        Assert.Equal(ColumnType.Text, ounces.InferredType);
        Assert.Equal(25, ounces.Distinct.Estimate);
        Assert.Equal(("12.0 oz.", 580L), (ounces.TopValues[0].Value, ounces.TopValues[0].Count));
        var ibu = ColumnProfileBuilder.Build(scan.States.Single(s => s.Name == "ibu"));
        Assert.Equal(1005, ibu.TopValues.Single(v => v.Value == "N/A").Count);
        var abv = ColumnProfileBuilder.Build(scan.States.Single(s => s.Name == "abv"));
        Assert.Equal(ColumnType.Decimal, abv.InferredType);
        Assert.Equal(62, abv.Blanks);
        Assert.Equal(1655, abv.Conforming);
        Assert.Equal(2410 - 62 - 1655, abv.Nonconforming); // "0.05%" and friends
    }

    [Fact]
    public void Beers_clean_and_dirty_differ_where_the_benchmark_says()
    {
        var clean = RealData.PathOf("beers/clean.csv");
        var scan = SourceScanner.ScanFile(clean, new SourceSpec(clean), 10, 42);
        var ounces = ColumnProfileBuilder.Build(scan.States.Single(s => s.Name == "ounces"));
        Assert.Equal(ColumnType.Decimal, ounces.InferredType); // 12, 16 and a few 19.2
        Assert.Equal(1.0, ounces.Conformance);
    }

    [Fact]
    public void Excavator_work_orders_read_as_headerless_text_with_their_stray_quotes_counted()
    {
        var path = RealData.PathOf("excavator_mwo/im_pub_raw.txt");
        var spec = new SourceSpec(path, SourceFormat.Csv, Separator: '\t', HasHeader: false);
        var scan = SourceScanner.ScanFile(path, spec, 100, 42);
        Assert.Equal(["column_1"], scan.Columns);
        // 5,485 lines; the escaped quotes (\"O\" RING) are stray quotes, recovered and counted, not rows lost.
        Assert.Equal(5485, scan.RowsRead);
        Assert.True(scan.Diagnostics.MalformedByReason.ContainsKey("StrayQuote"));
        Assert.Equal(0, scan.Diagnostics.RowsSkipped);
        Assert.Contains(scan.Sample.ToRows(), r => r.Values[0]!.Contains("BUCKET", StringComparison.Ordinal));
    }
}
