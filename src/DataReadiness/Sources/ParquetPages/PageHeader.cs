using System.Buffers.Binary;

namespace DataReadiness.Sources.ParquetPages;

/// <summary>The Parquet page types (parquet.thrift PageType).</summary>
internal enum PageKind
{
    Data = 0,
    Index = 1,
    Dictionary = 2,
    DataV2 = 3,
}

/// <summary>The Parquet encodings this decoder meets (parquet.thrift Encoding).</summary>
internal enum PageEncoding
{
    Plain = 0,
    PlainDictionary = 2,
    Rle = 3,
    BitPacked = 4,
    RleDictionary = 8,
}

/// <summary>
/// What a page header says, flattened over its three kinds: the fields a data page, a version 2 data page and a
/// dictionary page carry, each left at its default where the page kind has none.
/// </summary>
internal readonly record struct PageHeader(
    PageKind Kind,
    int UncompressedSize,
    int CompressedSize,
    int Values,
    int Encoding,
    int DefinitionLevelEncoding,
    int DefinitionLevelsBytes,
    int RepetitionLevelsBytes,
    bool IsCompressed)
{
    /// <summary>Parses the header at the start of <paramref name="bytes"/>; <paramref name="length"/> is its size in bytes.</summary>
    public static PageHeader Parse(ReadOnlySpan<byte> bytes, out int length)
    {
        var reader = new CompactThriftReader(bytes);
        PageKind kind = PageKind.Data;
        int uncompressed = 0, compressed = 0, values = 0, encoding = 0, levelEncoding = (int)PageEncoding.Rle;
        int definitionBytes = 0, repetitionBytes = 0;
        bool isCompressed = true;
        short field = 0;
        while (reader.NextField(ref field, out var type))
        {
            switch (field)
            {
                case 1: kind = (PageKind)reader.ReadInt(type); break;
                case 2: uncompressed = reader.ReadInt(type); break;
                case 3: compressed = reader.ReadInt(type); break;
                case 5 or 7: ReadDataOrDictionaryHeader(ref reader, ref values, ref encoding, ref levelEncoding); break;
                case 8: ReadDataV2Header(ref reader, ref values, ref encoding, ref definitionBytes, ref repetitionBytes, ref isCompressed); break;
                default: reader.Skip(type); break;
            }
        }
        length = reader.Position;
        if (compressed < 0 || uncompressed < 0 || values < 0 || definitionBytes < 0 || repetitionBytes < 0)
            throw new InvalidDataException("a page header holds a negative size");
        return new PageHeader(kind, uncompressed, compressed, values, encoding, levelEncoding, definitionBytes, repetitionBytes, isCompressed);
    }

    // DataPageHeader and DictionaryPageHeader share their first two fields: the value count and the encoding.
    private static void ReadDataOrDictionaryHeader(ref CompactThriftReader reader, ref int values, ref int encoding, ref int levelEncoding)
    {
        short field = 0;
        while (reader.NextField(ref field, out var type))
        {
            switch (field)
            {
                case 1: values = reader.ReadInt(type); break;
                case 2: encoding = reader.ReadInt(type); break;
                case 3 when type != CompactType.BooleanTrue && type != CompactType.BooleanFalse: levelEncoding = reader.ReadInt(type); break;
                default: reader.Skip(type); break;
            }
        }
    }

    private static void ReadDataV2Header(ref CompactThriftReader reader, ref int values, ref int encoding,
        ref int definitionBytes, ref int repetitionBytes, ref bool isCompressed)
    {
        short field = 0;
        while (reader.NextField(ref field, out var type))
        {
            switch (field)
            {
                case 1: values = reader.ReadInt(type); break;
                case 4: encoding = reader.ReadInt(type); break;
                case 5: definitionBytes = reader.ReadInt(type); break;
                case 6: repetitionBytes = reader.ReadInt(type); break;
                case 7: isCompressed = CompactThriftReader.ReadBool(type); break;
                default: reader.Skip(type); break;
            }
        }
    }
}

/// <summary>Thrift compact protocol field types.</summary>
internal enum CompactType : byte
{
    Stop = 0,
    BooleanTrue = 1,
    BooleanFalse = 2,
    Byte = 3,
    I16 = 4,
    I32 = 5,
    I64 = 6,
    Double = 7,
    Binary = 8,
    List = 9,
    Set = 10,
    Map = 11,
    Struct = 12,
}

