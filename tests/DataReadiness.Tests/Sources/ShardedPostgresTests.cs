using System.Text.Json;
using DataReadiness.Demo;
using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Sources.Sql;
using DataReadiness.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace DataReadiness.Tests.Sources;

/// <summary>
/// A table hash-partitioned over two shard servers (postgres_fdw foreign partitions), profiled through the
/// coordinator: every query runs on the shards, only aggregates, sketches and the sample come back, and the profile
/// equals the one-server profile of the same rows and the file pass of the same CSV.
/// </summary>
[Collection(PostgresClusterGroup.Name)]
public sealed class ShardedPostgresTests(PostgresCluster cluster, ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string NewName() => "t" + Guid.NewGuid().ToString("N")[..12];

    private SourceSpec Spec(string table, string user = PostgresServer.AdminUser, string? password = null) =>
        new($"postgres:{table}", Database: new DatabaseSpec(DatabaseKind.Postgres,
            cluster.Coordinator.ConnectionString("postgres", user, password), table, null));

    /// <summary>The demo extract's CSV loaded into a sharded table and into a plain table of the coordinator.</summary>
    private (string Sharded, string Single) LoadDemo(string csvPath)
    {
        var header = File.ReadLines(csvPath).First().TrimStart('\uFEFF').Split(',');
        var sharded = NewName();
        cluster.CreateShardedTable(sharded, string.Join(", ", header.Select(h => $"\"{h}\" text")), $"\"{header[0]}\"");
        var single = NewName();
        cluster.Coordinator.LoadCsvAsText(single, csvPath);
        // Through the coordinator, as users load a sharded table: each row goes to the shard its key hashes to.
        cluster.Coordinator.Execute($"INSERT INTO {sharded} SELECT * FROM {single}");
        return (sharded, single);
    }

    [SkippableFact]
    public void The_sharded_profile_equals_the_one_server_profile_and_the_file_pass_with_the_same_sample()
    {
        cluster.RequireOrSkip();
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 6000, Seed = 8 }, Path.Combine(_dir.Path, "demo"));
        var (sharded, single) = LoadDemo(demo.LivePath);
        Assert.True(cluster.Shards.All(s => s.Scalar<long>($"SELECT count(*) FROM {sharded}") > 1000), "both shards hold rows");

        var streamed = SourceScanner.ScanSource(new SourceSpec(demo.LivePath), _dir.Path, 1000, 42);
        var one = SourceScanner.ScanSource(Spec(single), _dir.Path, 1000, 42);
        var two = SourceScanner.ScanSource(Spec(sharded), _dir.Path, 1000, 42);

        Assert.Equal(streamed.RowsRead, two.RowsRead);
        Assert.Equal(one.RowsRead, two.RowsRead);
        Assert.Equal(2, two.Pushdown!.Partitions.Count);
        Assert.StartsWith("no common snapshot", two.Pushdown.Snapshot);
        Assert.StartsWith("one snapshot", one.Pushdown!.Snapshot);
        Assert.Equal(one.Files[0].Sha256, two.Files[0].Sha256);
        Assert.Equal(one.Columns.Select(c => c.Name), two.Columns.Select(c => c.Name));
        for (int c = 0; c < one.Columns.Count; c++)
        {
            var s = ColumnProfileBuilder.Build(streamed.Columns[c]);
            var o = ColumnProfileBuilder.Build(one.Columns[c]);
            var t = ColumnProfileBuilder.Build(two.Columns[c]);
            output.WriteLine($"{t.Name}: {t.InferredType} present {o.Present}/{t.Present} distinct {o.Distinct.Estimate}/{t.Distinct.Estimate} ±{t.Distinct.RelativeStandardError:P1} top {o.TopValues[0].Count}/{t.TopValues[0].Count} exact {t.TopValuesExact}");
            Assert.Equal(o.Nulls, t.Nulls);
            Assert.Equal(o.Blanks, t.Blanks);
            Assert.Equal(s.Nulls + s.Blanks, t.Nulls + t.Blanks);
            Assert.Equal(o.Present, t.Present);
            Assert.Equal(o.InferredType, t.InferredType);
            Assert.Equal(s.InferredType, t.InferredType);
            Assert.Equal(o.Conforming, t.Conforming);
            if (t.Distinct.Exact) Assert.Equal(o.Distinct.Estimate, t.Distinct.Estimate);
            else Assert.InRange(t.Distinct.Estimate, o.Distinct.Estimate * (1 - 3 * t.Distinct.RelativeStandardError), o.Distinct.Estimate * (1 + 3 * t.Distinct.RelativeStandardError));
            Assert.Equal(o.TopValues[0].Count, t.TopValues[0].Count);
            if (t.TopValuesExact) Assert.Equal(o.TopValues.Select(v => v.Count), t.TopValues.Select(v => v.Count));
            Assert.Equal(o.Numeric?.Count, t.Numeric?.Count);
            if (o.Numeric is not null)
            {
                Assert.Equal(o.Numeric.Mean, t.Numeric!.Mean, 1e-9 * Math.Max(1, Math.Abs(o.Numeric.Mean)));
                Assert.Equal(o.Numeric.Min, t.Numeric.Min);
                Assert.Equal(o.Numeric.Max, t.Numeric.Max);
            }
            Assert.Equal(o.Length?.Max, t.Length?.Max);
            Assert.Equal(s.Length?.Max, t.Length?.Max);
        }
        // The same seeded sample, row for row: the k smallest row hashes whichever server holds the rows.
        Assert.Equal(1000, two.Sample.Rows.Count);
        Assert.Equal(one.Sample.ToRows().Select(r => string.Join('|', r.Values)), two.Sample.ToRows().Select(r => string.Join('|', r.Values)));
        Assert.Equal(one.Duplicates.Totals(), two.Duplicates.Totals());
    }

    [SkippableFact]
    public void Every_query_runs_on_the_shards_and_the_rows_that_come_back_do_not_grow_with_the_table()
    {
        cluster.RequireOrSkip();
        var table = NewName();
        cluster.CreateShardedTable(table, "id bigint, vendor text, qty text, taken date, at timestamptz, weight numeric(10,2), note text", "id");
        long RowsBack(long rows, out PostgresPartitionsProbe probe)
        {
            cluster.Coordinator.Execute($"DELETE FROM {table}");
            cluster.Coordinator.Execute($"""
                INSERT INTO {table}
                SELECT i, 'Vendor ' || (i % 50), CASE WHEN i % 17 = 0 THEN 'N/A' ELSE (i % 1000)::text END,
                       DATE '2024-01-01' + (i % 365), TIMESTAMPTZ '2024-01-01 00:00:00+00' + i * INTERVAL '1 minute',
                       (i % 700) / 7.0, CASE WHEN i % 3 = 0 THEN NULL ELSE 'chk brg ' || (i % 5000) END
                FROM generate_series(1, {rows}) AS i
                """);
            cluster.ResetStatements();
            probe = PostgresPartitionsProbe.Run(cluster.Coordinator.ConnectionString(), table, 1000, 7);
            long sent = cluster.RowsSentByShards();
            output.WriteLine($"{rows:N0} rows: the job received {probe.Result.Pushdown!.RowsReceived:N0} rows ({probe.Result.Pushdown.BytesReceived:N0} bytes) in {probe.Result.Pushdown.Queries} queries; the shards sent {sent:N0}");
            foreach (var line in cluster.Shards[0].Lines("SELECT f.rows || ' ' || left(d.query, 300) FROM pg_stat_statements d JOIN pg_stat_statements f " +
                "ON f.query = 'FETCH 10000 FROM ' || split_part(d.query, ' ', 2) WHERE d.query LIKE 'DECLARE%' ORDER BY f.rows DESC LIMIT 5"))
                output.WriteLine($"  shard1 sent {line}");
            // What the job counted is what left the shards: nothing was filtered or aggregated on the coordinator.
            Assert.Equal(sent, probe.Result.Pushdown.RowsReceived);
            return sent;
        }

        long small = RowsBack(40_000, out _);
        long large = RowsBack(400_000, out var probe);
        Assert.Equal(400_000, probe.Result.Rows);
        // Bounded by the sample and the duplicate-row sketch (1,000 rows each and a margin), the distinct-value sketches
        // (about 1.1 x 4,096 hashes per column and shard at most) and the top-value lists: not by the table's rows.
        const long bound = 2 * (1000 + 6 * 32 + 16) + 7 * 2 * (4096 * 11 / 10 + 6 * 64 + 2 * PushdownScanner.TopValueCount + 1);
        Assert.True(large <= bound, $"{large} rows came back for 400,000, more than the bound {bound}");
        Assert.True(large < small * 1.1, $"{small} rows came back for 40,000 rows, {large} for 400,000");

        // Each statement the scan sent is planned as one foreign scan whose remote SQL holds the aggregate or the filter.
        using var connection = new NpgsqlConnection(cluster.Coordinator.ConnectionString());
        connection.Open();
        List<string> Plan(string sql)
        {
            var plan = new List<string>();
            using var command = new NpgsqlCommand($"EXPLAIN (VERBOSE) {sql}", connection);
            using var reader = command.ExecuteReader();
            while (reader.Read()) plan.Add(reader.GetString(0));
            return plan;
        }
        // The exact count of one value a partition's cut list lacked: as a GROUP BY, the 8M-row bench saw it planned as
        // the shard sending that value's rows.
        var scanner = new PushdownScanner(connection, null, new PostgresDialect(), $"public.{table}_1", null, null);
        var vendor = scanner.Describe().Single(c => c.Name == "vendor");
        long expected = cluster.Coordinator.Scalar<long>($"SELECT count(*) FROM {table}_1 WHERE vendor = 'Vendor 7'");
        Assert.Equal(expected, scanner.CountsOf(vendor, ["Vendor 7", "no such vendor"]).Single(c => c.Value == "Vendor 7").Count);
        Assert.Equal(expected, scanner.CountsOf(vendor, ["Vendor 7"]).Single().Count);
        Assert.Equal(2, scanner.Statements.Count(q => q.Contains("FILTER (WHERE v = 'Vendor 7')", StringComparison.Ordinal)));
        foreach (var (partition, sql) in scanner.Statements.Skip(1).Select(q => ($"{table}_1", q)).Concat(probe.Statements))
        {
            var plan = Plan(sql);
            var remote = plan.Single(l => l.TrimStart().StartsWith("Remote SQL:", StringComparison.Ordinal));
            var shown = $"{partition}: {sql[..Math.Min(sql.Length, 200)]}\n{string.Join("\n", plan.Select(l => l[..Math.Min(l.Length, 200)]))}";
            Assert.True(plan[0].StartsWith("Foreign Scan", StringComparison.Ordinal), shown);
            Assert.DoesNotContain(plan, l => l.TrimStart().StartsWith("->", StringComparison.Ordinal));
            Assert.True(remote.Contains("count(", StringComparison.Ordinal) || remote.Contains("GROUP BY", StringComparison.Ordinal)
                || remote.Contains("WHERE", StringComparison.Ordinal) || remote.Contains("LIMIT 0", StringComparison.Ordinal), shown);
        }
        Assert.Contains(probe.Statements, s => s.Sql.Contains("count(*)", StringComparison.Ordinal));
        // The typed columns were read as their types: dates, timestamps and numbers.
        var profiles = probe.Result.Aggregates.ToDictionary(a => a.Name);
        Assert.Equal(new DateTime(2024, 1, 1), profiles["taken"].MinDate);
        Assert.Equal(99.86, profiles["weight"].Numbers.Max, 9);
        Assert.Equal(400_000 / 3, profiles["note"].Nulls);
        Assert.Equal(50, profiles["vendor"].Distinct);
        Assert.Equal(0, profiles["vendor"].DistinctRelativeStandardError);
        Assert.InRange(profiles["id"].Distinct, 400_000 * 0.95, 400_000 * 1.05);
        Assert.InRange(profiles["id"].DistinctRelativeStandardError, 0.005, 0.02);
    }

    [SkippableFact]
    public void A_foreign_table_that_is_not_partitioned_is_profiled_on_its_server_with_one_snapshot()
    {
        cluster.RequireOrSkip();
        var table = NewName();
        cluster.Shards[1].Execute($"CREATE TABLE {table} (id int, vendor text); INSERT INTO {table} SELECT i, 'V' || (i % 7) FROM generate_series(1, 30000) AS i");
        cluster.Coordinator.Execute($"CREATE FOREIGN TABLE {table} (id int, vendor text) SERVER shard2 OPTIONS (table_name '{table}')");
        cluster.ResetStatements();
        var scan = SourceScanner.ScanSource(Spec(table), _dir.Path, 500, 3);
        Assert.Equal(30000, scan.RowsRead);
        Assert.Equal(7, ColumnProfileBuilder.Build(scan.Columns[1]).Distinct.Estimate);
        Assert.Equal(500, scan.Sample.Rows.Count);
        Assert.Equal("shard2", scan.Pushdown!.Partitions.Single().Server);
        Assert.StartsWith("one snapshot", scan.Pushdown.Snapshot);
        Assert.Equal(cluster.RowsSentByShards(), scan.Pushdown.RowsReceived);
        Assert.True(scan.Pushdown.RowsReceived < 30000 / 4, $"{scan.Pushdown.RowsReceived} rows received");
    }

    [SkippableFact]
    public void A_job_against_the_coordinator_says_there_is_no_common_snapshot_and_when_each_shard_was_read()
    {
        cluster.RequireOrSkip();
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 4000, Seed = 3 }, Path.Combine(_dir.Path, "demo"));
        var (sharded, _) = LoadDemo(demo.LivePath);
        var reader = "dr_reader_" + NewName();
        // The job reads each partition itself: the role needs SELECT on the partitions, not only on the parent.
        cluster.Coordinator.Execute($"CREATE ROLE {reader} LOGIN PASSWORD 'reader-secret'; GRANT SELECT ON {sharded}, {sharded}_1, {sharded}_2 TO {reader};");
        var connection = $"Host=127.0.0.1;Port={cluster.Coordinator.Port};Database=postgres;Username={reader};Password=reader-secret";
        var job = File.ReadAllText(demo.JobPath).Replace($"path: inputs/{Path.GetFileName(demo.LivePath)}",
            $"database: postgres, connection: \"{connection}\", table: {sharded}", StringComparison.Ordinal);
        var jobPath = _dir.File("demo/sharded-job.yaml", job);

        var (code, _, err) = TestCli.Run("run", jobPath, "--out", Path.Combine(_dir.Path, "reports"));
        Assert.True(code is 0 or 1 or 2, err);
        Assert.Contains("no common snapshot", err);
        Assert.Contains($"partition public.{sharded}_1 on server shard1", err);
        var latest = Directory.GetDirectories(Path.Combine(_dir.Path, "reports")).Single();
        using var findings = JsonDocument.Parse(File.ReadAllText(Path.Combine(latest, "latest", "findings.json")));
        var live = findings.RootElement.GetProperty("sources").GetProperty("live");
        Assert.Equal(SourceScanner.ScanSource(new SourceSpec(demo.LivePath), _dir.Path, 10, 1).RowsRead, live.GetProperty("rows_read").GetInt64());
        var pushdown = live.GetProperty("pushdown");
        Assert.StartsWith("no common snapshot", pushdown.GetProperty("snapshot").GetString());
        var partitions = pushdown.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal(["shard1", "shard2"], partitions.Select(p => p.GetProperty("server").GetString()));
        Assert.Equal(live.GetProperty("rows_read").GetInt64(), partitions.Sum(p => p.GetProperty("rows").GetInt64()));
        foreach (var p in partitions)
            Assert.True(p.GetProperty("queries_started").GetDateTimeOffset() <= p.GetProperty("queries_ended").GetDateTimeOffset());
        Assert.True(pushdown.GetProperty("bytes_received").GetInt64() > 0);
        // The project lead reads it too, under the run facts.
        var html = File.ReadAllText(Path.Combine(latest, "latest", "readiness.html"));
        Assert.Contains("Live was profiled where it is stored", html);
        Assert.Contains("No common snapshot: 2 partitions", html);
        Assert.Contains($"public.{sharded}_2 on server shard2", html);
        var rules = findings.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rows_affected").GetInt64() > 0).Select(f => f.GetProperty("kind").GetString()).ToHashSet();
        Assert.Contains("vendor_variant", rules);
        Assert.Contains("null_like", rules);
    }
}

/// <summary>A sharded scan with the statements it sent, straight from <see cref="PostgresPartitions"/>.</summary>
internal sealed record PostgresPartitionsProbe(EngineScan Result, List<(string Partition, string Sql)> Statements)
{
    public static PostgresPartitionsProbe Run(string connectionString, string table, int sampleRows, long seed)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var partitions = PostgresPartitions.Find(connection, transaction, table) ?? throw new InvalidOperationException($"{table} has no foreign partitions");
        var statements = new List<(string, string)>();
        var scan = PostgresPartitions.Scan(connectionString, partitions, table, sampleRows, seed, null, TimeProvider.System, statements);
        return new PostgresPartitionsProbe(scan, statements);
    }
}
