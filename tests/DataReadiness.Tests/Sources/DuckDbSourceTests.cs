using System.Text.Json;
using DataReadiness.Demo;
using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Sources;
using DataReadiness.Sources.Sql;
using DataReadiness.Tests.Support;
using DuckDB.NET.Data;

namespace DataReadiness.Tests.Sources;

/// <summary>Embedded DuckDB: Parquet collections pushed down, and tables in a .duckdb file, opened read-only.</summary>
public sealed class DuckDbSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Parquet_through_duckdb_profiles_like_the_streaming_pass_and_names_rows_by_file_and_row()
    {
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 2000, PocRows = 6000, Seed = 4 }, Path.Combine(_dir.Path, "demo"));
        var streamed = SourceScanner.ScanSource(new SourceSpec(demo.PocPath, Engine: ScanEngine.Stream), _dir.Path, 500, 42);
        var pushed = SourceScanner.ScanSource(new SourceSpec(demo.PocPath, Engine: ScanEngine.DuckDb), _dir.Path, 500, 42,
            display: Path.GetFileName);

        Assert.Equal(streamed.RowsRead, pushed.RowsRead);
        Assert.Equal("parquet (duckdb)", pushed.Files.Single().Format);
        Assert.Equal(streamed.Files.Single().Sha256, pushed.Files.Single().Sha256);
        for (int c = 0; c < streamed.Columns.Count; c++)
        {
            var s = ColumnProfileBuilder.Build(streamed.Columns[c]);
            var p = ColumnProfileBuilder.Build(pushed.Columns.Single(x => x.Name == s.Name));
            Assert.Equal(s.Nulls, p.Nulls);
            Assert.Equal(s.Blanks, p.Blanks);
            Assert.Equal(s.InferredType, p.InferredType);
            Assert.Equal(s.Conforming, p.Conforming);
            if (s.Distinct.Exact) Assert.Equal(s.Distinct.Estimate, p.Distinct.Estimate);
            if (s.Numeric is not null) Assert.Equal(s.Numeric.Mean, p.Numeric!.Mean, 1e-6 * Math.Max(1, Math.Abs(s.Numeric.Mean)));
        }
        // The sample names real rows: the value in the sample is the value at that row of the file.
        var all = SourceScanner.ScanSource(new SourceSpec(demo.PocPath, Engine: ScanEngine.Stream), _dir.Path, 1_000_000, 1);
        var byRow = all.Sample.ToRows().ToDictionary(r => r.Row);
        Assert.Equal(500, pushed.Sample.Rows.Count);
        foreach (var row in pushed.Sample.ToRows().Take(50))
        {
            Assert.Equal("poc.parquet", row.File);
            Assert.Equal(byRow[row.Row].Values[0], row.Values[0]);
        }
        var again = SourceScanner.ScanSource(new SourceSpec(demo.PocPath, Engine: ScanEngine.DuckDb), _dir.Path, 500, 42);
        Assert.Equal(pushed.Sample.Rows.Select(r => r.Row), again.Sample.Rows.Select(r => r.Row));
        // Each scan says who scanned it and how its sample was drawn: DuckDB's hash draws other rows than the stream's.
        Assert.Equal(("stream", "the job file asks for engine: stream", SourceScan.StreamSampling), (streamed.Engine, streamed.EngineReason, streamed.Sampling));
        Assert.Equal(("duckdb", "the job file asks for engine: duckdb", "bottom-k by duckdb's hash of (file name, file row number, seed)"),
            (pushed.Engine, pushed.EngineReason, pushed.Sampling));
    }

    [Fact]
    public void Duplicate_rows_found_by_duckdb_in_parquet_are_the_ones_the_stream_finds_in_the_csv_at_the_same_rows()
    {
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 5000, Seed = 9 }, Path.Combine(_dir.Path, "demo"));
        var parquet = Path.Combine(_dir.Path, "live.parquet");
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT * FROM read_csv('{demo.LivePath}', all_varchar = true)) TO '{parquet}' (FORMAT PARQUET)";
            command.ExecuteNonQuery();
        }
        // A small sketch (capacity 300 of ~5,000 distinct rows) takes the threshold path, as a large table does.
        var streamed = SourceScanner.ScanSource(new SourceSpec(demo.LivePath), _dir.Path, 300, 42);
        var pushed = SourceScanner.ScanSource(new SourceSpec(parquet, Engine: ScanEngine.DuckDb), _dir.Path, 300, 42, display: Path.GetFileName);
        var (pushedChecked, pushedDuplicated) = pushed.Duplicates.Totals();
        Assert.True(pushedDuplicated > 0);
        Assert.True(pushedChecked - pushedDuplicated == 300);
        // Row hashes differ between the two (XXH3 of UTF-8 fields vs DuckDB's hash of typed values), so compare the
        // duplicate groups of the full data: every group DuckDB locates is a group of identical rows in the CSV.
        var all = SourceScanner.ScanSource(new SourceSpec(demo.LivePath), _dir.Path, 1_000_000, 1);
        var byRow = all.Sample.ToRows().ToDictionary(r => r.Row);
        foreach (var group in pushed.Duplicates.Duplicates())
        {
            Assert.InRange(group.Rows.Count, 2, DataReadiness.Profiling.DuplicateRowSketch.RowsKept);
            Assert.All(group.Rows, r => Assert.Equal("live.parquet", r.File));
            var first = byRow[group.Rows[0].Row].Values;
            Assert.All(group.Rows.Skip(1), r => Assert.Equal(first, byRow[r.Row].Values));
        }
        Assert.True(streamed.Duplicates.Totals().RowsDuplicated > 0);
    }

    [Fact]
    public void Auto_engine_streams_parquet_of_any_size_and_all_csv_and_duckdb_refuses_spreadsheets()
    {
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 500, Seed = 4 }, Path.Combine(_dir.Path, "demo"));
        Assert.Equal((false, DatabaseSources.AutoReason), DatabaseSources.EngineFor(new SourceSpec(demo.PocPath), [demo.PocPath]));
        Assert.Equal((false, DatabaseSources.AutoReason), DatabaseSources.EngineFor(new SourceSpec(demo.LivePath), [demo.LivePath]));
        Assert.Equal((true, "the job file asks for engine: duckdb"), DatabaseSources.EngineFor(new SourceSpec(demo.PocPath, Engine: ScanEngine.DuckDb), [demo.PocPath]));
        Assert.True(DatabaseSources.EngineFor(new SourceSpec(demo.LivePath, Engine: ScanEngine.DuckDb), [demo.LivePath]).DuckDb);
        // Auto sent Parquet of 256 MB and more to DuckDB, which was 6.5x slower than the pass on a 2M-row file: a
        // 300 MB file (sparse: the choice reads only its size) now streams.
        var large = Path.Combine(_dir.Path, "large.parquet");
        using (var file = File.Create(large)) file.SetLength(300L << 20);
        Assert.Equal((false, DatabaseSources.AutoReason), DatabaseSources.EngineFor(new SourceSpec(large), [large]));
        var book = _dir.File("book.xlsx", "x");
        var error = Assert.Throws<SourceReadException>(() => DatabaseSources.EngineFor(new SourceSpec(book, Engine: ScanEngine.DuckDb), [book]));
        Assert.Contains("spreadsheets are read by the streaming pass", error.Message);
    }

    [Fact]
    public void Csv_through_duckdb_profiles_like_the_stream_and_reports_the_rows_it_rejects_by_line()
    {
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 3000, Seed = 5 }, Path.Combine(_dir.Path, "demo"));
        var lines = File.ReadAllLines(demo.LivePath).ToList();
        lines.Insert(10, lines[9] + ",an extra field");   // line 11 of the file: one field too many
        var csv = Path.Combine(_dir.Path, "ragged.csv");
        File.WriteAllLines(csv, lines);

        var streamed = SourceScanner.ScanSource(new SourceSpec(csv), _dir.Path, 500, 42);
        var pushed = SourceScanner.ScanSource(new SourceSpec(csv, Engine: ScanEngine.DuckDb), _dir.Path, 500, 42, display: Path.GetFileName);

        Assert.Equal(streamed.RowsRead, pushed.RowsRead);
        var file = pushed.Files.Single();
        Assert.Equal("csv (duckdb)", file.Format);
        Assert.Equal(1, file.Diagnostics.RowsSkipped);
        Assert.Equal(11, file.Diagnostics.Examples.Single().Line);
        Assert.Equal("too many columns", file.Diagnostics.Examples.Single().Reason);
        Assert.StartsWith(lines[9][..40], file.Diagnostics.Examples.Single().Excerpt);
        Assert.Equal(1, streamed.Files.Single().Diagnostics.RowsSkipped);
        for (int c = 0; c < streamed.Columns.Count; c++)
        {
            var s = ColumnProfileBuilder.Build(streamed.Columns[c]);
            var p = ColumnProfileBuilder.Build(pushed.Columns[c]);
            Assert.Equal(s.Name, p.Name);
            Assert.Equal(s.Nulls + s.Blanks, p.Nulls + p.Blanks);
            Assert.Equal(s.InferredType, p.InferredType);
            Assert.Equal(s.Conforming, p.Conforming);
        }
        Assert.Equal(500, pushed.Sample.Rows.Count);
        Assert.All(pushed.Sample.Rows, r => Assert.Equal("ragged.csv", r.File));
        // The CSV was read once into a scratch database, which is gone afterwards.
        var scratch = Path.Combine(Path.GetTempPath(), "datareadiness-duckdb");
        Assert.Empty(Directory.Exists(scratch) ? Directory.GetFiles(scratch, $"csv-{Environment.ProcessId}-*") : []);
    }

    [Fact]
    public void A_job_reads_a_table_of_a_duckdb_file_read_only_end_to_end()
    {
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 3000, Seed = 6 }, Path.Combine(_dir.Path, "demo"));
        var database = Path.Combine(_dir.Path, "demo", "mes.duckdb");
        using (var connection = new DuckDBConnection($"DataSource={database}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE TABLE work_orders AS SELECT * FROM read_csv('{demo.LivePath}', all_varchar = true)";
            command.ExecuteNonQuery();
        }
        var before = File.ReadAllBytes(database);
        var job = File.ReadAllText(demo.JobPath).Replace("path: inputs/live.csv", "database: duckdb, connection: mes.duckdb, table: work_orders", StringComparison.Ordinal);
        var jobPath = _dir.File("demo/duck-job.yaml", job);

        var (code, _, err) = TestCli.Run("run", jobPath, "--out", Path.Combine(_dir.Path, "reports"));
        Assert.True(code is 0 or 1 or 2, err);
        Assert.Equal(before, File.ReadAllBytes(database));
        var latest = Path.Combine(Directory.GetDirectories(Path.Combine(_dir.Path, "reports")).Single(), "latest");
        using var findings = JsonDocument.Parse(File.ReadAllText(Path.Combine(latest, "findings.json")));
        var live = findings.RootElement.GetProperty("sources").GetProperty("live");
        Assert.Equal("duckdb", live.GetProperty("format").GetString());
        Assert.Equal(SourceScanner.ScanSource(new SourceSpec(demo.LivePath), _dir.Path, 10, 1).RowsRead, live.GetProperty("rows_read").GetInt64());
        // findings.json says which engine drew each side's sample and how; the sides differ, so the sample says both.
        Assert.Equal(("duckdb", "a database source"), (live.GetProperty("engine").GetString(), live.GetProperty("engine_reason").GetString()));
        Assert.Equal("bottom-k by duckdb's hash of the row's values and the seed (hash() of the row's values)", live.GetProperty("sampling").GetString());
        var poc = findings.RootElement.GetProperty("sources").GetProperty("poc");
        Assert.Equal(("stream", SourceScan.StreamSampling), (poc.GetProperty("engine").GetString(), poc.GetProperty("sampling").GetString()));
        Assert.Equal($"live: {live.GetProperty("sampling").GetString()}; poc: {SourceScan.StreamSampling}",
            findings.RootElement.GetProperty("sample").GetProperty("method").GetString());
        Assert.Contains("duplicate_row", findings.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rows_affected").GetInt64() > 0).Select(f => f.GetProperty("kind").GetString()));
    }

    [Fact]
    public void The_job_file_checks_database_sources()
    {
        var job = _dir.File("job.yaml", """
            name: t
            live: { database: oracle, connection: x, table: t }
            poc: { database: postgres, connection: "Host=h", table: t, query: "select 1", separator: ";" }
            """);
        var error = Assert.Throws<DataReadiness.Configuration.ConfigException>(() => DataReadiness.Jobs.JobFileParser.Load(job));
        Assert.Contains(error.Diagnostics, d => d.Line == 2 && d.Message.Contains("'oracle' is not a database"));
        Assert.Contains(error.Diagnostics, d => d.Line == 3 && d.Message.Contains("exactly one of table"));
        Assert.Contains(error.Diagnostics, d => d.Line == 3 && d.Message.Contains("poc.separator: not used by a database source"));
    }

    [Fact]
    public void A_struct_type_as_duckdb_prints_it_splits_into_its_members_quoted_and_nested_ones_included()
    {
        var members = DuckDbType.StructMembers("STRUCT(id BIGINT, \"first, \"\"name\"\"\" VARCHAR, \"inner\" STRUCT(a DECIMAL(18,3), b VARCHAR[]), m MAP(VARCHAR, INTEGER))");
        Assert.Equal([("id", "BIGINT"), ("first, \"name\"", "VARCHAR"), ("inner", "STRUCT(a DECIMAL(18,3), b VARCHAR[])"), ("m", "MAP(VARCHAR, INTEGER)")], members);
        Assert.True(DuckDbType.IsStruct(members[2].Type));
        Assert.True(DuckDbType.IsSkipped("VARCHAR[]") && DuckDbType.IsSkipped("MAP(VARCHAR, INTEGER)") && DuckDbType.IsSkipped("INTERVAL"));
        Assert.Equal(SqlColumnKind.Decimal, DuckDbType.KindOf("DECIMAL(18,3)"));
        Assert.Equal(SqlColumnKind.DateTime, DuckDbType.KindOf("TIMESTAMP WITH TIME ZONE"));
    }
}
