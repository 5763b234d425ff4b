using System.Globalization;
using System.Security.Cryptography;
using CsvHelper;
using DataReadiness.Demo;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Sources;
using DataReadiness.Tests.Support;
using DataReadiness.Values;

namespace DataReadiness.Tests.Demo;

public class DemoGeneratorTests
{
    private static readonly string[] OutputFiles = ["inputs/live.csv", "inputs/poc.parquet", "truth/defects.csv", "truth/rows.csv", "truth/summary.json", "demo.yaml"];

    private static Dictionary<string, string> HashesOf(string directory) =>
        OutputFiles.ToDictionary(f => f, f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(directory, f)))));


    [Fact]
    public void The_same_seed_writes_the_same_bytes_and_another_seed_does_not()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        using var c = new TempDirectory();
        DemoGenerator.Generate(new DemoWorld { LiveRows = 3000, Seed = 5 }, a.Path);
        DemoGenerator.Generate(new DemoWorld { LiveRows = 3000, Seed = 5 }, b.Path);
        DemoGenerator.Generate(new DemoWorld { LiveRows = 3000, Seed = 6 }, c.Path);
        Assert.Equal(HashesOf(a.Path), HashesOf(b.Path));
        Assert.NotEqual(HashesOf(a.Path)["inputs/live.csv"], HashesOf(c.Path)["inputs/live.csv"]);
    }

    [Fact]
    public async Task The_poc_file_stores_text_dictionary_encoded_as_mainstream_writers_do()
    {
        // pandas, Spark and DuckDB dictionary-encode text by default; a plain-encoded demo POC would be slower to read
        // than the files users bring and would skew the benchmark.
        using var dir = new TempDirectory();
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 3000, Seed = 5 }, dir.Path);
        await using var reader = await Parquet.ParquetReader.CreateAsync(File.OpenRead(demo.PocPath));
        using var group = reader.OpenRowGroupReader(0);
        foreach (var field in reader.Schema.GetDataFields().Where(f => f.ClrType == typeof(ReadOnlyMemory<char>)))
            Assert.Contains(group.GetMetadata(field)!.MetaData!.Encodings, e => e.ToString().Contains("DICTIONARY", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_injected_defect_is_in_the_live_file_where_the_ground_truth_says()
    {
        using var dir = new TempDirectory();
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 4000, Seed = 11 }, dir.Path);
        var live = TestCsv.Read(demo.LivePath);
        var truth = TestCsv.Read(Path.Combine(demo.TruthDirectory, "defects.csv")).Where(t => t[0] == "live").ToList();
        Assert.Equal(demo.Summary.LiveRows, live.Count);
        var columns = DemoGenerator.LiveColumns;
        foreach (var t in truth)
        {
            int row = int.Parse(t[1], CultureInfo.InvariantCulture);
            if (t[3] == DefectKinds.DuplicateRow)
            {
                int original = int.Parse(t[4]["row ".Length..], CultureInfo.InvariantCulture);
                Assert.Equal(live[original - 1], live[row - 1]);
                continue;
            }
            Assert.Equal(t[4], live[row - 1][Array.IndexOf(columns, t[2])]);
            if (t[3] != DefectKinds.UnseenVendor) Assert.NotEqual(t[4], t[5]);
        }
        // Every kind of defect the issue asks for is there.
        var kinds = truth.Select(t => t[3]).ToHashSet();
        Assert.Superset(kinds, new HashSet<string>(DefectKinds.Retention.Keys.Except(DefectKinds.ShiftWorldsOnly)));
    }

    [Fact]
    public void Vendor_variants_cover_legal_forms_accents_and_mojibake()
    {
        using var dir = new TempDirectory();
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 6000, Seed = 3 }, dir.Path);
        var variants = TestCsv.Read(Path.Combine(demo.TruthDirectory, "defects.csv"))
            .Where(t => t[3] == DefectKinds.VendorVariant).Select(t => (Value: t[4], Clean: t[5])).ToList();
        Assert.Contains(variants, v => v.Clean.Contains('ü') && v.Value.Contains("ue"));       // Müller -> Mueller
        Assert.Contains(variants, v => v.Value.Contains('Ã'));                                  // mojibake
        Assert.Contains(variants, v => v.Clean.EndsWith("GmbH") && v.Value.EndsWith("Gmbh"));   // legal form spelling
        Assert.Contains(variants, v => v.Clean.StartsWith("Acme") && !v.Value.EndsWith("Inc."));
    }

    [Fact]
    public void The_poc_set_is_parquet_with_a_renamed_column_no_buyer_and_an_outcome_column()
    {
        using var dir = new TempDirectory();
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 2000, Seed = 2 }, dir.Path);
        var scan = SourceScanner.ScanFile(demo.PocPath, new SourceSpec(demo.PocPath), 10, 1);
        Assert.Equal(demo.Summary.PocRows, scan.RowsRead);
        Assert.Contains("requested_delivery_date", scan.Columns);
        Assert.DoesNotContain("req_delivery_date", scan.Columns);
        Assert.DoesNotContain("buyer_id", scan.Columns);
        var outcome = scan.States.Single(s => s.Name == "model_correct");
        Assert.Equal(scan.RowsRead, outcome.KindCounts[(int)ValueKind.Integer]);
        Assert.InRange(outcome.Numbers.Mean, demo.Summary.PocAccuracyExpected - 0.03, demo.Summary.PocAccuracyExpected + 0.03);
        // The curated set is cleaner than live, so the true live accuracy is lower.
        Assert.True(demo.Summary.LiveAccuracyTrue < demo.Summary.PocAccuracyExpected - 0.08);
    }

    [Fact]
    public void The_profile_counts_match_the_injected_defects_exactly()
    {
        using var dir = new TempDirectory();
        var world = new DemoWorld { LiveRows = 5000, Seed = 8, Live = DefectRates.LiveDefault with { DuplicateRow = 0 } };
        var demo = DemoGenerator.Generate(world, dir.Path);
        var scan = SourceScanner.ScanFile(demo.LivePath, new SourceSpec(demo.LivePath), 100, 42);
        var weight = ColumnProfileBuilder.Build(scan.States.Single(s => s.Name == "gross_weight_kg"));
        var truth = TestCsv.Read(Path.Combine(demo.TruthDirectory, "defects.csv"))
            .Where(t => t[0] == "live" && t[2] == "gross_weight_kg").ToList();
        long textual = truth.Count(t => t[3] is DefectKinds.UnitSuffix or DefectKinds.DecimalComma || (t[3] == DefectKinds.NullToken && t[4].Length > 0));
        long blank = truth.Count(t => t[3] == DefectKinds.NullToken && t[4].Length == 0);
        Assert.Equal(ColumnType.Decimal, weight.InferredType);
        Assert.Equal(textual, weight.Nonconforming);
        Assert.Equal(blank, weight.Blanks);
        Assert.Equal(5000, weight.Rows);
    }
}
