using System.Data;
using System.Globalization;
using System.Text.RegularExpressions;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DuckDB.NET.Data;
using Npgsql;

namespace DataReadiness.Sources.Sql;

/// <summary>
/// Sources whose heavy scan an engine does: a PostgreSQL or DuckDB table or query, and Parquet collections read
/// by embedded DuckDB. Sessions are read-only; secrets in connection strings come from the environment.
/// </summary>
public static partial class DatabaseSources
{
    /// <summary>
    /// Who scans the spec's files, and why: DuckDB when the job asks for it; else the streaming pass, which was the
    /// faster of the two on every file measured (bench/: 6.5x on a 2M-row Parquet extract, 5-10x before), and names
    /// every bad row of a CSV by its line.
    /// </summary>
    public static (bool DuckDb, string Reason) EngineFor(SourceSpec spec, IReadOnlyList<string> files)
    {
        if (spec.Engine == ScanEngine.Stream) return (false, "the job file asks for engine: stream");
        if (spec.Engine == ScanEngine.Auto) return (false, AutoReason);
        var formats = files.Select(f => SourceFiles.FormatOf(f, spec.Format)).Distinct().ToList();
        if (formats is not ([SourceFormat.Parquet] or [SourceFormat.Csv])) throw new SourceReadException(
            $"{spec.Path}: engine duckdb reads Parquet or CSV files (one format per source); spreadsheets are read by the streaming pass");
        return (true, "the job file asks for engine: duckdb");
    }

    public const string AutoReason = "engine auto: the streaming pass (the faster path for files, as measured)";

    /// <summary>Parquet or CSV files scanned by embedded DuckDB, with the aggregates and the sample pushed down.</summary>
    public static EngineSource ScanFiles(SourceSpec spec, IReadOnlyList<string> files, Func<string, string> display,
        int sampleRows, long seed, Action<string>? note)
    {
        using var connection = OpenDuckDb(":memory:", readOnly: false);
        var list = string.Join(", ", files.Select(SqlDialect.Literal));
        bool csv = SourceFiles.FormatOf(files[0], spec.Format) == SourceFormat.Csv;
        // DuckDB's sniffer, thrown by one unclosed quote, reads the whole file as one column: the separator is the
        // streaming reader's (CsvHelper's detection, or none for a one-column file), given to DuckDB explicitly.
        if (csv && spec.Separator is null)
        {
            var separator = DetectSeparator(files[0], spec, display(files[0]));
            spec = spec with { Separator = separator };
            note?.Invoke($"{spec.Path}: separator '{(separator == CsvRowReader.OneColumnSeparator ? "none (one column)" : separator.ToString())}' detected for DuckDB from {display(files[0])}");
        }
        using var scratch = csv ? Run(() => CsvScratch.Load(connection, CsvRelation(spec, list)), spec.Path) : null;
        var relation = scratch is not null ? CsvScratch.Table : $"read_parquet([{list}], filename = true, file_row_number = true, union_by_name = true)";
        var byFullPath = files.ToDictionary(f => f, display, StringComparer.Ordinal);
        string Display(string file) => byFullPath.TryGetValue(file, out var shown) ? shown : display(file);
        var scanner = new PushdownScanner(connection, null, new DuckDbDialect(), relation,
            new PushdownScanner.FileRowIdentity("filename", csv ? null : "file_row_number", Display), note);
        var result = Run(() => scanner.Scan(spec.Path, sampleRows, seed), spec.Path);
        var diagnostics = files.ToDictionary(f => f, _ => new ReadDiagnostics(), StringComparer.Ordinal);
        if (csv) Run(() => CountRejects(connection, diagnostics), spec.Path);
        var engineFiles = files.Select(f => new EngineFile(display(f), f, csv ? "csv (duckdb)" : "parquet (duckdb)", FileHash.Sha256(f), new FileInfo(f).Length,
            result.RowsByFile.GetValueOrDefault(f), result.DiagnosticsWithSkippedColumns(diagnostics[f]))).ToList();
        return new EngineSource(spec.Path, "duckdb", engineFiles, result);
    }

    /// <summary>
    /// CSV parsed once into a table of a scratch DuckDB database on disk, which the twenty-odd aggregate, top-value and
    /// sample queries then read in DuckDB's columnar form: read straight from the CSV, each query parsed the whole
    /// file again (85 s for 8M rows) and held a CSV reader's buffers beside its hash tables. Deleted when disposed.
    /// </summary>
    private sealed class CsvScratch : IDisposable
    {
        private readonly DuckDBConnection _connection;
        private readonly string _path;

