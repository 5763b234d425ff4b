using System.Globalization;
using System.Text;
using System.Xml;
using DataReadiness.Findings;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DataReadiness.Sources;

/// <summary>
/// Reads one worksheet of an .xlsx workbook row by row with a forward-only XML reader over the sheet's part, so a large
/// sheet is never loaded whole, and no cell's text is held past <see cref="MaxCellCharacters"/>: a cell beyond it (a
/// few hundred KB of zip can inflate to a 300 MB cell) is counted, its row skipped and reported, its text never held.
/// The first non-empty row is the header. Cells become the text a user sees: shared and inline strings as written,
/// numbers as Excel shows them (15 significant digits), date-formatted numbers as ISO dates, booleans as true/false,
/// errors such as #N/A as written, formulas as their cached result.
/// Data rows are numbered from 1 below the header, as for CSV: the sheet's row is that plus the header's row.
/// </summary>
public sealed class XlsxRowReader : IRowReader
{
    /// <summary>
    /// The longest cell text read: 32 times Excel's own limit of 32,767 characters, so every cell Excel or LibreOffice
    /// writes is read whole, and one cell costs at most 2 MiB however far its zip entry inflates.
    /// </summary>
    public const int MaxCellCharacters = 1 << 20;

    internal const string OversizedCellReason = "cell longer than 1,048,576 characters";

    private static readonly HashSet<uint> BuiltInDateFormats = [14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47];

    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    private readonly SpreadsheetDocument _document;
    private readonly XmlReader _sheet;
    private readonly string _displayPath;
    private readonly string?[] _sharedStrings;
    private readonly Dictionary<int, long> _oversizedSharedStrings = new();
    private readonly bool[] _dateStyles;
    private readonly bool _date1904;
    private readonly List<string> _columns = new();
    private readonly int _headerRow;
    private readonly char[] _chunk = new char[16 * 1024];
    private readonly StringBuilder _text = new();
    private readonly Dictionary<int, string> _cells = new();
    private (int Column, long Length)? _oversizedCell;
    private string?[] _values = [];
    private byte[][] _utf8 = [];
    private int[] _utf8Length = [];
    private bool[] _encoded = [];

