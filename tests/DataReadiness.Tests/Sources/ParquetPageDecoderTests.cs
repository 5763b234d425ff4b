using DataReadiness.Sources.ParquetPages;
using DataReadiness.Tests.Support;
using Parquet.Meta;
using Encoding = System.Text.Encoding;

namespace DataReadiness.Tests.Sources;

/// <summary>
/// The page decoder against bytes built here by the Parquet format's rules (independently of any writer): the
/// RLE / bit-packing hybrid at every bit width, and a hand-made column chunk mixing every page kind it reads.
/// </summary>
public sealed class ParquetPageDecoderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(13)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(24)]
    [InlineData(31)]
    [InlineData(32)]
    public void Rle_and_bit_packed_runs_decode_to_the_values_encoded_at_every_bit_width(int bitWidth)
    {
        var random = new Random(bitWidth);
        ulong limit = bitWidth == 0 ? 1 : 1UL << bitWidth;
        var values = new List<int>();
        var encoded = new List<byte>();
        for (int run = 0; run < 40; run++)
        {
            if (random.Next(2) == 0)
            {
                int length = random.Next(1, 300);
                int value = (int)(uint)((ulong)random.NextInt64() % limit);
                values.AddRange(Enumerable.Repeat(value, length));
                encoded.AddRange(Varint((ulong)length << 1));
                for (int b = 0; b < (bitWidth + 7) / 8; b++) encoded.Add((byte)(value >> (8 * b)));
            }
            else
            {
                int groups = random.Next(1, 6);
                var packed = Enumerable.Range(0, groups * 8).Select(_ => (int)(uint)((ulong)random.NextInt64() % limit)).ToArray();
                values.AddRange(packed);
                encoded.AddRange(Varint(((ulong)groups << 1) | 1));
                encoded.AddRange(BitPack(packed, bitWidth));
            }
        }
        var output = new int[values.Count];
        int consumed = RleBitPackedHybrid.Decode(encoded.ToArray(), bitWidth, output);

        Assert.Equal(values, output);
        Assert.Equal(encoded.Count, consumed);
    }

    [Fact]
    public void A_final_bit_packed_run_may_stop_after_its_last_value_and_a_short_run_is_an_error()
    {
        var values = new[] { 5, 1, 7, 2, 6 };
        // One group of eight 3-bit values is 3 bytes; five values need 15 bits, so the writer may stop at 2 bytes.
        var full = Varint(3).Concat(BitPack(values.Concat([0, 0, 0]).ToArray(), 3)).ToArray();
        var output = new int[5];
        RleBitPackedHybrid.Decode(full.AsSpan(0, 3), 3, output);
        Assert.Equal(values, output);

        Assert.Throws<InvalidDataException>(() => RleBitPackedHybrid.Decode(full.AsSpan(0, 2), 3, new int[5]));
        Assert.Throws<InvalidDataException>(() => RleBitPackedHybrid.Decode(full, 3, new int[9]));
    }

    [Fact]
    public void A_chunk_of_dictionary_plain_and_version_2_pages_decodes_row_by_row_with_nulls_in_place()
    {
        var (path, meta) = WriteChunk(HandMadeChunk());
        var values = new ColumnValues();
        using (var file = File.OpenHandle(path))
        using (var decoder = new TextChunkDecoder())
            decoder.Decode(file, meta, maxDefinitionLevel: 1, rows: 17, values);

        string?[] expected = ["alpha", "beta", null, "", "alpha", "alpha", null, "beta", "beta", "alpha", "gamma", "delta", "ε", "beta", null, "beta", "beta"];
        Assert.Equal(expected, Enumerable.Range(0, values.Rows).Select(r => values.IsNull(r) ? null : Encoding.UTF8.GetString(values.Get(r))));
        // The dictionary's three values are stored once; only the plain page's values add entries.
        Assert.Equal(3 + 3, values.EntryCount);
    }

    [Fact]
    public void A_required_column_has_no_definition_levels_in_either_page_version()
    {
        var chunk = Chunk(
            DictionaryPage(["x", "y"]),
            DataPageV1(rows: 3, levels: [], values: [1, .. Varint((1 << 1) | 1), .. BitPack([0, 1, 1, 0, 0, 0, 0, 0], 1)], encoding: 8),
            DataPageV2(rows: 2, nulls: 0, levels: [], values: [.. Plain("z"), .. Plain("w")], encoding: 0));
        var (path, meta) = WriteChunk(chunk);
        var values = new ColumnValues();
        using (var file = File.OpenHandle(path))
        using (var decoder = new TextChunkDecoder())
            decoder.Decode(file, meta, maxDefinitionLevel: 0, rows: 5, values);

        Assert.Equal(["x", "y", "y", "z", "w"], Enumerable.Range(0, values.Rows).Select(r => Encoding.UTF8.GetString(values.Get(r))));
    }

    [Fact]
    public void Broken_chunks_are_errors_and_an_unknown_encoding_asks_for_the_fallback()
    {
        var pages = HandMadeChunk();
        var (path, meta) = WriteChunk(pages);
        using var decoder = new TextChunkDecoder();
        using (var file = File.OpenHandle(path))
        {
            // Declared one row more than the pages hold.
            var error = Assert.Throws<InvalidDataException>(() => decoder.Decode(file, meta, 1, 18, new ColumnValues()));
            Assert.Contains("17 of its 18 rows", error.Message);
            // A chunk said to be shorter than its pages.
            meta.TotalCompressedSize -= 5;
            Assert.Throws<InvalidDataException>(() => decoder.Decode(file, meta, 1, 17, new ColumnValues()));
        }

        // An index past the dictionary's end.
        var badIndex = Chunk(
            DictionaryPage(["only"]),
            DataPageV1(rows: 2, levels: [0x02, 0x00, 0x00, 0x00, 0x04, 0x01], values: [1, 0x04, 0x01], encoding: 8));
        var (badPath, badMeta) = WriteChunk(badIndex);
        using (var file = File.OpenHandle(badPath))
            Assert.Contains("dictionary entry 1 of 1", Assert.Throws<InvalidDataException>(() => decoder.Decode(file, badMeta, 1, 2, new ColumnValues())).Message);

        // DELTA_BYTE_ARRAY (7): not read here, so Parquet.Net reads the chunk instead.
        var delta = Chunk(DataPageV1(rows: 1, levels: [0x02, 0x00, 0x00, 0x00, 0x02, 0x01], values: [0], encoding: 7));
        var (deltaPath, deltaMeta) = WriteChunk(delta);
        using (var file = File.OpenHandle(deltaPath))
            Assert.Throws<UnsupportedChunkException>(() => decoder.Decode(file, deltaMeta, 1, 1, new ColumnValues()));
    }

    // Dictionary [alpha, beta, ""]; a v1 dictionary page of 10 rows with 2 nulls; a v1 PLAIN page of 3 rows (a
    // writer's fallback once its dictionary grew too large); a v2 dictionary page of 4 rows with 1 null.
    private static byte[] HandMadeChunk() => Chunk(
        DictionaryPage(["alpha", "beta", ""]),
        DataPageV1(rows: 10,
            levels: [.. LengthPrefixed([.. Varint((2 << 1) | 1), .. BitPack([1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0], 1)])],
            values: [2, .. Varint((1 << 1) | 1), .. BitPack([0, 1, 2, 0, 0, 1, 1, 0], 2)],
            encoding: 8),
        DataPageV1(rows: 3,
            levels: [.. LengthPrefixed([.. Varint(3 << 1), 1])],
            values: [.. Plain("gamma"), .. Plain("delta"), .. Plain("ε")],
            encoding: 0),
        DataPageV2(rows: 4, nulls: 1,
            levels: [.. Varint((1 << 1) | 1), .. BitPack([1, 0, 1, 1, 0, 0, 0, 0], 1)],
            values: [2, .. Varint(3 << 1), 1],
            encoding: 8));

    private (string Path, ColumnMetaData Meta) WriteChunk(byte[] chunk)
    {
        // Four bytes before the chunk, as the magic number precedes the first chunk of a real file.
        var path = Path.Combine(_dir.Path, $"chunk-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, [.. "PAR1"u8, .. chunk]);
        var meta = new ColumnMetaData
        {
            Type = Parquet.Meta.Type.BYTE_ARRAY,
            Encodings = [Parquet.Meta.Encoding.PLAIN, Parquet.Meta.Encoding.RLE, Parquet.Meta.Encoding.RLE_DICTIONARY],
            PathInSchema = ["text"],
            Codec = CompressionCodec.UNCOMPRESSED,
            NumValues = 17,
            TotalCompressedSize = chunk.Length,
            TotalUncompressedSize = chunk.Length,
            DictionaryPageOffset = 4,
            DataPageOffset = 4,
        };
        return (path, meta);
    }

    private static byte[] Chunk(params byte[][] pages) => pages.SelectMany(p => p).ToArray();

    private static byte[] DictionaryPage(string[] entries)
    {
        var body = entries.SelectMany(Plain).ToArray();
        var header = new ThriftWriter();
        header.I32(1, (int)PageType.DICTIONARY_PAGE).I32(2, body.Length).I32(3, body.Length)
            .BeginStruct(7).I32(1, entries.Length).I32(2, 0).Bool(3, false).EndStruct()
            .End();
        return [.. header.Bytes, .. body];
    }

    private static byte[] DataPageV1(int rows, byte[] levels, byte[] values, int encoding)
    {
        byte[] body = [.. levels, .. values];
        var header = new ThriftWriter();
        header.I32(1, (int)PageType.DATA_PAGE).I32(2, body.Length).I32(3, body.Length).I32(4, 12345)
            .BeginStruct(5).I32(1, rows).I32(2, encoding).I32(3, 3).I32(4, 3)
                // Statistics, which the decoder skips: max and min as binary, a null count as i64.
                .BeginStruct(5).Binary(1, "zz"u8.ToArray()).Binary(2, "aa"u8.ToArray()).I32(3, 2).EndStruct()
            .EndStruct()
            // A field from a newer format version: a list of integers, then a map, skipped whole.
            .ListOfI32(20, [1, 2, 3]).EmptyMap(21)
            .End();
        return [.. header.Bytes, .. body];
    }

    private static byte[] DataPageV2(int rows, int nulls, byte[] levels, byte[] values, int encoding)
    {
        var header = new ThriftWriter();
        header.I32(1, (int)PageType.DATA_PAGE_V2).I32(2, levels.Length + values.Length).I32(3, levels.Length + values.Length)
            .BeginStruct(8).I32(1, rows).I32(2, nulls).I32(3, rows).I32(4, encoding).I32(5, levels.Length).I32(6, 0).Bool(7, false).EndStruct()
            .End();
        return [.. header.Bytes, .. levels, .. values];
    }

    private static byte[] Plain(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        return [.. BitConverter.GetBytes(utf8.Length), .. utf8];
    }

    private static byte[] LengthPrefixed(byte[] bytes) => [.. BitConverter.GetBytes(bytes.Length), .. bytes];

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
        return bytes.ToArray();
    }

    // Least significant bit first, value after value, as the Parquet format packs them.
    private static byte[] BitPack(int[] values, int bitWidth)
    {
        var bytes = new byte[(values.Length * bitWidth + 7) / 8];
        for (int i = 0; i < values.Length; i++)
            for (int b = 0; b < bitWidth; b++)
                if (((uint)values[i] >> b & 1) != 0)
                {
                    int bit = i * bitWidth + b;
                    bytes[bit / 8] |= (byte)(1 << (bit % 8));
                }
        return bytes;
    }

    /// <summary>A Thrift compact protocol writer for the fields these pages need, written from the protocol's spec.</summary>
    private sealed class ThriftWriter
    {
        private readonly List<byte> _bytes = [];
        private readonly Stack<short> _lastField = new([0]);

        public byte[] Bytes => _bytes.ToArray();

        public ThriftWriter I32(short field, int value)
        {
            Header(field, 5);
            _bytes.AddRange(Varint(ZigZag(value)));
            return this;
        }

        public ThriftWriter Bool(short field, bool value)
        {
            Header(field, (byte)(value ? 1 : 2));
            return this;
        }

        public ThriftWriter Binary(short field, byte[] value)
        {
            Header(field, 8);
            _bytes.AddRange(Varint((ulong)value.Length));
            _bytes.AddRange(value);
            return this;
        }

        public ThriftWriter ListOfI32(short field, int[] values)
        {
            Header(field, 9);
            _bytes.Add((byte)((values.Length << 4) | 5));
            foreach (var v in values) _bytes.AddRange(Varint(ZigZag(v)));
            return this;
        }

        public ThriftWriter EmptyMap(short field)
        {
            Header(field, 11);
            _bytes.Add(0);
            return this;
        }

        public ThriftWriter BeginStruct(short field)
        {
            Header(field, 12);
            _lastField.Push(0);
            return this;
        }

        public ThriftWriter EndStruct()
        {
            _bytes.Add(0);
            _lastField.Pop();
            return this;
        }

        public ThriftWriter End()
        {
            _bytes.Add(0);
            return this;
        }

        private void Header(short field, byte type)
        {
            int delta = field - _lastField.Peek();
            if (delta is > 0 and <= 15) _bytes.Add((byte)((delta << 4) | type));
            else
            {
                _bytes.Add(type);
                _bytes.AddRange(Varint(ZigZag(field)));
            }
            _lastField.Pop();
            _lastField.Push(field);
        }

        private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));
    }
}