        private CsvScratch(DuckDBConnection connection, string path) => (_connection, _path) = (connection, path);

        public const string Table = "dr_scratch.csv_rows";

        public static CsvScratch Load(DuckDBConnection connection, string csvRelation)
        {
            var directory = Path.Combine(Path.GetTempPath(), "datareadiness-duckdb");
            Directory.CreateDirectory(directory);
            var scratch = new CsvScratch(connection, Path.Combine(directory, $"csv-{Environment.ProcessId}-{Guid.NewGuid():N}.duckdb"));
            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"ATTACH {SqlDialect.Literal(scratch._path)} AS dr_scratch; " +
                    $"CREATE TABLE {Table} AS SELECT * FROM {csvRelation};";
                command.ExecuteNonQuery();
                return scratch;
            }
            catch
            {
                scratch.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            try
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "DETACH DATABASE IF EXISTS dr_scratch";
                command.ExecuteNonQuery();
            }
            catch (DuckDBException)
            {
                // The files are removed below whatever state the connection is in.
            }
            File.Delete(_path);
            File.Delete(_path + ".wal");
        }
    }

    /// <summary>The separator the streaming reader detects in a CSV file (its header read, nothing more).</summary>
    private static char DetectSeparator(string file, SourceSpec spec, string displayPath)
    {
        using var reader = new CsvRowReader(file, spec, displayPath);
        return reader.Separator;
    }

    // DuckDB's sniffer guesses quoting too: an unclosed quote then reads as text. Quote and escape are fixed, rows
    // that do not parse are rejected into reject_errors and reported, never dropped silently.
    private static string CsvRelation(SourceSpec spec, string list)
    {
        var options = new List<string>
        {
            // No union_by_name: DuckDB keeps rejects only without it, so the files of a CSV glob must share their columns.
            "all_varchar = true", $"header = {(spec.HasHeader ? "true" : "false")}", "filename = true",
            "store_rejects = true", "quote = '\"'", "escape = '\"'",
        };
        if (spec.Separator is { } separator) options.Add($"delim = {SqlDialect.Literal(separator.ToString())}");
        if (spec.Encoding is { } encoding)
        {
            var name = encoding.ToLowerInvariant().Replace("_", "-", StringComparison.Ordinal) switch
            {
                "utf-8" or "utf8" => "utf-8",
                "utf-16" or "utf16" => "utf-16",
                "latin1" or "latin-1" or "iso-8859-1" or "windows-1252" or "cp1252" => "latin-1",
                _ => throw new SourceReadException($"{spec.Path}: engine duckdb reads utf-8, utf-16 and latin-1; for {encoding} use engine: stream"),
            };
            options.Add($"encoding = '{name}'");
        }
        return $"read_csv([{list}], {string.Join(", ", options)})";
    }

    /// <summary>Adds the rows DuckDB rejected to each file's diagnostics; returns how many there were.</summary>
    private static int CountRejects(DuckDBConnection connection, Dictionary<string, ReadDiagnostics> diagnostics)
    {
        using var command = connection.CreateCommand();
        // Every query rescans the files and records the same rejects again: the last scan's are the rejects.
        command.CommandText = "SELECT s.file_path, e.line, e.error_type, e.csv_line, e.error_message FROM reject_errors e " +
            "JOIN reject_scans s ON s.scan_id = e.scan_id AND s.file_id = e.file_id " +
            "WHERE e.scan_id = (SELECT max(scan_id) FROM reject_errors) ORDER BY s.file_path, e.line";
        using var reader = command.ExecuteReader();
        int count = 0;
        while (reader.Read())
        {
            count++;
            var file = reader.GetString(0);
            if (!diagnostics.TryGetValue(file, out var into)) continue;
            long line = reader.IsDBNull(1) ? 0 : Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            var excerpt = reader.IsDBNull(3) ? "" : reader.GetString(3);
            into.AddMalformed(new MalformedRow(0, line, reader.GetString(2).ToLowerInvariant(), Skipped: true,
                excerpt.Length <= 80 ? excerpt : excerpt[..80] + "...", reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        return count;
    }

    /// <summary>
    /// A PostgreSQL or DuckDB table or query, pushed down; a PostgreSQL table with foreign partitions partition by
    /// partition (<see cref="PostgresPartitions"/>), whose queries' times are read from <paramref name="clock"/>
    /// (the system clock if null).
    /// </summary>
    public static EngineSource ScanDatabase(SourceSpec spec, string baseDirectory, int sampleRows, long seed, Action<string>? note, TimeProvider? clock = null)
    {
        var database = spec.Database!;
        var relation = database.Query is { } query ? $"({query.TrimEnd().TrimEnd(';')})" : QuoteTable(database.Table!);
        string what = database.Query is null ? database.Table! : "query";
        if (database.Kind == DatabaseKind.DuckDb)
        {
            var file = Path.GetFullPath(ExpandEnvironment(database.Connection), baseDirectory);
            if (!File.Exists(file)) throw new SourceReadException($"{spec.Path}: no such DuckDB database file {file}");
            using var connection = OpenDuckDb(file, readOnly: true);
            var display = $"duckdb:{Path.GetFileName(file)}/{what}";
            var result = Run(() => new PushdownScanner(connection, null, new DuckDbDialect(), relation, null, note).Scan(display, sampleRows, seed), display);
            return FromResult(display, "duckdb", new FileInfo(file).Length, result);
        }
        var builder = new NpgsqlConnectionStringBuilder(ExpandEnvironment(database.Connection))
        {
            ApplicationName = "datareadiness",
            // Belt and braces: the server refuses writes for the whole session, and every query runs in a read-only transaction.
            Options = "-c default_transaction_read_only=on",
        };
        var shown = $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}/{what}";
        try
        {
            using var wire = new NpgsqlWire();
            using var pg = new NpgsqlConnection(builder.ConnectionString);
            pg.Open();
            // One snapshot for every query, so the aggregates, top values and sample describe the same rows.
            using var transaction = pg.BeginTransaction(IsolationLevel.RepeatableRead);
            using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", pg, transaction)) readOnly.ExecuteNonQuery();
            // A table with foreign partitions (shards) is profiled partition by partition, where each one lives.
            if (database.Table is not null && PostgresPartitions.Find(pg, transaction, relation) is { } partitions)
            {
                transaction.Rollback();
                var sharded = PostgresPartitions.Scan(builder.ConnectionString, partitions, shown, sampleRows, seed, note, clock ?? TimeProvider.System);
                return FromResult(shown, "postgres", 0, sharded);
            }
            var scanner = new PushdownScanner(pg, transaction, new PostgresDialect(), relation, null, note);
            var result = scanner.Scan(shown, sampleRows, seed);
            transaction.Rollback();
            return FromResult(shown, "postgres", 0, result with
            {
                Pushdown = new PushdownReport("one snapshot: every query ran in one REPEATABLE READ transaction",
                    scanner.RowsReceived, wire.BytesRead, scanner.Queries, []),
            });
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new SourceReadException($"{shown}: {e.Message}", e);
        }
    }

    private static EngineSource FromResult(string display, string engine, long bytes, EngineScan result) =>
        new(display, engine, [new EngineFile(display, display, engine, result.ContentFingerprint, bytes, result.Rows, result.DiagnosticsWithSkippedColumns(new ReadDiagnostics()))], result);

    private static T Run<T>(Func<T> scan, string display)
    {
        try { return scan(); }
        catch (DuckDBException e) { throw new SourceReadException($"{display}: {e.Message}", e); }
    }

    private static DuckDBConnection OpenDuckDb(string file, bool readOnly)
    {
        var connection = new DuckDBConnection($"DataSource={file}" + (readOnly ? ";ACCESS_MODE=READ_ONLY" : ""));
        try { connection.Open(); }
        catch (DuckDBException e) { throw new SourceReadException($"{file}: {e.Message}", e); }
        using var settings = connection.CreateCommand();
        // Bounded memory: DuckDB spills its sorts and hash tables to disk beyond the limit. 192 MB since CSV is read
        // once into a scratch table (CsvScratch): queries reading the CSV itself ran out of memory below 256 MB.
        settings.CommandText = $"SET threads = {Environment.ProcessorCount}; SET memory_limit = '192MB'; " +
            $"SET temp_directory = {SqlDialect.Literal(Path.Combine(Path.GetTempPath(), "datareadiness-duckdb"))}; " +
            "SET preserve_insertion_order = false; SET enable_progress_bar = false;";
        settings.ExecuteNonQuery();
        return connection;
    }

    private static string QuoteTable(string table) =>
        string.Join(".", table.Split('.').Select(part => "\"" + part.Trim('"').Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    /// <summary>Replaces ${NAME} with the environment variable, so passwords stay out of job files; a missing one is an error.</summary>
    public static string ExpandEnvironment(string text) =>
        EnvironmentReference().Replace(text, m => Environment.GetEnvironmentVariable(m.Groups[1].Value)
            ?? throw new SourceReadException($"the connection names ${{{m.Groups[1].Value}}} but that environment variable is not set"));

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex EnvironmentReference();
}