    public XlsxRowReader(string path, string? sheet, string displayPath)
    {
        _displayPath = displayPath;
        try
        {
            _document = SpreadsheetDocument.Open(FileHash.OpenReadOnly(path), false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException)
        {
            throw new SourceReadException($"{displayPath}: not a readable .xlsx workbook ({e.Message})", e);
        }
        try
        {
            var workbook = _document.WorkbookPart ?? throw new SourceReadException($"{displayPath}: the workbook has no workbook part");
            var sheets = workbook.Workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
            if (sheets.Count == 0) throw new SourceReadException($"{displayPath}: the workbook has no sheets");
            var chosen = sheet is null ? sheets[0] : sheets.FirstOrDefault(s => s.Name?.Value == sheet)
                ?? throw new SourceReadException($"{displayPath}: no sheet named '{sheet}' (sheets: {string.Join(", ", sheets.Select(s => s.Name?.Value))})");
            SheetName = chosen.Name?.Value ?? "";
            var part = (WorksheetPart)workbook.GetPartById(chosen.Id!.Value!);
            _sharedStrings = ReadSharedStrings(workbook.SharedStringTablePart);
            _dateStyles = DateStyles(workbook.WorkbookStylesPart?.Stylesheet);
            _date1904 = workbook.Workbook.WorkbookProperties?.Date1904?.Value ?? false;
            Diagnostics.Encoding = "xlsx";
            _sheet = XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), XmlSettings);

            while (NextRow(out int rowIndex))
            {
                if (_cells.Count == 0 && _oversizedCell is null) continue;
                if (_oversizedCell is { } big)
                    throw new SourceReadException($"{displayPath}: header cell {ColumnLetters(big.Column)}{rowIndex} holds {big.Length:N0} characters, " +
                                                  $"above the {MaxCellCharacters:N0} a cell is read to");
                _headerRow = rowIndex;
                int width = _cells.Keys.Max() + 1;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (int c = 0; c < width; c++)
                {
                    var name = _cells.GetValueOrDefault(c)?.Trim();
                    if (string.IsNullOrEmpty(name))
                    {
                        name = $"column_{c + 1}";
                        Diagnostics.HeaderProblems.Add($"header cell {ColumnLetters(c)}{rowIndex} is empty: named {name}");
                    }
                    var unique = name;
                    for (int n = 2; !seen.Add(unique); n++) unique = $"{name}_{n}";
                    if (unique != name) Diagnostics.HeaderProblems.Add($"header '{name}' repeats: the copy in column {ColumnLetters(c)} is named {unique}");
                    _columns.Add(unique);
                }
                break;
            }
            // As for a CSV with no header: nothing to know the columns by. A header with no rows is a side with no rows.
            if (_columns.Count == 0) throw new SourceReadException($"{displayPath}: sheet '{SheetName}' is empty (no header row)");
        }
        catch (XmlException e)
        {
            Dispose();
            throw new SourceReadException($"{displayPath}: not a readable .xlsx workbook (broken XML: {e.Message})", e);
        }
        catch
        {
            Dispose();
            throw;
        }
        Allocate();
    }

    public string SheetName { get; } = "";
    public IReadOnlyList<string> Columns => _columns;
    public long RowNumber { get; private set; }
    public ReadDiagnostics Diagnostics { get; } = new();

    public bool Read()
    {
        try
        {
            return ReadRow();
        }
        catch (XmlException e)
        {
            throw new SourceReadException($"{_displayPath}: broken XML in sheet '{SheetName}' below data row {RowNumber:N0} ({e.Message})", e);
        }
    }

    public bool IsNull(int column) => _values[column] is null;

    public ReadOnlySpan<byte> GetUtf8(int column)
    {
        if (!_encoded[column])
        {
            var text = _values[column] ?? "";
            int needed = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (_utf8[column].Length < needed) _utf8[column] = new byte[Math.Max(needed, 64)];
            _utf8Length[column] = Encoding.UTF8.GetBytes(text, _utf8[column]);
            _encoded[column] = true;
        }
        return _utf8[column].AsSpan(0, _utf8Length[column]);
    }

    public void Dispose()
    {
        _sheet?.Dispose();
        _document.Dispose();
    }

    private bool ReadRow()
    {
        while (NextRow(out int rowIndex))
        {
            // A sheet leaves empty rows out: a gap in the row numbers is empty rows, counted like the ones it writes.
            for (long gap = RowNumber + 1; gap < rowIndex - _headerRow; gap++)
                Diagnostics.AddMalformed(new MalformedRow(gap, gap + _headerRow, "empty row", Skipped: true, ""));
            RowNumber = rowIndex - _headerRow;
            if (_oversizedCell is { } big)
            {
                Diagnostics.AddMalformed(new MalformedRow(RowNumber, rowIndex, OversizedCellReason, Skipped: true,
                    $"{ColumnLetters(big.Column)}{rowIndex}: {big.Length:N0} characters",
                    $"skipped the row; Excel's own limit is 32,767 characters a cell"));
                continue;
            }
            if (_cells.Count == 0)
            {
                Diagnostics.AddMalformed(new MalformedRow(RowNumber, rowIndex, "empty row", Skipped: true, ""));
                continue;
            }
            Array.Clear(_values);
            Array.Clear(_encoded);
            foreach (var (column, value) in _cells)
            {
                if (column < _values.Length) _values[column] = value;
                else
                {
                    Diagnostics.AddMalformed(new MalformedRow(RowNumber, rowIndex, "cell beyond the header", Skipped: false,
                        $"{ColumnLetters(column)}{rowIndex}: {Excerpt(value)}", "kept the row; the cell has no column and is not profiled"));
                    break;
                }
            }
            return true;
        }
        return false;
    }

    private void Allocate()
    {
        _values = new string?[_columns.Count];
        _utf8 = Enumerable.Range(0, _columns.Count).Select(_ => new byte[64]).ToArray();
        _utf8Length = new int[_columns.Count];
        _encoded = new bool[_columns.Count];
    }

    /// <summary>
    /// Moves to the next row element: its 1-based sheet row, its non-empty cells by 0-based column in <see cref="_cells"/>,
    /// and in <see cref="_oversizedCell"/> the first cell whose text is past the cap.
    /// </summary>
    private bool NextRow(out int rowIndex)
    {
        rowIndex = 0;
        _cells.Clear();
        _oversizedCell = null;
        while (_sheet.Read())
        {
            if (_sheet.NodeType != XmlNodeType.Element || _sheet.LocalName != "row") continue;
            rowIndex = ParseIndex(_sheet.GetAttribute("r"), out int given) ? given : (int)(RowNumber + _headerRow + 1);
            if (_sheet.IsEmptyElement) return true;
            int depth = _sheet.Depth, next = 0;
            _sheet.Read();
            while (!(_sheet.NodeType == XmlNodeType.EndElement && _sheet.Depth == depth) && !_sheet.EOF)
            {
                if (_sheet.NodeType == XmlNodeType.Element && _sheet.LocalName == "c")
                {
                    int column = _sheet.GetAttribute("r") is { } reference ? ColumnIndex(reference) : next;
                    next = column + 1;
                    var value = ReadCell(rowIndex, column);
                    if (value is not null) _cells[column] = value;
                }
                else _sheet.Read();
            }
            return true;
        }
        return false;
    }

    /// <summary>Reads the cell element the sheet reader is on, leaving it past the cell's end.</summary>
    private string? ReadCell(int rowIndex, int column)
    {
        var type = _sheet.GetAttribute("t");
        uint style = uint.TryParse(_sheet.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out uint s) ? s : 0;
        string? raw = null, inline = null;
        if (_sheet.IsEmptyElement)
        {
            _sheet.Read();
            return null;
        }
        int depth = _sheet.Depth;
        _sheet.Read();
        while (!(_sheet.NodeType == XmlNodeType.EndElement && _sheet.Depth == depth) && !_sheet.EOF)
        {
            if (_sheet.NodeType == XmlNodeType.Element && _sheet.LocalName == "v")
            {
                raw = ReadElementText(_sheet, out long length);
                if (raw is null) _oversizedCell ??= (column, length);
            }
            else if (_sheet.NodeType == XmlNodeType.Element && _sheet.LocalName == "is")
            {
                inline = ReadRichText(_sheet, out long length);
                if (inline is null) _oversizedCell ??= (column, length);
            }
            else if (_sheet.NodeType == XmlNodeType.Element) _sheet.Skip(); // a formula, or an extension
            else _sheet.Read();
        }
        _sheet.Read();
        return CellText(type, style, raw, inline, rowIndex, column);
    }

    private string? CellText(string? type, uint style, string? raw, string? inline, int rowIndex, int column)
    {
        if (type == "inlineStr") return inline;
        if (raw is null) return null;
        if (type == "s")
        {
            if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= _sharedStrings.Length)
                throw new SourceReadException($"{_displayPath}: cell {ColumnLetters(column)}{rowIndex} points at shared string {raw}, which the workbook lacks");
            if (_sharedStrings[index] is null) _oversizedCell ??= (column, _oversizedSharedStrings[index]);
            return _sharedStrings[index];
        }
        if (type == "b") return raw == "1" ? "true" : raw == "0" ? "false" : raw;
        if (type is "str" or "e" or "d") return raw;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)) return raw;
        if (style < _dateStyles.Length && _dateStyles[style] && number is > -657435 and < 2958466)
        {
            var when = DateTime.FromOADate(number + (_date1904 ? 1462 : 0));
            return when.TimeOfDay == TimeSpan.Zero
                ? when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : when.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        }
        // Excel shows at most 15 significant digits: 0.1 + 0.2 is stored as 0.30000000000000004 and shown as 0.3.
        return number.ToString("G15", CultureInfo.InvariantCulture);
    }

    /// <summary>The shared string table, read forward; an entry past the cap is null, with its length kept for the report.</summary>
    private string?[] ReadSharedStrings(SharedStringTablePart? part)
    {
        if (part is null) return [];
        var strings = new List<string?>();
        using var xml = XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), XmlSettings);
        xml.Read();
        while (!xml.EOF)
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "si")
            {
                xml.Read();
                continue;
            }
            // Leaves the reader on the node after the item, which may be the next item.
            var text = ReadRichText(xml, out long length);
            if (text is null) _oversizedSharedStrings[strings.Count] = length;
            strings.Add(text);
        }
        return strings.ToArray();
    }

    /// <summary>
    /// The text of a string item (shared <c>si</c> or inline <c>is</c>): its runs' <c>t</c> elements joined, phonetic
    /// guides (<c>rPh</c>) left out, as they are not part of the value. Null when longer than the cap.
    /// </summary>
    private string? ReadRichText(XmlReader xml, out long length)
    {
        _text.Clear();
        length = 0;
        if (xml.IsEmptyElement)
        {
            xml.Read();
            return "";
        }
        int depth = xml.Depth;
        xml.Read();
        while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) && !xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "rPh") xml.Skip();
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "t") AppendElementText(xml, ref length);
            else xml.Read();
        }
        xml.Read();
        return length > MaxCellCharacters ? null : _text.ToString();
    }

    /// <summary>The text of a leaf element such as <c>v</c>; null when longer than the cap.</summary>
    private string? ReadElementText(XmlReader xml, out long length)
    {
        _text.Clear();
        length = 0;
        AppendElementText(xml, ref length);
        return length > MaxCellCharacters ? null : _text.ToString();
    }

    /// <summary>
    /// Appends the text of the element the reader is on to <see cref="_text"/> in chunks, keeping at most the cap and
    /// counting the rest, and leaves the reader past the element's end.
    /// </summary>
    private void AppendElementText(XmlReader xml, ref long length)
    {
        if (xml.IsEmptyElement)
        {
            xml.Read();
            return;
        }
        int depth = xml.Depth;
        xml.Read();
        while (!(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) && !xml.EOF)
        {
            if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                int read;
                while ((read = xml.ReadValueChunk(_chunk, 0, _chunk.Length)) > 0)
                {
                    if (length + read <= MaxCellCharacters) _text.Append(_chunk, 0, read);
                    else _text.Clear();
                    length += read;
                }
            }
            xml.Read();
        }
        xml.Read();
    }

    private static bool ParseIndex(string? text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    /// <summary>Which cell formats (by index) show a number as a date or time.</summary>
    private static bool[] DateStyles(Stylesheet? styles)
    {
        var formats = styles?.CellFormats?.Elements<CellFormat>().ToList() ?? [];
        var custom = styles?.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode?.Value ?? "") ?? new Dictionary<uint, string>();
        return formats.Select(f =>
        {
            uint id = f.NumberFormatId?.Value ?? 0;
            return BuiltInDateFormats.Contains(id) || (custom.TryGetValue(id, out var code) && IsDateFormatCode(code));
        }).ToArray();
    }

    /// <summary>A format code shows a date when, outside quotes, brackets and escapes, it has d, m, y, h or s.</summary>
    internal static bool IsDateFormatCode(string code)
    {
        bool quoted = false, bracket = false;
        for (int i = 0; i < code.Length; i++)
        {
            char c = code[i];
            if (c == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (c == '\\' || c == '_' || c == '*') i++;
            else if (c == '[') bracket = true;
            else if (c == ']') bracket = false;
            else if (!bracket && "dmyhsDMYHS".Contains(c)) return true;
        }
        return false;
    }

    private static int ColumnIndex(string reference)
    {
        int column = 0;
        foreach (char c in reference)
        {
            if (c is >= 'A' and <= 'Z') column = column * 26 + (c - 'A' + 1);
            else if (c is >= 'a' and <= 'z') column = column * 26 + (c - 'a' + 1);
            else break;
        }
        return column - 1;
    }

    internal static string ColumnLetters(int column)
    {
        var letters = new StringBuilder();
        for (int n = column + 1; n > 0; n = (n - 1) / 26) letters.Insert(0, (char)('A' + (n - 1) % 26));
        return letters.ToString();
    }

    private static string Excerpt(string value) => value.Length <= 40 ? value : value[..40] + "...";
}
