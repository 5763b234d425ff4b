using System.Data;
using System.Diagnostics.Metrics;
using System.Globalization;
using DataReadiness.Findings;
using Npgsql;

namespace DataReadiness.Sources.Sql;

/// <summary>
/// A PostgreSQL table whose rows live on other servers: a partitioned table with postgres_fdw foreign partitions
/// (shards), or one foreign table. Asked of the parent, PostgreSQL 15 pushes no aggregate to the shards (each sends
/// every row to the coordinator); asked of each foreign partition, it does, when every expression is one it may ship.
/// So each partition is profiled on its own, partitions side by side on their own connections, and the states are
/// merged here: counts and moments exactly, distinct counts through a KMV sketch of value hashes, top values
/// exactly where the lists allow, the sample and the duplicate-row sketch as the rows under a hash threshold (a
/// WHERE, which is pushed) merged to the k smallest. What reaches the job is aggregates, sketches and the sample.
/// </summary>
internal static class PostgresPartitions
{
    /// <summary>One leaf of the table: its qualified name, whether it is foreign, and the server it lives on.</summary>
    public sealed record Partition(string Name, bool Foreign, string? Server);

    /// <summary>Value hashes kept per column and partition for the distinct count: relative error about 1/sqrt(k) = 1.6 %.</summary>
    public const int DistinctSketchSize = 4096;

    // The threshold asks a partition with d distinct values for 1.1 k/d of the hash range: 1.1 k hashes expected,
    // fewer than k about once in 10^11 (seven standard deviations at k = 4,096); fewer only widens the error.
    private const double SketchMargin = 1.1;

