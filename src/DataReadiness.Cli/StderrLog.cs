using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataReadiness.Runs;

namespace DataReadiness.Cli;

/// <summary>How log lines look: plain timestamped text, or one JSON object per line for log shippers.</summary>
public enum LogFormat { Text, Json }

/// <summary>
/// Logs to stderr. A terminal gets a progress line redrawn in place with rows/s and ETA; a scheduler gets plain
/// timestamped lines (progress at most every 10 s); --log-format json writes one JSON object per line.
/// </summary>
public sealed class StderrLog(TextWriter error, LogFormat format = LogFormat.Text, bool interactive = false, TimeProvider? time = null) : IRunLog
{
    private static readonly JsonSerializerOptions JsonLines = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly TimeSpan PlainProgressInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LiveProgressInterval = TimeSpan.FromMilliseconds(250);
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private TimeSpan? _lastProgress;
    private (string File, long Rows, TimeSpan At)? _fileStart;
    private bool _progressLineOpen;

    public bool Interactive { get; } = interactive && format == LogFormat.Text;

    public void Info(string message) => Write("INFO", message);
    public void Warn(string message) => Write("WARN", message);
    public void Error(string message) => Write("ERROR", message);

    public void Progress(string file, long rows, long bytesRead, long bytesTotal)
    {
        var now = _sinceStart.Elapsed;
        if (_fileStart is null || _fileStart.Value.File != file || rows == 0) _fileStart = (file, 0, now);
        if (rows == 0 && bytesRead == 0) return; // the start of a file: only its time is needed
        bool done = bytesTotal > 0 && bytesRead >= bytesTotal;
        if (!done && _lastProgress is { } last && now - last < (Interactive ? LiveProgressInterval : PlainProgressInterval)) return;
        _lastProgress = now;
        double seconds = Math.Max(1e-3, (now - _fileStart.Value.At).TotalSeconds);
        double rowsPerSecond = rows / seconds;
        double fraction = bytesTotal > 0 && bytesRead > 0 ? Math.Min(1, (double)bytesRead / bytesTotal) : double.NaN;
        var eta = double.IsNaN(fraction) || fraction <= 0 ? (TimeSpan?)null : TimeSpan.FromSeconds(seconds * (1 - fraction) / fraction);
        var text = $"{file}: {rows:N0} rows, {rowsPerSecond:N0} rows/s" +
                   (double.IsNaN(fraction) ? "" : $", {fraction * 100:0}%") + (eta is { } e && !done ? $", ETA {e:mm\\:ss}" : "");
        if (format == LogFormat.Json)
        {
            WriteJson("INFO", text, new Dictionary<string, object?>
            {
                ["file"] = file, ["rows"] = rows, ["rows_per_second"] = Math.Round(rowsPerSecond),
                ["fraction"] = double.IsNaN(fraction) ? null : Math.Round(fraction, 4), ["eta_seconds"] = eta?.TotalSeconds is { } s ? Math.Round(s) : null
            });
        }
        else if (Interactive)
        {
            error.Write($"\r\u001b[2K{text}");
            _progressLineOpen = !done;
            if (done) error.WriteLine();
        }
        else Write("INFO", text);
    }

    /// <summary>
    /// A problem in the job or rule files, at its place: <c>file(line,col): message</c> as compilers print it, or one JSON
    /// object with the place as fields.
    /// </summary>
    public void Diagnostic(string file, int line, int column, string message)
    {
        if (format == LogFormat.Json)
        {
            WriteJson("ERROR", message, new Dictionary<string, object?> { ["file"] = file, ["line"] = line, ["column"] = column });
            return;
        }
        ClearProgress();
        error.WriteLine(Printable($"{file}({line},{column}): {message}"));
    }

    private void Write(string level, string message)
    {
        if (format == LogFormat.Json)
        {
            WriteJson(level, message, null);
            return;
        }
        ClearProgress();
        error.WriteLine($"{Now()} {level} {Printable(message)}");
    }

    private void ClearProgress()
    {
        if (!_progressLineOpen) return;
        error.Write("\r\u001b[2K");
        _progressLineOpen = false;
    }

    /// <summary>
    /// One log line stays one line: control characters from the data (a header holding a newline, a file of random
    /// bytes) are written as escapes, so no value can forge a line of its own or drive the terminal.
    /// </summary>
    public static string Printable(string message)
    {
        if (!message.Any(Unprintable)) return message;
        var text = new System.Text.StringBuilder(message.Length + 16);
        foreach (var c in message)
            text.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when Unprintable(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        return text.ToString();
    }

    /// <summary>Control characters, line and paragraph separators, and the bidirectional embeddings, overrides and isolates.</summary>
    private static bool Unprintable(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    private void WriteJson(string level, string message, Dictionary<string, object?>? fields)
    {
        var entry = new Dictionary<string, object?> { ["time"] = Now(), ["level"] = level.ToLowerInvariant(), ["message"] = message };
        if (fields is not null) foreach (var (k, v) in fields) entry[k] = v;
        error.WriteLine(JsonSerializer.Serialize(entry, JsonLines));
    }

    private string Now() => (time ?? TimeProvider.System).GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
