using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

// The bench compiles this file too (its cluster run); the tests reference the bench, so it has a namespace there of its own.
#if DATAREADINESS_BENCH
namespace DataReadiness.Bench.Cluster;
#else
namespace DataReadiness.Tests.Support;
#endif

/// <summary>
/// A throwaway PostgreSQL server on loopback for the tests: its own data folder, a free port, password
/// authentication, stopped and deleted afterwards. It uses Debian's server binaries (.ci/run installs
/// postgresql); where they are absent outside CI the tests that need it are skipped (PostgresFixtures). The bench
/// links this file to start the servers of its cluster run.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public const string AdminUser = "dr_admin";
    private const int NobodyId = 65534;
    private readonly string? _binaries;
    private readonly string _dataDirectory;
    private readonly string _password = Guid.NewGuid().ToString("N");

    public PostgresServer() : this("")
    {
    }

    /// <param name="settings">More server settings, as <c>-c name=value</c> options (a shard loads pg_stat_statements).</param>
    // Not public: xunit builds a collection fixture through its one public constructor.
    internal PostgresServer(string settings)
    {
        _dataDirectory = Path.Combine(Path.GetTempPath(), "datareadiness-pg-" + Guid.NewGuid().ToString("N"));
        _binaries = FindBinaries();
        if (_binaries is null)
        {
            Unavailable = "PostgreSQL server binaries not found (apt-get install postgresql, or set DATAREADINESS_PG_BIN)";
            return;
        }
        Directory.CreateDirectory(_dataDirectory);
        var passwordFile = Path.Combine(_dataDirectory, "pw");
        File.WriteAllText(passwordFile, _password + "\n");
        var cluster = Path.Combine(_dataDirectory, "cluster");
        Directory.CreateDirectory(cluster);
        if (Environment.UserName == "root")
        {
            // initdb refuses to run as root: the server runs as nobody, in folders nobody owns.
            Chown(_dataDirectory);
            Chown(passwordFile);
            Chown(cluster);
        }
        Port = FreePort();
        Tool("initdb", "-D", cluster, "-U", AdminUser, "--pwfile", passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8");
        Tool("pg_ctl", "-D", cluster, "-l", Path.Combine(_dataDirectory, "server.log"), "-w", "-t", "60", "-o",
            $"-p {Port} -k {_dataDirectory} -c listen_addresses=127.0.0.1 -c fsync=off {settings}".TrimEnd(), "start");
    }

    /// <summary>Why the server is not running, or null when it is.</summary>
    public string? Unavailable { get; }
    public int Port { get; }
    public string Password => _password;

    public string ConnectionString(string database = "postgres", string user = AdminUser, string? password = null) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Username = user, Password = password ?? _password, Database = database, Pooling = false, CommandTimeout = 0,
        }.ConnectionString;

    public void Execute(string sql, string database = "postgres")
    {
        using var connection = new NpgsqlConnection(ConnectionString(database));
        connection.Open();
        // Loads and VACUUMs of millions of rows (the bench) outlast Npgsql's 30 s default.
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
    }

    public T Scalar<T>(string sql, string database = "postgres")
    {
        using var connection = new NpgsqlConnection(ConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return (T)command.ExecuteScalar()!;
    }

    /// <summary>The first column of each row of a query, as text.</summary>
    public List<string> Lines(string sql, string database = "postgres")
    {
        using var connection = new NpgsqlConnection(ConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read()) lines.Add(reader.IsDBNull(0) ? "" : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return lines;
    }

    /// <summary>Loads a CSV file into a new table of text columns with COPY, as an ERP staging table often is.</summary>
    public void LoadCsvAsText(string table, string csvPath, string database = "postgres")
    {
        var header = File.ReadLines(csvPath).First().TrimStart('\uFEFF').Split(',');
        Execute($"CREATE TABLE {table} ({string.Join(", ", header.Select(h => $"\"{h}\" text"))})", database);
        using var connection = new NpgsqlConnection(ConnectionString(database));
        connection.Open();
        using var writer = connection.BeginTextImport($"COPY {table} FROM STDIN (FORMAT csv, HEADER true)");
        using var reader = new StreamReader(csvPath);
        var buffer = new char[1 << 20];
        for (int read; (read = reader.Read(buffer, 0, buffer.Length)) > 0;) writer.Write(buffer, 0, read);
    }

    public void Dispose()
    {
        if (_binaries is not null && Unavailable is null)
        {
            try { Tool("pg_ctl", "-D", Path.Combine(_dataDirectory, "cluster"), "-m", "immediate", "-w", "stop"); }
            catch (InvalidOperationException) { }
        }
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("DATAREADINESS_PG_BIN") is { Length: > 0 } configured) return configured;
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private void Tool(string name, params string[] args)
    {
        var asRoot = Environment.UserName == "root";
        var info = new ProcessStartInfo(asRoot ? "setpriv" : Path.Combine(_binaries!, name))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dataDirectory,
        };
        if (asRoot)
        {
            foreach (var a in new[] { $"--reuid={NobodyId}", $"--regid={NobodyId}", "--clear-groups", "--", Path.Combine(_binaries!, name) })
                info.ArgumentList.Add(a);
        }
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(_dataDirectory, "server.log");
            var serverLog = File.Exists(log) ? File.ReadAllText(log) : "";
            throw new InvalidOperationException($"{name} failed ({process.ExitCode}): {stdout.Result}{stderr}{serverLog}");
        }
    }

    private static void Chown(string path)
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        using var process = Process.Start("chown", [$"{NobodyId}:{NobodyId}", path])!;
        process.WaitForExit();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
