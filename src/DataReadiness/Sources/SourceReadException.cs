namespace DataReadiness.Sources;

/// <summary>An input that cannot be read at all (missing, not a file, not the format it claims): exit code 4.</summary>
public sealed class SourceReadException(string message, Exception? inner = null) : Exception(message, inner);
