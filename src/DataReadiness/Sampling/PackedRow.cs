namespace DataReadiness.Sampling;

/// <summary>
/// One sampled row packed into one byte array, field after field: the field's length plus one as a variable-length
/// integer (seven bits a byte; 0 for a null), then its UTF-8 bytes. Most fields need one length byte, where four-byte
/// lengths were a third of a 300-column sample.
/// </summary>
public static class PackedRow
{
    /// <summary>The bytes a field of this many UTF-8 bytes takes.</summary>
    public static int SizeOf(int length)
    {
        uint value = (uint)length + 1;
        int bytes = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            bytes++;
        }
        return bytes + length;
    }

    public static int Write(Span<byte> row, int at, ReadOnlySpan<byte> utf8)
    {
        uint value = (uint)utf8.Length + 1;
        while (value >= 0x80)
        {
            row[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        row[at++] = (byte)value;
        utf8.CopyTo(row[at..]);
        return at + utf8.Length;
    }

    public static int WriteNull(Span<byte> row, int at)
    {
        row[at] = 0;
        return at + 1;
    }

    /// <summary>Reads the field at <paramref name="at"/> and moves past it; false for a null.</summary>
    public static bool Read(byte[] row, scoped ref int at, out ReadOnlySpan<byte> utf8)
    {
        uint lengthPlusOne = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = row[at++];
            lengthPlusOne |= (uint)(b & 0x7F) << shift;
            if (b < 0x80) break;
        }
        if (lengthPlusOne == 0)
        {
            utf8 = default;
            return false;
        }
        int length = (int)(lengthPlusOne - 1);
        utf8 = row.AsSpan(at, length);
        at += length;
        return true;
    }
}
