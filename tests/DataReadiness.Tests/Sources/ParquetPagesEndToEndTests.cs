using System.Globalization;
using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Sources;
using DataReadiness.Sources.ParquetPages;
using DataReadiness.Tests.Support;
using DataReadiness.Values;
using DuckDB.NET.Data;

namespace DataReadiness.Tests.Sources;

/// <summary>
/// Parquet written by DuckDB (as pipelines write it: dictionary pages where values repeat, plain pages where they
/// do not, compressed) read through the page decoder, checked against DuckDB's own reading of the same file; and
/// the column-by-column profile of a Parquet file held to the row-by-row pass over the same rows.
/// </summary>
public sealed class ParquetPagesEndToEndTests : IDisposable
{
    private const int Rows = 5000;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("uncompressed", "V1")]
    [InlineData("snappy", "V1")]
    [InlineData("gzip", "V1")]
    [InlineData("zstd", "V1")]
    [InlineData("brotli", "V1")]
    [InlineData("snappy", "V2")]
    [InlineData("zstd", "V2")]
    public async Task Every_value_read_from_pages_is_the_value_duckdb_reads(string codec, string version)
    {
        var path = WriteParquet($"{codec}-{version}.parquet", $"COMPRESSION '{codec}', PARQUET_VERSION {version}, ROW_GROUP_SIZE 2048");
        using var reader = new ParquetRowReader(path, path);
        AssertReadsAsDuckDb(reader, path);
        // Every text chunk whose encodings the decoder reads came from its pages; the rest (the integer column, and in
        // version 2 files the DELTA_LENGTH_BYTE_ARRAY text DuckDB writes where it uses no dictionary) from Parquet.Net.
        int groups = (Rows + 2047) / 2048, decodable = 0;
        await using (var probe = await Parquet.ParquetReader.CreateAsync(path))
            for (int g = 0; g < probe.RowGroupCount; g++)
                foreach (var field in probe.Schema.GetDataFields())
                    if (TextChunkDecoder.CanDecode(probe.OpenRowGroupReader(g).GetMetadata(field)!)) decodable++;
        Assert.True(decodable >= 3 * groups, $"{decodable} decodable chunks");
        Assert.Equal(decodable, reader.ChunksFromPages);
        Assert.Equal(7 * groups, reader.ChunksFromPages + reader.ChunksFromParquetNet);
    }

    [Fact]
    public void A_codec_the_decoder_lacks_falls_back_to_parquet_net_with_the_same_values()
    {
        var path = WriteParquet("lz4.parquet", "COMPRESSION 'lz4_raw', ROW_GROUP_SIZE 2048");
        using var reader = new ParquetRowReader(path, path);
        AssertReadsAsDuckDb(reader, path);
        Assert.Equal(0, reader.ChunksFromPages);
    }

    [Fact]
    public void The_column_by_column_profile_equals_the_row_by_row_pass_over_the_same_file()
    {
        var path = WriteParquet("live.parquet", "COMPRESSION 'snappy', ROW_GROUP_SIZE 2048");
        const int sampleRows = 700;
        var byColumn = SourceScanner.ScanFile(path, new SourceSpec(path), sampleRows, 42);
        using var reader = new ParquetRowReader(path, path);
        var (states, sample, duplicates, rows) = SourceScanner.Pass(reader, path, sampleRows, 42, null, path, 0, () => 0);
        Assert.True(reader.ChunksFromPages > 0);
        Assert.True(states[^1].Numbers.Count > 4000);

        Assert.Equal(rows, byColumn.RowsRead);
        for (int c = 0; c < states.Length; c++)
        {
            var expected = states[c];
            var actual = byColumn.States[c];
            Assert.Equal(expected.Rows, actual.Rows);
            Assert.Equal(expected.Nulls, actual.Nulls);
            Assert.Equal(expected.Blanks, actual.Blanks);
            Assert.Equal(expected.InvalidUtf8, actual.InvalidUtf8);
            Assert.Equal(expected.KindCounts, actual.KindCounts);
            Assert.Equal(expected.DateFormatCounts, actual.DateFormatCounts);
            Assert.Equal(expected.MinDate, actual.MinDate);
            Assert.Equal(expected.MaxDate, actual.MaxDate);
            Assert.Equal(expected.Distinct.Estimate(), actual.Distinct.Estimate());
            Assert.Equal(expected.Distinct.RegistersSnapshot(), actual.Distinct.RegistersSnapshot());
            Assert.Equal((expected.Lengths.Count, expected.Lengths.Min, expected.Lengths.Max, expected.Lengths.Mean),
                (actual.Lengths.Count, actual.Lengths.Min, actual.Lengths.Max, actual.Lengths.Mean));
            Assert.Equal(expected.Numbers.Count, actual.Numbers.Count);
            Assert.Equal(expected.Numbers.Min, actual.Numbers.Min);
            Assert.Equal(expected.Numbers.Max, actual.Numbers.Max);
            Assert.Equal(expected.Numbers.Mean, actual.Numbers.Mean, 1e-9 * Math.Max(1, Math.Abs(expected.Numbers.Mean)));
            Assert.Equal(expected.Numbers.Variance, actual.Numbers.Variance, 1e-9 * Math.Max(1, expected.Numbers.Variance));
            if (expected.Frequent.MaxError == 0 && actual.Frequent.MaxError == 0)
                Assert.Equal(expected.Frequent.Top(10), actual.Frequent.Top(10));
        }
        Assert.Equal(duplicates.Totals(), byColumn.Duplicates.Totals());
        Assert.True(duplicates.Totals().RowsDuplicated > 0);
        Assert.Equal(duplicates.Duplicates().Select(d => (d.Count, string.Join(",", d.Rows.Select(r => r.Row)))),
            byColumn.Duplicates.Duplicates().Select(d => (d.Count, string.Join(",", d.Rows.Select(r => r.Row)))));
        // The same rows sampled, with the same values.
        Assert.Equal(sampleRows, byColumn.Sample.Count);
        Assert.Equal(sample.ToRows().Select(r => (r.Row, r.Key, string.Join("\u001f", r.Values))),
            byColumn.Sample.ToRows().Select(r => (r.Row, r.Key, string.Join("\u001f", r.Values))));
    }

    [Fact]
    public void The_rows_sampled_before_the_pass_are_those_with_the_k_smallest_keys()
    {
        ulong fileKey = StableHash.Of("live.parquet");
        var expected = Enumerable.Range(1, 10_000).Select(r => (Row: (long)r, Key: StableHash.OfRow(7, fileKey, r)))
            .OrderBy(x => x.Key).Take(500).OrderBy(x => x.Row).ToArray();
        Assert.Equal(expected, SourceScanner.SampleRows(7, fileKey, 10_000, 500));
        Assert.Equal(300, SourceScanner.SampleRows(7, fileKey, 300, 500).Length);
    }

    [Fact]
    public void Moving_to_a_row_passes_whole_row_groups_and_lands_on_that_row()
    {
        var path = WriteParquet("moves.parquet", "COMPRESSION 'snappy', ROW_GROUP_SIZE 2048");
        var expected = ReadWithDuckDb(path);
        using var reader = new ParquetRowReader(path, path);
        foreach (long row in new long[] { 1, 2, 2048, 2049, 4500, Rows })
        {
            Assert.True(reader.MoveTo(row));
            Assert.Equal(row, reader.RowNumber);
            Assert.Equal(expected[(int)row - 1][0], System.Text.Encoding.UTF8.GetString(reader.GetUtf8(0)));
        }
        Assert.False(reader.MoveTo(Rows + 1));
        Assert.Equal(Rows, reader.RowNumber);
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.MoveTo(Rows));
    }

    [Fact]
    public async Task A_damaged_page_is_an_error_naming_the_file_and_row_group()
    {
        var path = WriteParquet("damaged.parquet", "COMPRESSION 'snappy', ROW_GROUP_SIZE 2048");
        long pageAt;
        await using (var probe = await Parquet.ParquetReader.CreateAsync(path))
        {
            var chunk = probe.OpenRowGroupReader(1).GetMetadata(probe.Schema.GetDataFields().First(f => f.Name == "plant"))!.MetaData!;
            pageAt = chunk.DictionaryPageOffset ?? chunk.DataPageOffset;
        }
        using (var file = File.OpenWrite(path))
        {
            file.Position = pageAt;
            file.Write(Enumerable.Repeat((byte)0xFF, 12).ToArray());
        }

        var error = Assert.Throws<SourceReadException>(() => SourceScanner.ScanFile(path, new SourceSpec(path), 100, 42, displayPath: "damaged.parquet"));
        Assert.Contains("damaged.parquet: row group 2 (from data row 2049) cannot be read", error.Message);
    }

    // 5,000 rows: an id (plain pages), a plant code and a unit (dictionary pages, with nulls and blanks), free text
    // with accents repeated often enough for a dictionary, an ISO date, an integer column, and decimals written as
    // text (a dictionary of numbers); every 125th row repeats the row before it.
    private string WriteParquet(string name, string options)
    {
        var path = Path.Combine(_dir.Path, name);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            COPY (
              SELECT
                'PO-' || j AS po_number,
                CASE WHEN j % 11 = 0 THEN NULL WHEN j % 13 = 0 THEN '' ELSE 'P' || (j % 7) END AS plant,
                ['kg', 'lb', 'KG', 'N/A', 'Stück'][1 + j % 5] AS unit,
                'chk brg ' || ['temp hi', 'vibr', 'Überlast', 'repl w/ new'][1 + j % 4] || ' #' || (j % 90) AS notes,
                strftime(DATE '2024-01-01' + INTERVAL (j % 400) DAY, '%Y-%m-%d') AS order_date,
                CASE WHEN j % 17 = 0 THEN NULL ELSE (j * 37) % 1000 END AS qty,
                CASE WHEN j % 19 = 0 THEN 'n/a' ELSE printf('%.2f', (j % 60) * 1.25 - 3) END AS weight
              FROM (SELECT i, CASE WHEN i % 125 = 0 THEN i - 1 ELSE i END AS j FROM range(1, {Rows + 1}) t(i))
              ORDER BY i
            ) TO '{path}' (FORMAT PARQUET, {options})
            """;
        command.ExecuteNonQuery();
        return path;
    }

    // Reads every row and compares every field with DuckDB's reading of the file.
    private static void AssertReadsAsDuckDb(ParquetRowReader reader, string path)
    {
        var expected = ReadWithDuckDb(path);
        int row = 0;
        while (reader.Read())
        {
            for (int c = 0; c < reader.Columns.Count; c++)
                Assert.Equal(expected[row][c], reader.IsNull(c) ? null : System.Text.Encoding.UTF8.GetString(reader.GetUtf8(c)));
            row++;
        }
        Assert.Equal(Rows, row);
    }

    private static List<string?[]> ReadWithDuckDb(string path)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * EXCLUDE (file_row_number) FROM read_parquet('{path}', file_row_number = true) ORDER BY file_row_number";
        using var reader = command.ExecuteReader();
        var rows = new List<string?[]>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount)
                .Select(c => reader.IsDBNull(c) ? null : Convert.ToString(reader.GetValue(c), CultureInfo.InvariantCulture)).ToArray());
        return rows;
    }
}
