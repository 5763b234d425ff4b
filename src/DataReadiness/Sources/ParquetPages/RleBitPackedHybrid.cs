using System.Buffers.Binary;

namespace DataReadiness.Sources.ParquetPages;

/// <summary>
/// Decodes Parquet's RLE / bit-packing hybrid, the encoding of definition levels and dictionary indices: runs of one
/// repeated value, and groups of eight values packed least significant bit first.
/// </summary>
internal static class RleBitPackedHybrid
{
    /// <summary>
    /// Fills <paramref name="output"/> with values of <paramref name="bitWidth"/> bits read from
    /// <paramref name="encoded"/>; returns the bytes consumed.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> encoded, int bitWidth, Span<int> output)
    {
        if (bitWidth is < 0 or > 32) throw new InvalidDataException($"a page holds values {bitWidth} bits wide");
        int at = 0, written = 0;
        int valueBytes = (bitWidth + 7) / 8;
        while (written < output.Length)
        {
            if (at >= encoded.Length) throw new InvalidDataException($"a page's run-length data ends after {written} of {output.Length} values");
            ulong header = ReadVarint(encoded, ref at);
            if ((header & 1) == 0)
            {
                long runLength = (long)(header >> 1);
                if (at > encoded.Length - valueBytes) throw new InvalidDataException("a page's run-length data ends inside a run");
                int value = 0;
                for (int b = 0; b < valueBytes; b++) value |= encoded[at + b] << (8 * b);
                at += valueBytes;
                int count = (int)Math.Min(runLength, output.Length - written);
                output.Slice(written, count).Fill(value);
                written += count;
            }
            else
            {
                long groups = (long)(header >> 1);
                long packedBytes = groups * bitWidth;
                // The last run may be cut short after the final value (some writers trim its padding).
                int available = (int)Math.Min(packedBytes, encoded.Length - at);
                int count = (int)Math.Min(groups * 8, output.Length - written);
                if ((long)count * bitWidth > (long)available * 8) throw new InvalidDataException("a page's bit-packed run ends early");
                Unpack(encoded.Slice(at, available), bitWidth, output.Slice(written, count));
                at += available;
                written += count;
            }
        }
        return at;
    }

    /// <summary>The bits needed for values up to <paramref name="maxValue"/> (0 for 0).</summary>
    public static int BitWidthOf(int maxValue) => 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)maxValue);

    private static void Unpack(ReadOnlySpan<byte> packed, int bitWidth, Span<int> output)
    {
        if (bitWidth == 0)
        {
            output.Clear();
            return;
        }
        ulong mask = (1UL << bitWidth) - 1;
        int i = 0;
        // Eight bytes read at once hold any value of up to 32 bits at any bit offset (7 + 32 < 64).
        for (; i < output.Length; i++)
        {
            long bit = (long)i * bitWidth;
            int start = (int)(bit >> 3);
            if (start > packed.Length - 8) break;
            output[i] = (int)((BinaryPrimitives.ReadUInt64LittleEndian(packed[start..]) >> (int)(bit & 7)) & mask);
        }
        for (; i < output.Length; i++)
        {
            long bit = (long)i * bitWidth;
            ulong word = 0;
            int start = (int)(bit >> 3);
            for (int b = 0; b < 8 && start + b < packed.Length; b++) word |= (ulong)packed[start + b] << (8 * b);
            output[i] = (int)((word >> (int)(bit & 7)) & mask);
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (at >= bytes.Length) throw new InvalidDataException("a page's run-length data ends inside a run header");
            byte b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new InvalidDataException("a page's run-length data holds a malformed run header");
    }
}
