using System.IO.Compression;
using System.Security;
using System.Text;

namespace DataReadiness.Tests.Support;

/// <summary>
/// Writes an .xlsx package by hand (the parts a workbook needs and nothing else), so a test can build what no
/// spreadsheet program writes: a cell of millions of characters, a sheet with no rows.
/// </summary>
public static class TinyWorkbook
{
    /// <summary>One sheet: its name and the XML inside its sheetData element.</summary>
    public sealed record SheetXml(string Name, string SheetData);

    public static void Write(string path, IReadOnlyList<SheetXml> sheets, IReadOnlyList<string>? sharedStrings = null)
    {
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        const string ct = "application/vnd.openxmlformats-officedocument.spreadsheetml";

        var types = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
            "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
            $"<Override PartName=\"/xl/workbook.xml\" ContentType=\"{ct}.sheet.main+xml\"/>");
        for (int i = 1; i <= sheets.Count; i++)
            types.Append($"<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"{ct}.worksheet+xml\"/>");
        if (sharedStrings is not null) types.Append($"<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"{ct}.sharedStrings+xml\"/>");
        Entry(zip, "[Content_Types].xml", types.Append("</Types>").ToString());

        Entry(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
            $"<Relationship Id=\"rId1\" Type=\"{rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");

        var workbook = new StringBuilder($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{main}\" xmlns:r=\"{rel}\"><sheets>");
        var links = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        for (int i = 1; i <= sheets.Count; i++)
        {
            workbook.Append($"<sheet name=\"{SecurityElement.Escape(sheets[i - 1].Name)}\" sheetId=\"{i}\" r:id=\"rId{i}\"/>");
            links.Append($"<Relationship Id=\"rId{i}\" Type=\"{rel}/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>");
            Entry(zip, $"xl/worksheets/sheet{i}.xml",
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{main}\"><sheetData>{sheets[i - 1].SheetData}</sheetData></worksheet>");
        }
        if (sharedStrings is not null)
        {
            links.Append($"<Relationship Id=\"rId{sheets.Count + 1}\" Type=\"{rel}/sharedStrings\" Target=\"sharedStrings.xml\"/>");
            var table = new StringBuilder($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{main}\" count=\"{sharedStrings.Count}\">");
            foreach (var s in sharedStrings) table.Append("<si><t xml:space=\"preserve\">").Append(SecurityElement.Escape(s)).Append("</t></si>");
            Entry(zip, "xl/sharedStrings.xml", table.Append("</sst>").ToString());
        }
        Entry(zip, "xl/workbook.xml", workbook.Append("</sheets></workbook>").ToString());
        Entry(zip, "xl/_rels/workbook.xml.rels", links.Append("</Relationships>").ToString());
    }

    /// <summary>A row of inline-string cells, from column A.</summary>
    public static string Row(int row, params string[] cells)
    {
        var xml = new StringBuilder($"<row r=\"{row}\">");
        for (int c = 0; c < cells.Length; c++)
            xml.Append($"<c r=\"{(char)('A' + c)}{row}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{SecurityElement.Escape(cells[c])}</t></is></c>");
        return xml.Append("</row>").ToString();
    }

    private static void Entry(ZipArchive zip, string name, string text)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        var bytes = Encoding.UTF8.GetBytes(text);
        stream.Write(bytes);
    }
}
