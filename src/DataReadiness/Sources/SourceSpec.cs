namespace DataReadiness.Sources;

/// <summary>File formats a source can have.</summary>
public enum SourceFormat { Auto, Csv, Parquet }

/// <summary>
/// Where a source's data is and how to read it: a path or glob (several files count as one source), the format,
/// and for CSV the separator, encoding and whether the first line is a header.
/// </summary>
public sealed record SourceSpec(
    string Path,
    SourceFormat Format = SourceFormat.Auto,
    char? Separator = null,
    string? Encoding = null,
    bool HasHeader = true);

/// <summary>An input that cannot be read at all (missing, not a file, not the format it claims): exit code 4.</summary>
public sealed class SourceReadException(string message, Exception? inner = null) : Exception(message, inner);
