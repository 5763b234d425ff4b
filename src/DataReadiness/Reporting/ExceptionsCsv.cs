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
        var builder = new StringBuilder(Header).Append('\n');
        foreach (var r in rows)
        {
            builder.Append(Field(r.Source)).Append(',')
                .Append(r.Row.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Field(r.Column)).Append(',')
                .Append(Field(r.Rule)).Append(',')
                .Append(Field(r.Kind)).Append(',')
                .Append(Field(r.Value)).Append(',')
                .Append(Field(r.Suggestion ?? "")).Append('\n');
        }
        return builder.ToString();
    }

    /// <summary>Neutralises formula starts, then quotes as RFC 4180 asks.</summary>
    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '))
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;
    }
}