    /// <summary>
    /// The leaves of <paramref name="quotedTable"/> when any of them is a foreign table (the table itself, when it is one);
    /// null when all its rows are on this server, where the planner's own partition-wise plans serve.
    /// </summary>
    public static List<Partition>? Find(NpgsqlConnection connection, NpgsqlTransaction transaction, string quotedTable)
    {
        // pg_partition_tree lists nothing for a relation outside any partition tree: such a table stands for itself.
        using var command = new NpgsqlCommand("""
            SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), c.relkind = 'f', s.srvname
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_foreign_table f ON f.ftrelid = c.oid LEFT JOIN pg_foreign_server s ON s.oid = f.ftserver
            WHERE c.oid IN (SELECT relid FROM pg_partition_tree(CAST(@table AS regclass)) WHERE isleaf)
               OR (c.oid = CAST(@table AS regclass) AND NOT EXISTS (SELECT 1 FROM pg_partition_tree(CAST(@table AS regclass))))
            ORDER BY 1
            """, connection, transaction);
        command.Parameters.AddWithValue("table", quotedTable);
        var leaves = new List<Partition>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) leaves.Add(new Partition(reader.GetString(0), reader.GetBoolean(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        return leaves.Any(l => l.Foreign) ? leaves : null;
    }

    private sealed class Worker : IDisposable
    {
        public required Partition Partition { get; init; }
        public required NpgsqlConnection Connection { get; init; }
        public required NpgsqlTransaction Transaction { get; init; }
        public required PushdownScanner Scanner { get; init; }
        public DateTimeOffset Started { get; set; }
        public DateTimeOffset Ended { get; set; }
        public List<SqlColumn> Columns { get; set; } = [];
        public long Rows { get; set; }
        public string HashSum { get; set; } = "0";
        public List<ColumnAggregates> Aggregates { get; set; } = [];

        public void Dispose()
        {
            Transaction.Dispose();
            Connection.Dispose();
        }
    }

    /// <summary>Profiles every partition on its own connection (a read-only transaction each) and merges the results.</summary>
    public static EngineScan Scan(string connectionString, IReadOnlyList<Partition> partitions, string displayName, int sampleRows, long seed,
        Action<string>? note, TimeProvider clock, List<(string Partition, string Sql)>? statements = null)
    {
        try
        {
            return ScanAll(connectionString, partitions, displayName, sampleRows, seed, note, clock, statements);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // A partition's failure is the error, as it would be on one connection.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }

    private static EngineScan ScanAll(string connectionString, IReadOnlyList<Partition> partitions, string displayName, int sampleRows, long seed,
        Action<string>? note, TimeProvider clock, List<(string Partition, string Sql)>? statements)
    {
        using var wire = new NpgsqlWire();
        var dialect = new PostgresDialect();
        var workers = new Worker[partitions.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(partitions.Count, 8) };
        void Each(Action<Worker, int> step) => Parallel.For(0, workers.Length, parallel, i =>
        {
            step(workers[i], i);
            workers[i].Ended = clock.GetUtcNow();
        });
        try
        {
            Parallel.For(0, partitions.Count, parallel, i =>
            {
                var connection = new NpgsqlConnection(connectionString);
                connection.Open();
                var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
                using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction)) readOnly.ExecuteNonQuery();
                workers[i] = new Worker
                {
                    Partition = partitions[i], Connection = connection, Transaction = transaction,
                    Scanner = new PushdownScanner(connection, transaction, dialect, partitions[i].Name, null, null),
                    Started = clock.GetUtcNow(),
                };
            });
            note?.Invoke($"{displayName}: {(partitions.Count == 1 ? "a foreign table" : $"{partitions.Count} partitions")} " +
                $"({string.Join(", ", partitions.Select(Describe))}); each profiled where it lives, the states merged here");
            var step = System.Diagnostics.Stopwatch.StartNew();
            string Took() { var s = step.Elapsed.TotalSeconds; step.Restart(); return s.ToString("0.00", CultureInfo.InvariantCulture) + " s"; }

            Each((w, _) =>
            {
                w.Columns = w.Scanner.Describe();
                (w.Rows, w.HashSum, w.Aggregates) = w.Scanner.Aggregates(w.Columns);
            });
            var columns = workers[0].Columns;
            if (columns.Count == 0) throw new SourceReadException($"{displayName}: has no columns");
            foreach (var w in workers.Skip(1))
                if (!w.Columns.Select(c => c.Name).SequenceEqual(columns.Select(c => c.Name)))
                    throw new SourceReadException($"{displayName}: partition {w.Partition.Name} has other columns than {workers[0].Partition.Name}");
            long rows = workers.Sum(w => w.Rows);
            note?.Invoke($"{displayName}: {rows:N0} rows ({string.Join(", ", workers.Select(w => $"{w.Partition.Name} {w.Rows:N0}"))}), aggregates in {Took()}");

            // Top values: each partition's list, then the exact count of every listed value where a cut list lacks it.
            var lists = new List<(string Value, long Count)>[workers.Length][];
            Each((w, i) => lists[i] = columns.Select(w.Scanner.TopValues).ToArray());
            var counts = new Dictionary<string, long>[columns.Count];
            for (int c = 0; c < columns.Count; c++)
            {
                counts[c] = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var list in lists)
                    foreach (var (value, count) in list[c]) counts[c][value] = counts[c].GetValueOrDefault(value) + count;
            }
            var candidates = counts.Select(c => c.Keys.ToList()).ToArray();
            Each((w, i) =>
            {
                var own = lists[i];
                for (int c = 0; c < columns.Count; c++)
                {
                    // A list shorter than the cut names every value its partition has: what it lacks counts 0 there.
                    if (own[c].Count < PushdownScanner.TopValueCount) continue;
                    var listed = own[c].Select(v => v.Value).ToHashSet(StringComparer.Ordinal);
                    var missing = candidates[c].Where(v => !listed.Contains(v)).ToList();
                    foreach (var (value, count) in w.Scanner.CountsOf(columns[c], missing))
                        lock (counts[c]) counts[c][value] = counts[c].GetValueOrDefault(value) + count;
                }
            });
            note?.Invoke($"{displayName}: top values in {Took()}");

            // Distinct values: each partition sends its smallest value hashes; one that has few sends them all.
            var sketches = new (IReadOnlyList<ulong>, ulong)[workers.Length][];
            Each((w, i) => sketches[i] = columns.Select((column, c) =>
            {
                long distinct = w.Aggregates[c].Distinct;
                var threshold = distinct <= DistinctSketchSize ? ulong.MaxValue : PartitionMerge.Threshold(SketchMargin * DistinctSketchSize / distinct);
                var (hashes, upTo) = w.Scanner.ValueHashes(column, threshold, DistinctSketchSize);
                return ((IReadOnlyList<ulong>)hashes, upTo);
            }).ToArray());
            var merged = new List<ColumnAggregates>();
            for (int c = 0; c < columns.Count; c++)
            {
                var distinct = PartitionMerge.Distinct(sketches.Select(s => s[c]).ToList());
                var top = PartitionMerge.Top(lists.Select(l => (IReadOnlyList<(string, long)>)l[c]).ToList(), counts[c], PushdownScanner.TopValueCount);
                merged.Add(PartitionMerge.Column(workers.Select(w => w.Aggregates[c]).ToList(), distinct, top));
            }
            note?.Invoke($"{displayName}: distinct-value sketches in {Took()}; seeded sample of {Math.Min(sampleRows, rows):N0} rows and the duplicate-row sketch");

            var sample = SampleRows(workers, columns, rows, sampleRows, seed, displayName, clock);
            var rowHashes = RowHashes(workers, columns, rows, sampleRows, clock);
            note?.Invoke($"{displayName}: sample and duplicate-row sketch in {Took()}");

            // The content fingerprint is the sum of the row hashes, as one server computes it: partitions add up.
            var sum = workers.Aggregate(System.Numerics.BigInteger.Zero, (s, w) => s + System.Numerics.BigInteger.Parse(w.HashSum, CultureInfo.InvariantCulture));
            var snapshot = partitions.Count == 1
                ? "one snapshot: the foreign table read in one REPEATABLE READ transaction, which postgres_fdw holds on its server too"
                : $"no common snapshot: {partitions.Count} partitions, each read in its own REPEATABLE READ transaction (one snapshot per partition " +
                  "and foreign server); rows that changed between the partitions' reads may be counted in neither or in both";
            var pushdown = new PushdownReport(snapshot,
                workers.Sum(w => w.Scanner.RowsReceived), wire.BytesRead, workers.Sum(w => w.Scanner.Queries),
                workers.Select(w => new PushdownPartition(w.Partition.Name, w.Partition.Server, w.Rows, w.Started, w.Ended, w.Scanner.RowsReceived, w.Scanner.Queries)).ToList());
            statements?.AddRange(workers.SelectMany(w => w.Scanner.Statements.Select(s => (w.Partition.Name, s))));
            var method = $"bottom-k by postgres's hash of the row's values and the seed ({dialect.RowHashName}), merged over {partitions.Count} partitions";
            return new EngineScan(columns.Select(c => c.Name).ToList(), merged, rows, sample,
                rowHashes.Select(h => new RowHashCount(h.Hash, h.Count, [])).ToList(), PushdownScanner.ContentFingerprint(rows, sum.ToString(CultureInfo.InvariantCulture)),
                new Dictionary<string, long>(), method, [], pushdown);
        }
        finally
        {
            foreach (var w in workers) w?.Dispose();
        }
    }

    private static string Describe(Partition p) => p.Foreign ? $"{p.Name} on server {p.Server}" : $"{p.Name} (local)";

    // The sample: rows whose seeded hash is under a threshold a little above k/N of the range (six standard
    // deviations of the count), merged to the k smallest; in the rare case too few come back, a wider threshold.
    private static List<SampledRow> SampleRows(Worker[] workers, List<SqlColumn> columns, long rows, int sampleRows, long seed, string displayName, TimeProvider clock)
    {
        if (rows == 0) return [];
        long wanted = Math.Min(sampleRows, rows);
        for (double fraction = (wanted + 6 * Math.Sqrt(wanted) + 16) / rows; ; fraction *= 4)
        {
            var threshold = PartitionMerge.Threshold(fraction);
            var parts = new List<(ulong, string?[])>[workers.Length];
            Parallel.For(0, workers.Length, i =>
            {
                parts[i] = workers[i].Scanner.RowsUnder(columns, seed, threshold);
                workers[i].Ended = clock.GetUtcNow();
            });
            if (parts.Sum(p => p.Count) < wanted && threshold != ulong.MaxValue) continue;
            long position = 0;
            return PartitionMerge.Sample(parts.SelectMany(p => p), sampleRows)
                .Select(r => new SampledRow(displayName, ++position, r.Key, r.Values)).ToList();
        }
    }

    // The duplicate-row sketch: distinct row hashes under a threshold, as for the sample, with their counts summed
    // over partitions (equal rows may sit in different partitions).
    private static List<(ulong Hash, long Count)> RowHashes(Worker[] workers, List<SqlColumn> columns, long rows, int capacity, TimeProvider clock)
    {
        if (rows == 0) return [];
        long wanted = Math.Min(capacity, rows);
        for (double fraction = (wanted + 6 * Math.Sqrt(wanted) + 16) / rows; ; fraction *= 4)
        {
            var threshold = PartitionMerge.Threshold(fraction);
            var parts = new (IReadOnlyList<(ulong, long)>, ulong)[workers.Length];
            Parallel.For(0, workers.Length, i =>
            {
                parts[i] = (workers[i].Scanner.RowHashesUnder(columns, threshold), threshold);
                workers[i].Ended = clock.GetUtcNow();
            });
            var merged = PartitionMerge.RowHashes(parts, capacity);
            if (merged.Count < capacity && threshold != ulong.MaxValue) continue;
            return merged;
        }
    }
}

/// <summary>
/// Bytes Npgsql reads from servers while this counter lives, from Npgsql's own metrics
/// (db.client.operation.npgsql.bytes_read, a counter reported as reads happen). Other threads' reads count too: one
/// source is scanned at a time.
/// </summary>
internal sealed class NpgsqlWire : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public NpgsqlWire()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.operation.npgsql.bytes_read") l.EnableMeasurementEvents(instrument);
        };
        // A counter: each read is reported as it happens, from whichever thread (partitions read side by side).
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.SetMeasurementEventCallback<int>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    /// <summary>Bytes read since this counter started.</summary>
    public long BytesRead => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
