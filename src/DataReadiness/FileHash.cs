using System.Security.Cryptography;

namespace DataReadiness;

/// <summary>SHA-256 of files, opened read-only.</summary>
public static class FileHash
{
    public static string Sha256(string path)
    {
        using var stream = OpenReadOnly(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>How long opening a file may take: a named pipe with no writer would otherwise block the run, and its lock, for ever.</summary>
    public static TimeSpan OpenTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Opens a regular file for reading only, letting other readers share it; inputs are never written. A named pipe
    /// or a device is refused (it cannot be read twice, as the run does, nor sized), and an open that hangs (a pipe
    /// with no writer) fails after <see cref="OpenTimeout"/>, both as an <see cref="IOException"/> naming the path (exit 4).
    /// </summary>
    public static FileStream OpenReadOnly(string path)
    {
        var open = Task.Run(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan));
        bool answered;
        try
        {
            answered = open.Wait(OpenTimeout);
        }
        catch (AggregateException)
        {
            answered = true; // the open failed: its own exception, unwrapped, below
        }
        if (!answered)
            throw new IOException($"{path}: opening it waited {OpenTimeout.TotalSeconds:0} s with no answer (a named pipe with no writer?); this run did nothing more");
        var stream = open.GetAwaiter().GetResult();
        if (!stream.CanSeek)
        {
            stream.Dispose();
            throw new IOException($"{path}: not a regular file (a named pipe or a device); write the extract to a file and name that");
        }
        return stream;
    }
}
