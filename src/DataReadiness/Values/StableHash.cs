using System.Buffers.Binary;
using System.IO.Hashing;

namespace DataReadiness.Values;

/// <summary>Run-to-run stable 64-bit hashes (string.GetHashCode is randomised per process).</summary>
public static class StableHash
{
    /// <summary>Hashes UTF-8 bytes with XXH3.</summary>
    public static ulong Of(ReadOnlySpan<byte> utf8, long seed = 0) => XxHash3.HashToUInt64(utf8, seed);

    /// <summary>Hashes a string by its UTF-8 bytes, so a value hashes the same whether it came from a span or a string.</summary>
    public static ulong Of(string text, long seed = 0)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return XxHash3.HashToUInt64(bytes, seed);
    }

    /// <summary>Hashes a (stream, row) pair; the seeded sampler orders rows by this key.</summary>
    public static ulong OfRow(long seed, ulong streamKey, long rowNumber)
    {
        Span<byte> buffer = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, streamKey);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[8..], rowNumber);
        return XxHash3.HashToUInt64(buffer, seed);
    }
}
