namespace DataReadiness.Configuration;

/// <summary>A configuration file with one or more problems; nothing was run (exit code 3).</summary>
public sealed class ConfigException(IReadOnlyList<ConfigDiagnostic> diagnostics)
    : Exception(string.Join(Environment.NewLine, diagnostics))
{
    public IReadOnlyList<ConfigDiagnostic> Diagnostics { get; } = diagnostics;
}
