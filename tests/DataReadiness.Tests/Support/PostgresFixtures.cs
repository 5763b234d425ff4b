namespace DataReadiness.Tests.Support;

/// <summary>
/// The PostgreSQL servers as test fixtures: a test that needs one runs, or is skipped (reported as skipped, not
/// passed) where the server binaries are missing outside CI; under CI a missing server fails the test.
/// </summary>
public static class PostgresFixtures
{
    public static void RequireOrSkip(this PostgresServer server) => RequireOrSkip(server.Unavailable);

    public static void RequireOrSkip(this PostgresCluster cluster) => RequireOrSkip(cluster.Unavailable);

    private static void RequireOrSkip(string? unavailable)
    {
        if (unavailable is null) return;
        Assert.True(Environment.GetEnvironmentVariable("CI") is null, $"CI must provide PostgreSQL (.ci/run installs it): {unavailable}");
        Skip.If(true, unavailable);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresServerGroup : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}

[CollectionDefinition(Name)]
public sealed class PostgresClusterGroup : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres cluster";
}
