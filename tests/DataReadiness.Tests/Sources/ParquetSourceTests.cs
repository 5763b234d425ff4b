using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Sources;
using DataReadiness.Tests.Support;
using DataReadiness.Values;
using Parquet;
using Parquet.Schema;

namespace DataReadiness.Tests.Sources;

public class ParquetSourceTests
{
    private static string WriteSample(TempDirectory dir, int rowGroups = 2)
    {
        var path = Path.Combine(dir.Path, "typed.parquet");
        var id = new DataField<int>("id");
        var weight = new DataField<double?>("weight_kg");
        var vendor = new DataField<string>("vendor");
        var when = new DataField<DateTime>("ordered");
        var ok = new DataField<bool>("ok");
        using var stream = File.Create(path);
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(id, weight, vendor, when, ok), stream).GetAwaiter().GetResult();
        for (int g = 0; g < rowGroups; g++)
        {
            using var group = writer.CreateRowGroup();
            group.WriteAsync<int>(id, new[] { g * 3 + 1, g * 3 + 2, g * 3 + 3 }.AsMemory()).GetAwaiter().GetResult();
            group.WriteAsync<double>(weight, new double?[] { 12.5, null, 0.1 }.AsMemory()).GetAwaiter().GetResult();
            group.WriteAsync(vendor, new[] { "Müller GmbH", null, "Acme" }).GetAwaiter().GetResult();
            group.WriteAsync<DateTime>(when, new[] { new DateTime(2026, 3, 1), new DateTime(2026, 3, 2, 10, 30, 0), new DateTime(2026, 3, 3) }.AsMemory()).GetAwaiter().GetResult();
            group.WriteAsync<bool>(ok, new[] { true, false, true }.AsMemory()).GetAwaiter().GetResult();
        }
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return path;
    }

    [Fact]
    public void Typed_columns_read_as_invariant_text_and_native_nulls_stay_nulls()
    {
        using var dir = new TempDirectory();
        var path = WriteSample(dir);
        var scan = SourceScanner.ScanFile(path, new SourceSpec(path), 100, 42);
        Assert.Equal("parquet", scan.Format);
        Assert.Equal(6, scan.RowsRead);
        Assert.Equal(["id", "weight_kg", "vendor", "ordered", "ok"], scan.Columns);
        var rows = scan.Sample.ToRows();
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6 }, rows.Select(r => r.Row));
        // A timestamp keeps its time at midnight: one column, one format (issue 19).
        Assert.Equal(new string?[] { "1", "12.5", "Müller GmbH", "2026-03-01T00:00:00", "true" }, rows[0].Values.AsEnumerable());
        Assert.Equal(new string?[] { "2", null, null, "2026-03-02T10:30:00", "false" }, rows[1].Values.AsEnumerable());
        var weight = scan.States[1];
        Assert.Equal((6L, 2L), (weight.Rows, weight.Nulls));
        Assert.Equal(4, weight.KindCounts[(int)ValueKind.Decimal]);
        Assert.Equal(6, scan.States[4].KindCounts[(int)ValueKind.Boolean]);
    }

    [Fact]
    public async Task Repeated_typed_values_share_an_entry_and_read_back_as_written_whether_a_chunk_repeats_or_not()
    {
        // One chunk of few distinct values (including 0 and -0, which are equal as numbers but not as text, and
        // NaN), and one of mostly distinct values past the probe, where the reader stops looking values up.
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "repeats.parquet");
        var few = new DataField<double?>("few");
        var many = new DataField<long>("many");
        var when = new DataField<DateTime>("when");
        int rows = 3 * 4096;
        double?[] fewValues = Enumerable.Range(0, rows).Select(i => (i % 6) switch
        {
            0 => 0.0,
            1 => -0.0,
            2 => double.NaN,
            3 => (double?)null,
            4 => 1.5,
            _ => 1e-7,
        }).ToArray();
        long[] manyValues = Enumerable.Range(0, rows).Select(i => i % 5 == 0 ? 7L : i * 1_000_003L).ToArray();
        DateTime[] whenValues = Enumerable.Range(0, rows).Select(i => new DateTime(2026, 1, 1).AddDays(i % 3).AddHours(i % 2)).ToArray();
        await using (var stream = File.Create(path))
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(few, many, when), stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(few, fewValues.AsMemory());
            await group.WriteAsync<long>(many, manyValues.AsMemory());
            await group.WriteAsync<DateTime>(when, whenValues.AsMemory());
        }
        var entries = new int[3];
        using (var reader = new ParquetRowReader(path, "repeats.parquet", (_, decoded) =>
               {
                   for (int c = 0; c < 3; c++) entries[c] = decoded.Columns[c].EntryCount;
               }))
        {
            for (int r = 0; r < rows; r++)
            {
                Assert.True(reader.Read());
                Assert.Equal(fewValues[r] is null, reader.IsNull(0));
                if (fewValues[r] is { } f) Assert.Equal(f.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Text.Encoding.UTF8.GetString(reader.GetUtf8(0)));
                Assert.Equal(manyValues[r].ToString(System.Globalization.CultureInfo.InvariantCulture), System.Text.Encoding.UTF8.GetString(reader.GetUtf8(1)));
                var expectedWhen = whenValues[r].ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(expectedWhen, System.Text.Encoding.UTF8.GetString(reader.GetUtf8(2)));
            }
            Assert.False(reader.Read());
        }
        // 0, -0, NaN, 1.5 and 1e-7 once each; the dates' six values once each; the mostly distinct column as it came.
        Assert.Equal(5, entries[0]);
        Assert.Equal(6, entries[2]);
        Assert.InRange(entries[1], rows * 4 / 5, rows);
    }

    [Fact]
    public async Task Row_groups_decoded_ahead_arrive_whole_and_in_order()
    {
        // Groups of different sizes with nulls in different places: a buffer swapped too early or reused while
        // still being read would mix rows of neighbouring groups.
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "groups.parquet");
        var text = new DataField<string>("text");
        var expected = new List<string?>();
        await using (var stream = File.Create(path))
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(text), stream);
            for (int g = 0; g < 7; g++)
            {
                var values = Enumerable.Range(0, 500 + 97 * g).Select(i => (i + g) % 11 == 0 ? null : $"g{g}-r{i}-{new string('x', i % 13)}").ToArray();
                expected.AddRange(values);
                using var group = writer.CreateRowGroup();
                await group.WriteAsync(text, values);
            }
        }
        var scan = SourceScanner.ScanFile(path, new SourceSpec(path), expected.Count, 42);
        Assert.Equal(expected.Count, scan.RowsRead);
        Assert.Equal(expected, scan.Sample.ToRows().OrderBy(r => r.Row).Select(r => r.Values[0]));
        Assert.Equal(expected.Count(v => v is null), scan.States[0].Nulls);
    }

    [Fact]
    public void Parquet_is_recognised_by_its_magic_bytes_whatever_the_extension()
    {
        using var dir = new TempDirectory();
        var path = WriteSample(dir, rowGroups: 1);
        var renamed = Path.Combine(dir.Path, "extract.dat");
        File.Move(path, renamed);
        Assert.Equal(SourceFormat.Parquet, SourceFiles.FormatOf(renamed, SourceFormat.Auto));
        Assert.Equal(3, SourceScanner.ScanFile(renamed, new SourceSpec(renamed), 10, 1).RowsRead);
    }

    [Fact]
    public void A_truncated_parquet_file_is_an_error_that_names_the_file()
    {
        using var dir = new TempDirectory();
        var path = WriteSample(dir);
        var bytes = File.ReadAllBytes(path);
        var truncated = dir.Bytes("truncated.parquet", bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<SourceReadException>(() => SourceScanner.ScanFile(truncated, new SourceSpec(truncated), 10, 1));
        Assert.Contains("truncated.parquet", error.Message);
    }
}
