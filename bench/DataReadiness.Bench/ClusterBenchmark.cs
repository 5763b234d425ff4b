using System.Diagnostics;
using System.Globalization;
using DataReadiness.Bench.Cluster;
using DataReadiness.Demo;
using DataReadiness.Jobs;
using DataReadiness.Profiling;

namespace DataReadiness.Bench;

/// <summary>
/// The demo extract in PostgreSQL twice: as one table on one server, and hash-partitioned over two shard servers
/// (postgres_fdw foreign partitions of a coordinator's table, loaded through the coordinator). Each is profiled by
/// pushdown, taking turns; the table gives the wall time and what reached the job: rows, bytes and queries.
/// <c>cluster --rows N [--sample K] [--repeat R] [--data DIR]</c>; needs Debian's postgresql (.ci/run installs it).
/// </summary>
public static class ClusterBenchmark
{
    public static int Run(string[] args)
    {
        int rows = int.Parse(Option(args, "--rows", "1000000"), CultureInfo.InvariantCulture);
        int sample = int.Parse(Option(args, "--sample", "100000"), CultureInfo.InvariantCulture);
        int repeat = int.Parse(Option(args, "--repeat", "1"), CultureInfo.InvariantCulture);
        // --layouts sharded: the two-shard run alone (an investigation of what the shards send; no ratio then).
        var layouts = Option(args, "--layouts", "one,sharded").Split(',');
        var work = Path.GetFullPath(Option(args, "--data", Path.Combine("bench", "data")));
        var dir = Path.Combine(work, $"rows-{rows}");
        var csv = Path.Combine(dir, "demo", "inputs", "live.csv");
        if (!File.Exists(csv))
        {
            Console.Error.WriteLine($"generating {rows:N0} rows in {dir}");
            DemoGenerator.Generate(new DemoWorld { LiveRows = rows, Seed = 7 }, Path.Combine(dir, "demo"));
        }

        using var cluster = new PostgresCluster();
        if (cluster.Unavailable is not null)
        {
            Console.Error.WriteLine($"cluster: {cluster.Unavailable}");
            return 2;
        }
        var clock = Stopwatch.StartNew();
        cluster.Coordinator.LoadCsvAsText("orders_one", csv);
        long loaded = cluster.Coordinator.Scalar<long>("SELECT count(*) FROM orders_one");
        Console.Error.WriteLine($"one server: {loaded:N0} rows loaded in {clock.Elapsed.TotalSeconds:0.0} s");
        clock.Restart();
        var header = File.ReadLines(csv).First().TrimStart('\uFEFF').Split(',');
        cluster.CreateShardedTable("orders_sharded", string.Join(", ", header.Select(h => $"\"{h}\" text")), $"\"{header[0]}\"");
        cluster.Coordinator.Execute("INSERT INTO orders_sharded SELECT * FROM orders_one");
        var perShard = cluster.Shards.Select(s => s.Scalar<long>("SELECT count(*) FROM orders_sharded")).ToList();
        Console.Error.WriteLine($"two shards: {string.Join(" + ", perShard.Select(n => n.ToString("N0", CultureInfo.InvariantCulture)))} rows loaded through the coordinator in {clock.Elapsed.TotalSeconds:0.0} s");
        // Statistics as a fresh load has them: none on the coordinator's foreign tables, autovacuum's on the tables.
        foreach (var server in cluster.Shards.Append(cluster.Coordinator)) server.Execute("VACUUM ANALYZE");

        var runs = new Dictionary<string, List<(double Seconds, PushdownFigures Figures)>> { ["one server"] = [], ["two shards"] = [] };
        for (int r = 0; r < repeat; r++)
            foreach (var (name, table) in new[] { ("one server", "orders_one"), ("two shards", "orders_sharded") })
            {
                if (!layouts.Contains(table == "orders_one" ? "one" : "sharded")) continue;
                var spec = new SourceSpec($"postgres:{table}", Database: new DatabaseSpec(DatabaseKind.Postgres, cluster.Coordinator.ConnectionString(), table, null));
                cluster.ResetStatements();
                var watch = Stopwatch.StartNew();
                var scan = SourceScanner.ScanSource(spec, dir, sample, 42, note: line => Console.Error.WriteLine($"  {line}"));
                var seconds = watch.Elapsed.TotalSeconds;
                var p = scan.Pushdown!;
                runs[name].Add((seconds, new PushdownFigures(scan.RowsRead, p.RowsReceived, p.BytesReceived, p.Queries,
                    table == "orders_sharded" ? cluster.RowsSentByShards() : null, p.Partitions.Count)));
                Console.Error.WriteLine($"{name}: {seconds:0.00} s, {p.RowsReceived:N0} rows and {p.BytesReceived:N0} bytes received in {p.Queries} queries");
                if (table == "orders_sharded")
                    for (int i = 0; i < cluster.Shards.Length; i++)
                    {
                        var sent = cluster.Shards[i].Lines("SELECT coalesce(sum(rows), 0) FROM pg_stat_statements WHERE query LIKE 'FETCH %'")[0];
                        Console.Error.WriteLine($"  shard{i + 1}: sent {sent} rows (pg_stat_statements), the job received {p.Partitions[i].RowsReceived:N0} from {p.Partitions[i].Partition}");
                        // Where they differ, a query was not wholly pushed: its largest remote statements say which.
                        if (long.Parse(sent, CultureInfo.InvariantCulture) != p.Partitions[i].RowsReceived)
                            foreach (var line in cluster.Shards[i].Lines(
                                "SELECT f.rows || ' rows: ' || left(regexp_replace(d.query, '\\s+', ' ', 'g'), 240) FROM pg_stat_statements d " +
                                "JOIN pg_stat_statements f ON f.query = 'FETCH 10000 FROM ' || split_part(d.query, ' ', 2) " +
                                "WHERE d.query LIKE 'DECLARE%' ORDER BY f.rows DESC LIMIT 8"))
                                Console.Error.WriteLine($"    {line}");
                    }
            }

        double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
        double baseline = runs["one server"].Count > 0 ? Median(runs["one server"].Select(r => r.Seconds)) : double.NaN;
        Console.WriteLine($"| rows | layout | wall s (median of {repeat}) | vs one server | rows received | bytes received | queries | rows the shards sent (pg_stat_statements) |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, list) in runs.Where(r => r.Value.Count > 0))
        {
            var f = list[^1].Figures;
            double seconds = Median(list.Select(r => r.Seconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {f.Rows:N0} | {name} | {seconds:0.00} | {(double.IsNaN(baseline) ? "-" : $"{seconds / baseline:0.00}x")} | {f.RowsReceived:N0} | {f.BytesReceived:N0} | {f.Queries} | {(f.ShardRows is { } n ? n.ToString("N0", CultureInfo.InvariantCulture) : "-")} |"));
        }
        return 0;
    }

    private sealed record PushdownFigures(long Rows, long RowsReceived, long BytesReceived, int Queries, long? ShardRows, int Partitions);

    private static string Option(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