/// <summary>
/// Reads the Thrift compact protocol, the encoding of Parquet's page headers: just what a page header needs
/// (integers, booleans, nested structs) and a skip for every other field, so unknown fields from newer writers pass.
/// </summary>
internal ref struct CompactThriftReader(ReadOnlySpan<byte> bytes)
{
    private const int MaxDepth = 32;
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _depth;

    public int Position { get; private set; }

    /// <summary>Moves to the next field of the current struct; false at its end. <paramref name="field"/> carries the last id.</summary>
    public bool NextField(ref short field, out CompactType type)
    {
        byte header = ReadByte();
        type = (CompactType)(header & 0x0F);
        if (type == CompactType.Stop) return false;
        int delta = header >> 4;
        field = delta != 0 ? (short)(field + delta) : (short)ZigZag(ReadVarint());
        return true;
    }

    public int ReadInt(CompactType type) => type switch
    {
        CompactType.Byte => (sbyte)ReadByte(),
        CompactType.I16 or CompactType.I32 => checked((int)ZigZag(ReadVarint())),
        CompactType.I64 => checked((int)ZigZag(ReadVarint())),
        _ => throw new InvalidDataException($"a page header holds a {type} where an integer belongs"),
    };

    public static bool ReadBool(CompactType type) => type switch
    {
        CompactType.BooleanTrue => true,
        CompactType.BooleanFalse => false,
        _ => throw new InvalidDataException($"a page header holds a {type} where a boolean belongs"),
    };

    public void Skip(CompactType type)
    {
        if (++_depth > MaxDepth) throw new InvalidDataException("a page header nests deeper than any Parquet writer does");
        switch (type)
        {
            case CompactType.BooleanTrue or CompactType.BooleanFalse: break;
            case CompactType.Byte: ReadByte(); break;
            case CompactType.I16 or CompactType.I32 or CompactType.I64: ReadVarint(); break;
            case CompactType.Double: Advance(8); break;
            case CompactType.Binary: Advance(checked((int)ReadVarint())); break;
            case CompactType.List or CompactType.Set:
            {
                byte header = ReadByte();
                long size = header >> 4;
                if (size == 15) size = (long)ReadVarint();
                var element = (CompactType)(header & 0x0F);
                for (long i = 0; i < size; i++) SkipElement(element);
                break;
            }
            case CompactType.Map:
            {
                long size = (long)ReadVarint();
                if (size == 0) break;
                byte kinds = ReadByte();
                for (long i = 0; i < size; i++)
                {
                    SkipElement((CompactType)(kinds >> 4));
                    SkipElement((CompactType)(kinds & 0x0F));
                }
                break;
            }
            case CompactType.Struct:
            {
                short field = 0;
                while (NextField(ref field, out var inner)) Skip(inner);
                break;
            }
            default: throw new InvalidDataException($"a page header holds an unknown Thrift type {(int)type}");
        }
        _depth--;
    }

    // Booleans inside lists, sets and maps take a byte each, unlike boolean fields.
    private void SkipElement(CompactType type)
    {
        if (type is CompactType.BooleanTrue or CompactType.BooleanFalse) ReadByte();
        else Skip(type);
    }

    private byte ReadByte()
    {
        if (Position >= _bytes.Length) throw new InvalidDataException("a page header ends early");
        return _bytes[Position++];
    }

    private void Advance(int count)
    {
        if (count < 0 || count > _bytes.Length - Position) throw new InvalidDataException("a page header ends early");
        Position += count;
    }

    private ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new InvalidDataException("a page header holds a malformed integer");
    }

    private static long ZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}

/// <summary>Little-endian helpers for page bodies.</summary>
internal static class PageBytes
{
    public static int ReadLength(ReadOnlySpan<byte> bytes, int at)
    {
        if (at > bytes.Length - 4) throw new InvalidDataException("a page ends inside a length prefix");
        int length = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
        if (length < 0 || length > bytes.Length - at - 4) throw new InvalidDataException($"a page holds a length of {length} bytes past its end");
        return length;
    }
}
