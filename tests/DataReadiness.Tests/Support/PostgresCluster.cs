// The bench compiles this file too (its cluster run); the tests reference the bench, so it has a namespace there of its own.
#if DATAREADINESS_BENCH
namespace DataReadiness.Bench.Cluster;
#else
namespace DataReadiness.Tests.Support;
#endif

/// <summary>
/// A sharded PostgreSQL cluster on loopback, as users build one from stock PostgreSQL: a coordinator whose
/// partitioned tables have postgres_fdw foreign tables as partitions, each on one of two shard servers. The shards
/// load pg_stat_statements, so a test can count the rows each one sent. Every server is a throwaway
/// <see cref="PostgresServer"/>.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    public PostgresCluster()
    {
        Coordinator = new PostgresServer();
        Shards = [new PostgresServer(ShardSettings), new PostgresServer(ShardSettings)];
        Unavailable = Coordinator.Unavailable ?? Shards[0].Unavailable ?? Shards[1].Unavailable;
        if (Unavailable is not null) return;
        for (int i = 0; i < Shards.Length; i++)
        {
            Shards[i].Execute("CREATE EXTENSION pg_stat_statements");
            // Every role of the coordinator reaches the shards as the shard's owner (a password login, as
            // postgres_fdw requires of roles that are not superusers); a shard sends up to 10,000 rows per round trip
            // (fetch_size; postgres_fdw's default is 100).
            Coordinator.Execute(
                (i == 0 ? "CREATE EXTENSION postgres_fdw; " : "") +
                $"CREATE SERVER shard{i + 1} FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '{Shards[i].Port}', dbname 'postgres', " +
                "async_capable 'true', fetch_size '10000'); " +
                $"CREATE USER MAPPING FOR PUBLIC SERVER shard{i + 1} OPTIONS (user '{PostgresServer.AdminUser}', password '{Shards[i].Password}');");
        }
    }

    private const string ShardSettings = "-c shared_preload_libraries=pg_stat_statements";

    public PostgresServer Coordinator { get; }
    public PostgresServer[] Shards { get; }
    public string? Unavailable { get; }

    /// <summary>
    /// Creates <paramref name="table"/> on the coordinator, hash-partitioned on <paramref name="key"/>, with one foreign
    /// partition per shard (<c>{table}_1</c>, <c>{table}_2</c>) over a table of the same columns there.
    /// </summary>
    public void CreateShardedTable(string table, string columns, string key)
    {
        foreach (var shard in Shards) shard.Execute($"CREATE TABLE {table} ({columns})");
        Coordinator.Execute($"CREATE TABLE {table} ({columns}) PARTITION BY HASH ({key});" + string.Concat(Shards.Select((_, i) =>
            $"CREATE FOREIGN TABLE {table}_{i + 1} PARTITION OF {table} FOR VALUES WITH (MODULUS {Shards.Length}, REMAINDER {i}) " +
            $"SERVER shard{i + 1} OPTIONS (table_name '{table}', batch_size '1000');")));
    }

    /// <summary>Forgets what each shard's pg_stat_statements has counted.</summary>
    public void ResetStatements()
    {
        foreach (var shard in Shards) shard.Execute("SELECT pg_stat_statements_reset()");
    }

    /// <summary>
    /// Rows the shards sent: postgres_fdw reads a remote query through a cursor, so the rows of its FETCH statements
    /// are the rows that left each shard.
    /// </summary>
    public long RowsSentByShards() =>
        Shards.Sum(s => (long)s.Scalar<decimal>("SELECT coalesce(sum(rows), 0) FROM pg_stat_statements WHERE query LIKE 'FETCH %'"));

    public void Dispose()
    {
        Coordinator.Dispose();
        foreach (var shard in Shards) shard.Dispose();
    }
}
