using System.Text.Json;
using DataReadiness.Demo;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Sources;
using DataReadiness.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace DataReadiness.Tests.Sources;

/// <summary>PostgreSQL sources against a real server on loopback: pushdown equals the streaming pass, sessions are read-only.</summary>
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresSourceTests(PostgresServer server, ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string NewDatabase()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        server.Execute($"CREATE DATABASE {name}");
        return name;
    }

    private SourceSpec Spec(string database, string? table = null, string? query = null, string user = PostgresServer.AdminUser, string? password = null) =>
        new($"postgres:{table ?? "query"}", Database: new DatabaseSpec(DatabaseKind.Postgres,
            server.ConnectionString(database, user, password), table, query));

    [SkippableFact]
    public void Pushed_down_profile_of_a_staging_table_equals_the_streaming_profile_of_the_same_csv()
    {
        server.RequireOrSkip();
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 6000, Seed = 8 }, Path.Combine(_dir.Path, "demo"));
        var db = NewDatabase();
        server.LoadCsvAsText("public.work_orders", demo.LivePath, db);

        var streamed = SourceScanner.ScanSource(new SourceSpec(demo.LivePath), _dir.Path, 1000, 42);
        var pushed = SourceScanner.ScanSource(Spec(db, table: "public.work_orders"), _dir.Path, 1000, 42);

        Assert.Equal(streamed.RowsRead, pushed.RowsRead);
        Assert.Equal("postgres", pushed.Files.Single().Format);
        Assert.Equal(streamed.Columns.Select(c => c.Name), pushed.Columns.Select(c => c.Name));
        for (int c = 0; c < streamed.Columns.Count; c++)
        {
            var s = ColumnProfileBuilder.Build(streamed.Columns[c]);
            var p = ColumnProfileBuilder.Build(pushed.Columns[c]);
            output.WriteLine($"{s.Name}: {s.InferredType}/{p.InferredType} present {s.Present}/{p.Present} conforming {s.Conforming}/{p.Conforming} numeric {s.Numeric?.Count}/{p.Numeric?.Count}");
            // COPY reads an empty CSV field as NULL, where the file reader sees a blank: together they agree.
            Assert.Equal(s.Nulls + s.Blanks, p.Nulls + p.Blanks);
            Assert.Equal(s.Present, p.Present);
            Assert.Equal(s.InferredType, p.InferredType);
            Assert.Equal(s.Conforming, p.Conforming);
            Assert.True(p.Distinct.Exact);
            if (s.Distinct.Exact) Assert.Equal(s.Distinct.Estimate, p.Distinct.Estimate);
            else Assert.InRange(p.Distinct.Estimate, s.Distinct.Estimate * 0.97, s.Distinct.Estimate * 1.03);
            Assert.True(p.TopValuesExact);
            if (s.TopValuesExact)
            {
                // Ties may be broken differently: the pushed-down top value is one of the streamed values with the top count.
                Assert.Equal(s.TopValues[0].Count, p.TopValues[0].Count);
                Assert.Contains(p.TopValues[0].Value, s.TopValues.Where(t => t.Count == s.TopValues[0].Count).Select(t => t.Value));
            }
            else Assert.InRange(p.TopValues[0].Count, s.TopValues[0].Count, s.TopValues[0].MaxCount);
            if (s.Numeric is not null)
            {
                Assert.NotNull(p.Numeric);
                Assert.Equal(s.Numeric.Count, p.Numeric!.Count);
                Assert.Equal(s.Numeric.Mean, p.Numeric.Mean, 1e-6 * Math.Max(1, Math.Abs(s.Numeric.Mean)));
                Assert.Equal(s.Numeric.Max, p.Numeric.Max);
            }
            Assert.Equal(s.Length?.Max, p.Length?.Max);
        }
        Assert.Equal(1000, pushed.Sample.Rows.Count);
        var (streamChecked, streamDuplicated) = streamed.Duplicates.Totals();
        var (pushChecked, pushDuplicated) = pushed.Duplicates.Totals();
        Assert.Equal(Math.Min(1000, streamed.RowsRead - streamDuplicated), pushChecked - pushDuplicated);
        Assert.True(streamChecked > 0 && pushChecked > 0);
    }

    [SkippableFact]
    public void Typed_columns_take_their_kind_from_the_column_type_and_the_sample_is_seeded()
    {
        server.RequireOrSkip();
        var db = NewDatabase();
        server.Execute("""
            CREATE TABLE readings (id integer, weight numeric(10,3), taken date, at timestamp, ok boolean, note text);
            INSERT INTO readings
            SELECT i, i * 1.5, DATE '2024-01-01' + i, TIMESTAMP '2024-01-01 08:00' + i * INTERVAL '1 hour',
                   i % 3 = 0, CASE WHEN i % 10 = 0 THEN NULL WHEN i % 10 = 1 THEN 'N/A' ELSE 'chk brg ' || i END
            FROM generate_series(1, 5000) AS i;
            """, db);
        var a = SourceScanner.ScanSource(Spec(db, table: "readings"), _dir.Path, 300, 7);
        var b = SourceScanner.ScanSource(Spec(db, table: "readings"), _dir.Path, 300, 7);
        var c = SourceScanner.ScanSource(Spec(db, table: "readings"), _dir.Path, 300, 8);
        var profiles = a.Columns.Select(ColumnProfileBuilder.Build).ToDictionary(p => p.Name);

        Assert.Equal(ColumnType.Integer, profiles["id"].InferredType);
        Assert.Equal(2500.5, profiles["id"].Numeric!.Mean, 9);
        Assert.Equal(ColumnType.Decimal, profiles["weight"].InferredType);
        Assert.Equal(7500, profiles["weight"].Numeric!.Max);
        Assert.Equal(ColumnType.Date, profiles["taken"].InferredType);
        Assert.Equal(new DateTime(2024, 1, 2), profiles["taken"].Dates!.Min);
        Assert.Equal(ColumnType.DateTime, profiles["at"].InferredType);
        Assert.Equal(ColumnType.Boolean, profiles["ok"].InferredType);
        Assert.Equal(500, profiles["note"].Nulls);
        Assert.Equal("N/A", profiles["note"].TopValues[0].Value);
        Assert.Equal(500, profiles["note"].TopValues[0].Count);
        Assert.Equal(4500, profiles["note"].Distinct.Estimate + 500 - 1);

        Assert.Equal(a.Sample.ToRows().Select(r => r.Values[0]), b.Sample.ToRows().Select(r => r.Values[0]));
        Assert.NotEqual(a.Sample.ToRows().Select(r => r.Values[0]), c.Sample.ToRows().Select(r => r.Values[0]));
        var row = a.Sample.ToRows().First(r => r.Values[5] is not null && r.Values[5] != "N/A");
        int i = int.Parse(row.Values[0]!, System.Globalization.CultureInfo.InvariantCulture);
        var at = new DateTime(2024, 1, 1, 8, 0, 0).AddHours(i);
        Assert.Equal(new string?[]
        {
            $"{i}", (i * 1.5m).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture),
            new DateTime(2024, 1, 1).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            at.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            i % 3 == 0 ? "true" : "false", $"chk brg {i}",
        }, row.Values);
        Assert.Equal(a.Files[0].Sha256, b.Files[0].Sha256);
        server.Execute("UPDATE readings SET note = 'changed' WHERE id = 4999", db);
        Assert.NotEqual(a.Files[0].Sha256, SourceScanner.ScanSource(Spec(db, table: "readings"), _dir.Path, 300, 7).Files[0].Sha256);
    }

    [SkippableFact]
    public void The_session_is_read_only_even_when_a_query_tries_to_write()
    {
        server.RequireOrSkip();
        var db = NewDatabase();
        server.Execute("""
            CREATE TABLE orders (id int, vendor text);
            INSERT INTO orders VALUES (1, 'Mueller GmbH'), (2, 'Müller GmbH');
            CREATE TABLE audit (at timestamptz);
            CREATE FUNCTION touch() RETURNS int LANGUAGE sql VOLATILE AS 'INSERT INTO audit VALUES (now()) RETURNING 1';
            """, db);
        var error = Assert.Throws<SourceReadException>(() =>
            SourceScanner.ScanSource(Spec(db, query: "select o.*, touch() as t from orders o"), _dir.Path, 10, 1));
        Assert.Contains("read-only transaction", error.Message);
        Assert.Contains($"/{db}/query", error.Message);
        Assert.Equal(0L, server.Scalar<long>("SELECT count(*) FROM audit", db));
    }

    [SkippableFact]
    public void A_job_reads_a_table_as_a_reader_role_with_the_password_from_the_environment_end_to_end()
    {
        server.RequireOrSkip();
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 4000, Seed = 3 }, Path.Combine(_dir.Path, "demo"));
        var db = NewDatabase();
        server.LoadCsvAsText("work_orders", demo.LivePath, db);
        server.Execute("CREATE ROLE dr_reader_e2e LOGIN PASSWORD 'reader-secret'; GRANT SELECT ON work_orders TO dr_reader_e2e;", db);
        var connection = $"Host=127.0.0.1;Port={server.Port};Database={db};Username=dr_reader_e2e;Password=${{DR_TEST_PG_PASSWORD}}";
        var job = File.ReadAllText(demo.JobPath);
        var livePath = Path.GetFileName(demo.LivePath);
        job = job.Replace($"path: inputs/{livePath}", $"database: postgres, connection: \"{connection}\", table: work_orders", StringComparison.Ordinal);
        Assert.Contains("database: postgres", job);
        var jobPath = _dir.File("demo/pg-job.yaml", job);

        Environment.SetEnvironmentVariable("DR_TEST_PG_PASSWORD", "reader-secret");
        try
        {
            var (code, _, err) = TestCli.Run("run", jobPath, "--out", Path.Combine(_dir.Path, "reports"));
            Assert.True(code is 0 or 1 or 2, err);
            var latest = Directory.GetDirectories(Path.Combine(_dir.Path, "reports")).Single();
            using var findings = JsonDocument.Parse(File.ReadAllText(Path.Combine(latest, "latest", "findings.json")));
            var live = findings.RootElement.GetProperty("sources").GetProperty("live");
            Assert.Equal("postgres", live.GetProperty("format").GetString());
            Assert.Equal(SourceScanner.ScanSource(new SourceSpec(demo.LivePath), _dir.Path, 10, 1).RowsRead, live.GetProperty("rows_read").GetInt64());
            var manifest = File.ReadAllText(Path.Combine(latest, "latest", "manifest.json"));
            Assert.Contains($"postgresql://dr_reader_e2e@127.0.0.1:{server.Port}/{db}/work_orders", manifest);
            Assert.DoesNotContain("reader-secret", manifest);
            Assert.DoesNotContain("reader-secret", err);
            var rules = findings.RootElement.GetProperty("findings").EnumerateArray()
                .Where(f => f.GetProperty("rows_affected").GetInt64() > 0).Select(f => f.GetProperty("kind").GetString()).ToHashSet();
            Assert.Contains("vendor_variant", rules);
            Assert.Contains("null_like", rules);
        }
        finally { Environment.SetEnvironmentVariable("DR_TEST_PG_PASSWORD", null); }
    }

    [SkippableFact]
    public void An_unreachable_server_or_a_missing_password_variable_is_a_clear_input_error()
    {
        server.RequireOrSkip();
        var closed = new SourceSpec("postgres:t", Database: new DatabaseSpec(DatabaseKind.Postgres,
            $"Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=3", "t", null));
        var refused = Assert.Throws<SourceReadException>(() => SourceScanner.ScanSource(closed, _dir.Path, 10, 1));
        Assert.Contains("postgresql://x@127.0.0.1:1/z/t", refused.Message);
        Assert.DoesNotContain("Password=y", refused.Message);

        var unset = new SourceSpec("postgres:t", Database: new DatabaseSpec(DatabaseKind.Postgres,
            "Host=127.0.0.1;Password=${DR_SURELY_UNSET_VARIABLE}", "t", null));
        var missing = Assert.Throws<SourceReadException>(() => SourceScanner.ScanSource(unset, _dir.Path, 10, 1));
        Assert.Contains("DR_SURELY_UNSET_VARIABLE", missing.Message);

        var wrongPassword = Spec("postgres", table: "pg_class", password: "wrong");
        var denied = Assert.Throws<SourceReadException>(() => SourceScanner.ScanSource(wrongPassword, _dir.Path, 10, 1));
        Assert.Contains("password authentication failed", denied.Message);
    }
}
