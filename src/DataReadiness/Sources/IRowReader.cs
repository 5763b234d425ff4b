namespace DataReadiness.Sources;

/// <summary>A forward-only reader of one file's rows, exposing each field as UTF-8 bytes.</summary>
public interface IRowReader : IDisposable
{
    /// <summary>Column names, made unique and non-blank (see <see cref="ReadDiagnostics.HeaderProblems"/>).</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>Advances to the next readable row; false at the end of the file.</summary>
    bool Read();

    /// <summary>The 1-based data row number of the current row in its file (header not counted, malformed rows counted).</summary>
    long RowNumber { get; }

    /// <summary>Whether field <paramref name="column"/> is a native null or missing from the row.</summary>
    bool IsNull(int column);

    /// <summary>The field as UTF-8 bytes, valid until the next <see cref="Read"/>.</summary>
    ReadOnlySpan<byte> GetUtf8(int column);

    /// <summary>What the reader found about the file's framing, filled as it reads.</summary>
    ReadDiagnostics Diagnostics { get; }
}
