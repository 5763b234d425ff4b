using System.Globalization;
using System.Text;

namespace DataReadiness.Sources.ParquetPages;

/// <summary>
/// One column of one row group as a table of entries (UTF-8) and, for each row, the entry it holds (-1 for null).
/// A dictionary-encoded column's entries are its dictionary, so each distinct value is stored, hashed and profiled
/// once however many rows hold it; other columns have one entry per value, in row order.
/// </summary>
internal sealed class ColumnValues
{
    private byte[] _data = new byte[1 << 16];
    private int[] _offsets = new int[1 << 10];
    private int[] _codes = [];

    public int Rows { get; private set; }
    public int EntryCount { get; private set; }

    public ReadOnlySpan<int> Codes => _codes.AsSpan(0, Rows);

    public void Reset(int rows)
    {
        if (_codes.Length < rows) _codes = new int[rows];
        Rows = 0;
        EntryCount = 0;
        _offsets[0] = 0;
    }

    public ReadOnlySpan<byte> Entry(int entry) => _data.AsSpan(_offsets[entry], _offsets[entry + 1] - _offsets[entry]);

    public bool IsNull(int row) => _codes[row] < 0;

    public ReadOnlySpan<byte> Get(int row) => Entry(_codes[row]);

    /// <summary>Stores a value without giving it to a row (a dictionary entry); returns its entry number.</summary>
    public int AddEntry(ReadOnlySpan<byte> utf8)
    {
        Ensure(utf8.Length);
        utf8.CopyTo(_data.AsSpan(_offsets[EntryCount]));
        return CommitEntry(utf8.Length);
    }

    /// <summary>The next row holds entry <paramref name="entry"/>, or null when it is negative.</summary>
    public void AddCode(int entry) => _codes[Rows++] = entry;

    public void AddNull() => AddCode(-1);

    /// <summary>The codes of the next <paramref name="count"/> rows, for a decoder to write in place.</summary>
    public Span<int> AddCodes(int count)
    {
        var codes = _codes.AsSpan(Rows, count);
        Rows += count;
        return codes;
    }

    public void Add(ReadOnlySpan<byte> utf8) => AddCode(AddEntry(utf8));

    public void AddText(ReadOnlySpan<char> text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        AddCode(CommitEntry(Encoding.UTF8.GetBytes(text, _data.AsSpan(_offsets[EntryCount]))));
    }

    public void AddFormattable<T>(T value, string? format) where T : IUtf8SpanFormattable
    {
        Ensure(64);
        if (!value.TryFormat(_data.AsSpan(_offsets[EntryCount]), out int written, format, CultureInfo.InvariantCulture))
        {
            AddText(string.Format(CultureInfo.InvariantCulture, "{0}", value));
            return;
        }
        AddCode(CommitEntry(written));
    }

    /// <summary>A double as <c>ToString("R")</c> writes it.</summary>
    public void AddDouble(double value)
    {
        Ensure(64);
        if (ShortDecimals.TryFormat(value, _data.AsSpan(_offsets[EntryCount]), out int written)) AddCode(CommitEntry(written));
        else AddFormattable(value, "R");
    }

    private void Ensure(int extra)
    {
        long needed = (long)_offsets[EntryCount] + extra;
        if (needed > Array.MaxLength) throw new InvalidDataException("a row group's column holds more than 2 GB of text");
        if (needed > _data.Length) Array.Resize(ref _data, (int)Math.Min(Array.MaxLength, Math.Max(needed, _data.Length * 2L)));
    }

    private int CommitEntry(int length)
    {
        if (EntryCount + 2 > _offsets.Length) Array.Resize(ref _offsets, _offsets.Length * 2);
        _offsets[EntryCount + 1] = _offsets[EntryCount] + length;
        return EntryCount++;
    }
}
