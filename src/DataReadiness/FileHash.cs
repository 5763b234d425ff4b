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

    /// <summary>Opens a file for reading only, letting other readers share it; inputs are never written.</summary>
    public static FileStream OpenReadOnly(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
}
