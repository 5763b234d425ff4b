namespace DataReadiness.Runs;

/// <summary>Another run of the same job holds its lock: nothing was run (exit code 4).</summary>
public sealed class JobLockedException(string message) : Exception(message);

/// <summary>
/// A per-job lock, reports/&lt;job&gt;/.lock, held for the whole run so two runs of one job never overlap (a
/// scheduler that fires again before the last run ended). The operating system releases it when the process ends,
/// even by a crash, so a stale lock never blocks the next night.
/// </summary>
public sealed class JobLock : IDisposable
{
    public const string FileName = ".lock";
    private readonly FileStream _stream;

    private JobLock(FileStream stream) => _stream = stream;

    public static JobLock Acquire(string jobDirectory, string job)
    {
        Directory.CreateDirectory(jobDirectory);
        var path = Path.Combine(jobDirectory, FileName);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true)) writer.Write($"pid {Environment.ProcessId}\n");
            return new JobLock(stream);
        }
        catch (IOException)
        {
            throw new JobLockedException($"another run of job '{job}' is in progress (it holds {path}); this run did nothing");
        }
    }

    public void Dispose() => _stream.Dispose();
}
