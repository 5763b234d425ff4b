namespace DataReadiness.Runs;

/// <summary>Where the engine reports what it is doing; the command line decides how it looks.</summary>
public interface IRunLog
{
    void Info(string message);
    void Warn(string message);
    void Progress(string file, long rows, long bytesRead, long bytesTotal);
}

/// <summary>A log that drops everything, for tests.</summary>
public sealed class SilentLog : IRunLog
{
    public void Info(string message) { }
    public void Warn(string message) { }
    public void Progress(string file, long rows, long bytesRead, long bytesTotal) { }
}

/// <summary>
/// What a run needs from its surroundings: the time (TimeProvider.System in the command line, a fake one in tests, so
/// runs are reproducible), the log, where reports go and how it was invoked.
/// </summary>
public sealed record RunContext(TimeProvider Time, IRunLog Log, string ReportsRoot, IReadOnlyList<string> CommandLine)
{
    public static string ToolVersion =>
        typeof(RunContext).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The versions of the libraries that read and profile the data, for the evidence pack.</summary>
    public static IReadOnlyDictionary<string, string> LibraryVersions { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["CsvHelper"] = VersionOf(typeof(CsvHelper.CsvReader)),
        ["Parquet.Net"] = VersionOf(typeof(Parquet.ParquetReader)),
        ["Microsoft.Data.Analysis"] = VersionOf(typeof(Microsoft.Data.Analysis.DataFrame)),
        ["YamlDotNet"] = VersionOf(typeof(YamlDotNet.RepresentationModel.YamlStream)),
        ["System.IO.Hashing"] = VersionOf(typeof(System.IO.Hashing.XxHash3)),
    };

    private static string VersionOf(Type type)
    {
        var informational = type.Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
        return informational?.Split('+')[0] ?? type.Assembly.GetName().Version?.ToString() ?? "unknown";
    }
}
