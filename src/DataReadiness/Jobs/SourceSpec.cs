namespace DataReadiness.Jobs;

/// <summary>File formats a source can have.</summary>
public enum SourceFormat { Auto, Csv, Parquet, Xlsx }

/// <summary>
/// Who does the heavy scan of a file source: our own streaming pass (line-exact framing diagnostics, every value
/// classified) or embedded DuckDB (columnar, multi-threaded; aggregates and the sample pushed down). Auto streams:
/// the pass was the faster of the two on every file measured.
/// </summary>
public enum ScanEngine { Auto, Stream, DuckDb }

/// <summary>Database engines a source can live in.</summary>
public enum DatabaseKind { Postgres, DuckDb }

/// <summary>
/// A table or query in a database, read through ADO.NET in a read-only session. <c>Connection</c> is an Npgsql
/// connection string for PostgreSQL (with <c>${VAR}</c> taken from the environment) or a .duckdb file for DuckDB.
/// </summary>
public sealed record DatabaseSpec(DatabaseKind Kind, string Connection, string? Table, string? Query);

/// <summary>
/// Where a source's data is and how to read it: a path or glob (several files count as one source), the format,
/// and for CSV the separator, encoding and whether the first line is a header; or a database table or query.
/// </summary>
public sealed record SourceSpec(
    string Path,
    SourceFormat Format = SourceFormat.Auto,
    char? Separator = null,
    string? Encoding = null,
    bool HasHeader = true,
    ScanEngine Engine = ScanEngine.Auto,
    string? Sheet = null,
    DatabaseSpec? Database = null);
