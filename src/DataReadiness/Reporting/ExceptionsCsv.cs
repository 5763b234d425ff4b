using System.Globalization;
using System.Text;
using DataReadiness.Findings;

namespace DataReadiness.Reporting;

/// <summary>
/// exceptions.csv: one line per flagged cell for the people who fix the data. Values that a spreadsheet would run
/// as a formula (starting with = + - @, tab or carriage return) get a leading apostrophe (OWASP's CSV injection advice).
/// </summary>
public static class ExceptionsCsv
{
    public const string Header = "source,row,column,rule,kind,value,suggestion";

    public static string Render(IEnumerable<ExceptionRow> rows)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, rows);
        return writer.ToString();
    }

    /// <summary>Writes the file to <paramref name="writer"/> line by line (a run can flag millions of cells).</summary>
    public static void Write(TextWriter writer, IEnumerable<ExceptionRow> rows)
    {
        writer.Write(Header);
        writer.Write('\n');
        Span<char> number = stackalloc char[20];
        string? lastSource = null, lastSourceField = null;
        foreach (var r in rows)
        {
            // Rows come sorted by source: its quoted form is made once per file, not once per line.
            if (!ReferenceEquals(r.Source, lastSource)) (lastSource, lastSourceField) = (r.Source, Field(r.Source));
            writer.Write(lastSourceField);
            writer.Write(',');
            r.Row.TryFormat(number, out int written, default, CultureInfo.InvariantCulture);
            writer.Write(number[..written]);
            writer.Write(',');
            writer.Write(Field(r.Column));
            writer.Write(',');
            writer.Write(Field(r.Rule));
            writer.Write(',');
            writer.Write(Field(r.Kind));
            writer.Write(',');
            writer.Write(Field(r.Value));
            writer.Write(',');
            writer.Write(Field(r.Suggestion ?? ""));
            writer.Write('\n');
        }
    }

    /// <summary>
    /// Neutralises formula starts, also after leading whitespace (a spreadsheet may trim " =1+1" and run it), then
    /// quotes as RFC 4180 asks.
    /// </summary>
    public static string Field(string value)
    {
        int first = 0;
        while (first < value.Length && value[first] is ' ' or '\u00A0' or '\n') first++;
        if (first < value.Length && value[first] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '))
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;
    }
}
