using System.Globalization;
using System.Text;
using DataReadiness.Findings;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DataReadiness.Sources;

/// <summary>
/// Reads one worksheet of an .xlsx workbook row by row with the Open XML SAX reader, so a large sheet is never
/// loaded whole. The first non-empty row is the header. Cells become the text a user sees: shared and inline
/// strings as written, numbers as Excel shows them (15 significant digits), date-formatted numbers as ISO
/// dates, booleans as true/false, errors such as #N/A as written, formulas as their cached result.
/// Data rows are numbered from 1 below the header, as for CSV: the sheet's row is that plus the header's row.
/// </summary>
public sealed class XlsxRowReader : IRowReader
{
    private static readonly HashSet<uint> BuiltInDateFormats = [14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47];

    private readonly SpreadsheetDocument _document;
    private readonly OpenXmlReader _reader;
    private readonly string _displayPath;
    private readonly string[] _sharedStrings;
    private readonly bool[] _dateStyles;
    private readonly bool _date1904;
    private readonly List<string> _columns = new();
    private readonly int _headerRow;
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
        var workbook = _document.WorkbookPart ?? throw new SourceReadException($"{displayPath}: the workbook has no workbook part");
        var sheets = workbook.Workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
        if (sheets.Count == 0) throw new SourceReadException($"{displayPath}: the workbook has no sheets");
        var chosen = sheet is null ? sheets[0] : sheets.FirstOrDefault(s => s.Name?.Value == sheet)
            ?? throw new SourceReadException($"{displayPath}: no sheet named '{sheet}' (sheets: {string.Join(", ", sheets.Select(s => s.Name?.Value))})");
        SheetName = chosen.Name?.Value ?? "";
        var part = (WorksheetPart)workbook.GetPartById(chosen.Id!.Value!);
        _sharedStrings = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(TextOf).ToArray() ?? [];
        _dateStyles = DateStyles(workbook.WorkbookStylesPart?.Stylesheet);
        _date1904 = workbook.Workbook.WorkbookProperties?.Date1904?.Value ?? false;
        Diagnostics.Encoding = "xlsx";
        _reader = OpenXmlReader.Create(part);

        while (NextRow(out int rowIndex, out var cells))
        {
            if (cells.Count == 0) continue;
            _headerRow = rowIndex;
            int width = cells.Keys.Max() + 1;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int c = 0; c < width; c++)
            {
                var name = cells.GetValueOrDefault(c)?.Trim();
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
        Allocate();
    }

    public string SheetName { get; }
    public IReadOnlyList<string> Columns => _columns;
    public long RowNumber { get; private set; }
    public ReadDiagnostics Diagnostics { get; } = new();

    public bool Read()
    {
        while (NextRow(out int rowIndex, out var cells))
        {
            // A sheet leaves empty rows out: a gap in the row numbers is empty rows, counted like the ones it writes.
            for (long gap = RowNumber + 1; gap < rowIndex - _headerRow; gap++)
                Diagnostics.AddMalformed(new MalformedRow(gap, gap + _headerRow, "empty row", Skipped: true, ""));
            RowNumber = rowIndex - _headerRow;
            if (cells.Count == 0)
            {
                Diagnostics.AddMalformed(new MalformedRow(RowNumber, rowIndex, "empty row", Skipped: true, ""));
                continue;
            }
            Array.Clear(_values);
            Array.Clear(_encoded);
            foreach (var (column, value) in cells)
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
        _reader.Dispose();
        _document.Dispose();
    }

    private void Allocate()
    {
        _values = new string?[_columns.Count];
        _utf8 = Enumerable.Range(0, _columns.Count).Select(_ => new byte[64]).ToArray();
        _utf8Length = new int[_columns.Count];
        _encoded = new bool[_columns.Count];
    }

    /// <summary>The next row element: its 1-based sheet row and its non-empty cells by 0-based column.</summary>
    private bool NextRow(out int rowIndex, out Dictionary<int, string> cells)
    {
        rowIndex = 0;
        cells = new Dictionary<int, string>();
        while (_reader.Read())
        {
            if (_reader.ElementType != typeof(Row) || !_reader.IsStartElement) continue;
            var row = (Row)_reader.LoadCurrentElement()!;
            rowIndex = (int)(row.RowIndex?.Value ?? (uint)(RowNumber + _headerRow + 1));
            int next = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                int column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : next;
                next = column + 1;
                var value = CellText(cell, rowIndex, column);
                if (value is not null) cells[column] = value;
            }
            return true;
        }
        return false;
    }

    private string? CellText(Cell cell, int rowIndex, int column)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString) return cell.InlineString is { } inline ? TextOf(inline) : null;
        if (raw is null) return null;
        if (type == CellValues.SharedString)
        {
            if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < _sharedStrings.Length)
                return _sharedStrings[index];
            throw new SourceReadException($"{_displayPath}: cell {ColumnLetters(column)}{rowIndex} points at shared string {raw}, which the workbook lacks");
        }
        if (type == CellValues.Boolean) return raw == "1" ? "true" : raw == "0" ? "false" : raw;
        if (type == CellValues.String || type == CellValues.Error || type == CellValues.Date) return raw;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)) return raw;
        uint style = cell.StyleIndex?.Value ?? 0;
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

    private static string TextOf(OpenXmlElement item)
    {
        // Rich text runs concatenate; phonetic guides (rPh) are not part of the value.
        var text = new StringBuilder();
        foreach (var t in item.Descendants<DocumentFormat.OpenXml.Spreadsheet.Text>())
            if (t.Parent is not PhoneticRun) text.Append(t.Text);
        return text.ToString();
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
