using System.IO.Compression;
using Microsoft.Win32.SafeHandles;
using Parquet.Meta;

namespace DataReadiness.Sources.ParquetPages;

/// <summary>A column chunk this decoder does not read (a codec or encoding it lacks): Parquet.Net reads it instead.</summary>
internal sealed class UnsupportedChunkException(string message) : Exception(message);

/// <summary>
/// Reads one flat text (BYTE_ARRAY) column chunk straight from its pages into a <see cref="ColumnValues"/>:
/// dictionary pages become the table's entries and dictionary-encoded rows become entry numbers, so a value repeated
/// in a million rows is decoded once. Parquet.Net has no access to dictionary indices (it decodes every value into a
/// .NET string or char array), and on the text columns of a typical extract that was most of the profile's time.
/// Supports PLAIN and dictionary encodings in version 1 and 2 data pages, uncompressed, Snappy, gzip, Brotli and
/// Zstandard; anything else raises <see cref="UnsupportedChunkException"/> before the chunk is used.
/// </summary>
internal sealed class TextChunkDecoder : IDisposable
{
    private byte[] _chunk = [];
    private byte[] _page = [];
    private int[] _levels = [];
    private int[] _indices = [];
    private ZstdSharp.Decompressor? _zstd;

    public static bool CanDecode(ColumnChunk chunk) =>
        chunk.MetaData is { } meta
        && chunk.CryptoMetadata is null
        && meta.Type == Parquet.Meta.Type.BYTE_ARRAY
        && meta.Codec is CompressionCodec.UNCOMPRESSED or CompressionCodec.SNAPPY or CompressionCodec.GZIP
            or CompressionCodec.BROTLI or CompressionCodec.ZSTD
        && meta.Encodings is { } encodings
        && encodings.All(e => (int)e is (int)PageEncoding.Plain or (int)PageEncoding.PlainDictionary
            or (int)PageEncoding.Rle or (int)PageEncoding.BitPacked or (int)PageEncoding.RleDictionary);

    /// <summary>Decodes the chunk's <paramref name="rows"/> rows into <paramref name="target"/>, which is reset first.</summary>
    public void Decode(SafeFileHandle file, ColumnMetaData meta, int maxDefinitionLevel, int rows, ColumnValues target)
    {
        target.Reset(rows);
        long start = meta.DictionaryPageOffset is > 0 and var dictionary ? Math.Min(dictionary, meta.DataPageOffset) : meta.DataPageOffset;
        long length = meta.TotalCompressedSize;
        if (start < 0 || length < 0 || length > int.MaxValue || start + length > RandomAccess.GetLength(file))
            throw new InvalidDataException($"the column chunk at byte {start} ({length} bytes) lies outside the file");
        if (_chunk.Length < length) _chunk = new byte[length];
        int read = 0;
        while (read < length)
        {
            int n = RandomAccess.Read(file, _chunk.AsSpan(read, (int)length - read), start + read);
            if (n == 0) throw new InvalidDataException("the file ends inside a column chunk");
            read += n;
        }

        int levelWidth = RleBitPackedHybrid.BitWidthOf(maxDefinitionLevel);
        int at = 0, row = 0, dictionaryEntries = -1;
        while (row < rows)
        {
            if (at >= length) throw new InvalidDataException($"the column chunk ends after {row} of its {rows} rows");
            var header = PageHeader.Parse(_chunk.AsSpan(at, (int)length - at), out int headerLength);
            at += headerLength;
            if (header.CompressedSize > length - at) throw new InvalidDataException("a page runs past the end of its column chunk");
            int body = at;
            at += header.CompressedSize;
            switch (header.Kind)
            {
                case PageKind.Dictionary:
                {
                    if (dictionaryEntries >= 0) throw new InvalidDataException("a column chunk holds a second dictionary page");
                    if (header.Encoding is not ((int)PageEncoding.Plain or (int)PageEncoding.PlainDictionary))
                        throw new UnsupportedChunkException($"dictionary page encoding {header.Encoding}");
                    var bytes = Decompress(meta.Codec, body, header.CompressedSize, header.UncompressedSize);
                    int pos = 0;
                    for (int e = 0; e < header.Values; e++) target.AddEntry(NextPlain(bytes, ref pos));
                    dictionaryEntries = header.Values;
                    break;
                }
                case PageKind.Data:
                {
                    if (header.Values > rows - row) throw new InvalidDataException($"a data page holds {header.Values} values where {rows - row} rows remain");
                    var bytes = Decompress(meta.Codec, body, header.CompressedSize, header.UncompressedSize);
                    int pos = 0;
                    if (maxDefinitionLevel > 0)
                    {
                        if (header.DefinitionLevelEncoding != (int)PageEncoding.Rle)
                            throw new UnsupportedChunkException($"definition level encoding {header.DefinitionLevelEncoding}");
                        int levelBytes = PageBytes.ReadLength(bytes, 0);
                        DecodeLevels(bytes.Slice(4, levelBytes), levelWidth, header.Values);
                        pos = 4 + levelBytes;
                    }
                    AddValues(header.Encoding, bytes[pos..], header.Values, maxDefinitionLevel, dictionaryEntries, target);
                    row += header.Values;
                    break;
                }
                case PageKind.DataV2:
                {
                    if (header.Values > rows - row) throw new InvalidDataException($"a data page holds {header.Values} values where {rows - row} rows remain");
                    if (header.RepetitionLevelsBytes != 0) throw new InvalidDataException("a flat column's page holds repetition levels");
                    int levelBytes = header.DefinitionLevelsBytes;
                    if (levelBytes > header.CompressedSize) throw new InvalidDataException("a page's definition levels run past the page");
                    if (maxDefinitionLevel > 0) DecodeLevels(_chunk.AsSpan(body, levelBytes), levelWidth, header.Values);
                    int valuesAt = body + levelBytes, compressedValues = header.CompressedSize - levelBytes;
                    var values = header.IsCompressed
                        ? Decompress(meta.Codec, valuesAt, compressedValues, header.UncompressedSize - levelBytes)
                        : _chunk.AsSpan(valuesAt, compressedValues);
                    AddValues(header.Encoding, values, header.Values, maxDefinitionLevel, dictionaryEntries, target);
                    row += header.Values;
                    break;
                }
                default:
                    break; // index pages carry nothing the profile reads
            }
        }
    }

