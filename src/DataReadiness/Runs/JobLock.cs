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
        // Only a sharing violation means another run holds the lock; a read-only or full volume is said as what it is.
        catch (IOException e) when ((e.HResult & 0xFFFF) is SharingViolation or WouldBlockLinux or WouldBlockMac)
        {
            throw new JobLockedException($"another run of job '{job}' is in progress (it holds {path}); this run did nothing");
        }
        catch (IOException e)
        {
            throw new IOException($"cannot write the job's reports folder {jobDirectory}: {e.Message}; this run did nothing", e);
        }
    }

    // A file another process holds exclusively: ERROR_SHARING_VIOLATION on Windows; on Unix the errno of the refused
    // flock, EWOULDBLOCK (11 on Linux, 35 on macOS), as .NET reports it (measured on Linux: HResult 11).
    private const int SharingViolation = 32;
    private const int WouldBlockLinux = 11;
    private const int WouldBlockMac = 35;

    /// <summary>
    /// Removes the hidden <c>.*.partial-*</c> folders a killed run left (SIGKILL, a node gone while the report was
    /// written). Called with the lock held, so no run of this job is writing one now. Returns what was removed.
    /// </summary>
    public static (int Folders, long Bytes) RemoveStalePartials(string jobDirectory)
    {
        int folders = 0;
        long bytes = 0;
        foreach (var partial in Directory.EnumerateDirectories(jobDirectory, ".*.partial-*"))
        {
            bytes += new DirectoryInfo(partial).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            Directory.Delete(partial, recursive: true);
            folders++;
        }
        return (folders, bytes);
    }

    public void Dispose() => _stream.Dispose();
}
