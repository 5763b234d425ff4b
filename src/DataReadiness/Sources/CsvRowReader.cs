using System.Text;
using CsvHelper;
using DataReadiness.Findings;
using DataReadiness.Jobs;

namespace DataReadiness.Sources;

/// <summary>
/// Reads a CSV file with CsvHelper 34 on spans. Its permissive defaults are tightened and reported: a guessed
/// separator is recorded as detected, rows with the wrong field count are skipped and counted, malformed quoting is
/// recovered and counted, and every such row is reported with its data row and line number.
/// </summary>
public sealed class CsvRowReader : IRowReader
{
    /// <summary>Guards against a stray quote making one record of a whole large file.</summary>
    public const int MaxRecordBytes = 128 << 20;

    private readonly string _displayPath;
    private readonly HashingReadStream _stream;
    private readonly CsvReader _csv;
    private long _recordsSeen;
    private bool _dropCurrent;
    private PendingMalformed? _pending;
    private bool _firstRecordBuffered;

    private sealed class PendingMalformed(long recordNumber, long line, long row, string reason, bool skipped, string excerpt, int lineBreaks)
    {
        public int LineBreaks { get; } = lineBreaks;
        public long RecordNumber { get; } = recordNumber;
        public long Line { get; } = line;
        public long Row { get; } = row;
        public string Reason { get; set; } = reason;
        public bool Skipped { get; set; } = skipped;
        public string Excerpt { get; } = excerpt;
    }