    public void Dispose() => _zstd?.Dispose();

    private void DecodeLevels(ReadOnlySpan<byte> encoded, int bitWidth, int count)
    {
        if (_levels.Length < count) _levels = new int[count];
        RleBitPackedHybrid.Decode(encoded, bitWidth, _levels.AsSpan(0, count));
    }

    private void AddValues(int encoding, ReadOnlySpan<byte> values, int count, int maxDefinitionLevel, int dictionaryEntries, ColumnValues target)
    {
        var levels = _levels.AsSpan(0, maxDefinitionLevel > 0 ? count : 0);
        int defined = count;
        if (maxDefinitionLevel > 0)
        {
            defined = 0;
            foreach (int level in levels)
                if (level == maxDefinitionLevel) defined++;
        }
        switch (encoding)
        {
            case (int)PageEncoding.Plain:
            {
                int pos = 0;
                for (int i = 0; i < count; i++)
                {
                    if (maxDefinitionLevel > 0 && levels[i] != maxDefinitionLevel) target.AddNull();
                    else target.Add(NextPlain(values, ref pos));
                }
                break;
            }
            case (int)PageEncoding.PlainDictionary or (int)PageEncoding.RleDictionary:
            {
                if (dictionaryEntries < 0) throw new InvalidDataException("a dictionary-encoded page comes before any dictionary page");
                if (defined > 0 && values.IsEmpty) throw new InvalidDataException("a dictionary-encoded page holds no index width");
                if (defined == count)
                {
                    // No nulls (the usual page): indices go straight into the rows' codes.
                    var codes = target.AddCodes(count);
                    if (count > 0) RleBitPackedHybrid.Decode(values[1..], values[0], codes);
                    CheckIndices(codes, dictionaryEntries);
                    break;
                }
                if (_indices.Length < defined) _indices = new int[defined];
                var indices = _indices.AsSpan(0, defined);
                if (defined > 0) RleBitPackedHybrid.Decode(values[1..], values[0], indices);
                CheckIndices(indices, dictionaryEntries);
                int next = 0;
                for (int i = 0; i < count; i++)
                    target.AddCode(levels[i] == maxDefinitionLevel ? indices[next++] : -1);
                break;
            }
            default:
                throw new UnsupportedChunkException($"data page encoding {encoding}");
        }
    }

    // Vectorised: one unsigned comparison per lane catches negative indices too.
    private static void CheckIndices(ReadOnlySpan<int> indices, int dictionaryEntries)
    {
        var bound = new System.Numerics.Vector<uint>((uint)dictionaryEntries);
        var lanes = System.Runtime.InteropServices.MemoryMarshal.Cast<int, uint>(indices);
        int i = 0;
        bool bad = false;
        for (; i <= lanes.Length - System.Numerics.Vector<uint>.Count; i += System.Numerics.Vector<uint>.Count)
            bad |= System.Numerics.Vector.GreaterThanOrEqualAny(new System.Numerics.Vector<uint>(lanes[i..]), bound);
        for (; i < lanes.Length; i++) bad |= lanes[i] >= (uint)dictionaryEntries;
        if (!bad) return;
        foreach (int index in indices)
            if ((uint)index >= (uint)dictionaryEntries)
                throw new InvalidDataException($"a page refers to dictionary entry {index} of {dictionaryEntries}");
    }

    private static ReadOnlySpan<byte> NextPlain(ReadOnlySpan<byte> bytes, ref int pos)
    {
        int length = PageBytes.ReadLength(bytes, pos);
        var value = bytes.Slice(pos + 4, length);
        pos += 4 + length;
        return value;
    }

    private ReadOnlySpan<byte> Decompress(CompressionCodec codec, int at, int compressed, int uncompressed)
    {
        var source = _chunk.AsSpan(at, compressed);
        if (codec == CompressionCodec.UNCOMPRESSED) return source;
        if (uncompressed < 0) throw new InvalidDataException("a page holds a negative uncompressed size");
        if (_page.Length < uncompressed) _page = new byte[Math.Max(uncompressed, _page.Length * 2)];
        var target = _page.AsSpan(0, uncompressed);
        int written;
        switch (codec)
        {
            case CompressionCodec.SNAPPY:
                written = Snappier.Snappy.Decompress(source, target);
                break;
            case CompressionCodec.ZSTD:
                _zstd ??= new ZstdSharp.Decompressor();
                written = _zstd.Unwrap(source, target);
                break;
            case CompressionCodec.BROTLI:
                if (!BrotliDecoder.TryDecompress(source, target, out written)) throw new InvalidDataException("a Brotli page does not decompress");
                break;
            case CompressionCodec.GZIP:
            {
                using var gzip = new GZipStream(new MemoryStream(_chunk, at, compressed, writable: false), CompressionMode.Decompress);
                written = 0;
                int n;
                while (written < uncompressed && (n = gzip.Read(target[written..])) > 0) written += n;
                break;
            }
            default:
                throw new UnsupportedChunkException($"compression codec {codec}");
        }
        if (written != uncompressed) throw new InvalidDataException($"a page decompresses to {written} bytes where its header says {uncompressed}");
        return target;
    }
}
