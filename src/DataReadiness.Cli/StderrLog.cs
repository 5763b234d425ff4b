using System.Globalization;
using DataReadiness.Runs;

namespace DataReadiness.Cli;

/// <summary>Plain timestamped lines on stderr, which schedulers keep; progress at most every few seconds.</summary>
public sealed class StderrLog(TextWriter error) : IRunLog
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);
    private DateTime _lastProgress = DateTime.MinValue;

    public void Info(string message) => Write("INFO", message);
    public void Warn(string message) => Write("WARN", message);
    public void Error(string message) => Write("ERROR", message);

    public void Progress(string file, long rows, long bytesRead, long bytesTotal)
    {
        var now = DateTime.UtcNow;
        if (now - _lastProgress < ProgressInterval) return;
        _lastProgress = now;
        var percent = bytesTotal > 0 && bytesRead > 0 ? $" ({100.0 * bytesRead / bytesTotal:0}%)" : "";
        Write("INFO", $"{file}: {rows:N0} rows{percent}");
    }

    private void Write(string level, string message) =>
        error.WriteLine($"{DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} {level} {message}");
}