    public CsvRowReader(string path, SourceSpec spec, string displayPath)
    {
        _displayPath = displayPath;
        var file = FileHash.OpenReadOnly(path);
        Diagnostics.ByteOrderMark = SniffByteOrderMark(file);
        var encoding = ResolveEncoding(spec.Encoding, displayPath);
        Diagnostics.Encoding = spec.Encoding ?? (Diagnostics.ByteOrderMark is { } bom ? bom : "utf-8");
        var sniffed = SniffText(file, encoding, displayPath);
        if (sniffed.ProblemShare > BinaryShare)
        {
            file.Dispose();
            throw new SourceReadException($"{displayPath}: does not look like text ({sniffed.ProblemShare:P0} of its first {sniffed.Characters:N0} characters are control " +
                                          "characters or invalid UTF-8); is it really a CSV? (for UTF-16 without a byte order mark, set encoding: utf-16)");
        }
        _stream = new HashingReadStream(file);
        var options = CsvReaderOptions.Default with
        {
            // One column of free text: every candidate separator comes and goes from line to line, and none may split it.
            Separator = spec.Separator ?? (sniffed.OneColumn ? OneColumnSeparator : null),
            HasHeader = spec.HasHeader,
            Encoding = encoding,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            MalformedData = CsvMalformedDataHandling.Recover,
            TrackLineNumbers = true,
            MaxRecordSize = MaxRecordBytes,
            OnMalformedRecord = OnMalformed,
        };
        _csv = CsvReader.Create(_stream, options, leaveOpen: false);
        try
        {
            Diagnostics.Separator = _csv.Separator == OneColumnSeparator ? "none (one column)" : _csv.Separator.ToString();
            Diagnostics.SeparatorDetected = spec.Separator is null;
            if (spec.HasHeader)
            {
                Columns = CleanHeader(_csv.Headers, Diagnostics.HeaderProblems);
                if (Columns.Count == 0)
                    throw new SourceReadException($"{displayPath}: the file is empty (no header row).");
            }
            else
            {
                _firstRecordBuffered = ReadRecord();
                int width = _firstRecordBuffered ? _csv.FieldCount : 0;
                Columns = Enumerable.Range(1, width).Select(i => $"column_{i}").ToList();
                if (width == 0) throw new SourceReadException($"{displayPath}: the file is empty (no rows).");
            }
        }
        catch (CsvFormatException e)
        {
            Dispose();
            throw Wrap(e);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IReadOnlyList<string> Columns { get; }
    public long RowNumber { get; private set; }
    public ReadDiagnostics Diagnostics { get; } = new();
    public long BytesRead => _stream.BytesRead;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool Read()
    {
        if (_firstRecordBuffered)
        {
            _firstRecordBuffered = false;
            return true;
        }
        return ReadRecord();
    }

    public bool IsNull(int column) => column >= _csv.FieldCount;

    public ReadOnlySpan<byte> GetUtf8(int column) => column < _csv.FieldCount ? _csv.GetSpan(column) : default;

    /// <summary>Finishes reading the bytes and returns the file's SHA-256.</summary>
    public string FinishAndHash()
    {
        FlushPending();
        return _stream.Finish();
    }

    public void Dispose() => _csv.Dispose();

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool ReadRecord()
    {
        while (true)
        {
            bool more;
            try
            {
                more = _csv.Read();
            }
            catch (CsvFormatException e)
            {
                throw Wrap(e);
            }
            FlushPending();
            if (!more) return false;
            RowNumber = ++_recordsSeen;
            if (!_dropCurrent) return true;
            _dropCurrent = false;
        }
    }

    private void OnMalformed(CsvMalformedRecord record)
    {
        string reason = record.Reason.ToString();
        if (_pending is not null && _pending.RecordNumber == record.RecordNumber && _pending.Line == record.LineNumber)
        {
            // CsvHelper reports a record once per problem (an unterminated quote is also a field-count mismatch).
            if (!_pending.Reason.Split('+').Contains(reason)) _pending.Reason += "+" + reason;
            _pending.Skipped |= record.Skipped;
            return;
        }
        FlushPending();
        var excerpt = record.RawRecord.Length > 200 ? record.RawRecord[..200] + "…" : record.RawRecord;
        int lineBreaks = record.RawRecord.TrimEnd('\r', '\n').Count(c => c == '\n');
        _pending = new PendingMalformed(record.RecordNumber, record.LineNumber, _recordsSeen + 1, reason, record.Skipped, excerpt, lineBreaks);
    }

    private void FlushPending()
    {
        if (_pending is null) return;
        string? detail = null;
        bool skipped = _pending.Skipped;
        if (_pending.Reason.Contains(nameof(CsvMalformedReason.UnterminatedQuote)))
        {
            // The field runs to the end of the file: its value is the rest of the file, not data. Leave it out.
            detail = $"the quote opened on line {_pending.Line} is never closed: the {_pending.LineBreaks} line(s) after it were read into this one field";
            if (!skipped) _dropCurrent = true;
            skipped = true;
        }
        if (_pending.Skipped) _recordsSeen++;
        Diagnostics.AddMalformed(new MalformedRow(_pending.Row, _pending.Line, _pending.Reason, skipped, _pending.Excerpt, detail));
        _pending = null;
    }

    private SourceReadException Wrap(CsvFormatException e) =>
        new($"{_displayPath}: line {e.LineNumber}, data row {_recordsSeen + 1}: {e.Message}", e);

    private static List<string> CleanHeader(IReadOnlyList<string> raw, List<string> problems)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>(raw.Count);
        for (int i = 0; i < raw.Count; i++)
        {
            var name = raw[i].Trim();
            if (name.Length == 0)
            {
                name = $"column_{i + 1}";
                problems.Add($"column {i + 1} has a blank header; named it '{name}'");
            }
            if (seen.TryGetValue(name, out int n))
            {
                var renamed = $"{name}_{n + 1}";
                problems.Add($"column {i + 1} repeats the header '{name}'; named it '{renamed}'");
                seen[name] = n + 1;
                name = renamed;
            }
            else seen[name] = 1;
            names.Add(name);
        }
        return names;
    }

    /// <summary>The separator in use: the job's, or the one detected (<see cref="OneColumnSeparator"/> for one column).</summary>
    public char Separator => _csv.Separator;

    /// <summary>Past this share of control characters and invalid UTF-8 in its first 64 KB, a file is not a CSV (random bytes show 60% and more).</summary>
    public const double BinaryShare = 0.3;

    /// <summary>The separator of a one-column file: the ASCII unit separator, which no text holds.</summary>
    public const char OneColumnSeparator = '\u001F';

    private static readonly char[] CandidateSeparators = [',', ';', '\t', '|'];

    /// <summary>
    /// A look at the file's first 64 KB before CsvHelper reads it: the share of characters that are control characters
    /// (tab and line ends aside) or invalid UTF-8, and whether it is one column: its first line holds none of the
    /// candidate separators (a column of notes with a stray semicolon, which detection from the body would split on).
    /// The stream is left at its start.
    /// </summary>
    public static (double ProblemShare, int Characters, bool OneColumn) SniffText(FileStream file, Encoding? encoding, string displayPath)
    {
        var bytes = new byte[64 * 1024];
        int read = 0, n;
        while (read < bytes.Length && (n = file.Read(bytes, read, bytes.Length - read)) > 0) read += n;
        file.Seek(0, SeekOrigin.Begin);
        string text;
        using (var reader = new StreamReader(new MemoryStream(bytes, 0, read), encoding ?? new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true))
            text = reader.ReadToEnd();
        if (text.Length == 0) return (0, 0, false);
        int problems = text.Count(c => c == '\uFFFD' || char.IsControl(c) && c is not ('\t' or '\r' or '\n'));
        // The first line (the header, or the first record) holds no candidate separator outside quotes: one field. A
        // separator the body shows (a note's semicolon) does not split what the header says is one column.
        var first = text.Split('\n', 2)[0].TrimEnd('\r');
        bool oneColumn = first.Length > 0 && CandidateSeparators.All(separator => FieldCount(first, separator) == 1);
        return ((double)problems / text.Length, text.Length, oneColumn);
    }

    private static int FieldCount(string line, char separator)
    {
        int fields = 1;
        bool quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == separator && !quoted) fields++;
        }
        return fields;
    }

    private static string? SniffByteOrderMark(FileStream file)
    {
        Span<byte> head = stackalloc byte[4];
        int n = file.Read(head);
        file.Seek(0, SeekOrigin.Begin);
        head = head[..n];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return "utf-8 (BOM)";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00])) return "utf-32le (BOM)";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return "utf-16le (BOM)";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return "utf-16be (BOM)";
        return null;
    }

    /// <summary>Maps a job file's encoding name to an encoding; null means UTF-8 with byte order marks honoured.</summary>
    public static Encoding? ResolveEncoding(string? name, string displayPath) =>
        TextEncodings.TryResolve(name, out var encoding) ? encoding
            : throw new SourceReadException($"{displayPath}: unknown encoding '{name}' (try utf-8, utf-16, latin1 or windows-1252).");
}
