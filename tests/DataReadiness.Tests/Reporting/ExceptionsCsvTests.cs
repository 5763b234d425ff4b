using DataReadiness.Findings;
using DataReadiness.Reporting;
using DataReadiness.Runs;
using DataReadiness.Tests.Support;

namespace DataReadiness.Tests.Reporting;

public class ExceptionsCsvTests
{
    [Fact]
    public void Lines_are_quoted_as_RFC_4180_asks_formula_starts_are_neutralised_and_each_source_keeps_its_own_name()
    {
        ExceptionRow[] rows =
        [
            new("live.csv", 7, "notes", "text.shorthand", "shorthand", "chk brg, repl w/ new", "check bearing"),
            new("live.csv", 12, "weight", "units.in_value", "unit_in_value", "=2+2", null),
            new("my extracts, 2026/po.csv", 3, "vendor", "vendors.variants", "vendor_variant", "Müller \"AG\"", "Mueller AG"),
            new("my extracts, 2026/po.csv", -1, "vendor", "vendors.variants", "vendor_variant", " padded", ""),
            new("poc.parquet", 1_234_567_890_123, "*", "hygiene.duplicate_rows", "duplicate_row", "duplicate of row 4", ""),
            new("poc.parquet", 2, "note", "text.shorthand", "shorthand", "  =HYPERLINK(\"http://x\")", "  @SUM(A1)"),
        ];
        Assert.Equal(
            "source,row,column,rule,kind,value,suggestion\n" +
            "live.csv,7,notes,text.shorthand,shorthand,\"chk brg, repl w/ new\",check bearing\n" +
            "live.csv,12,weight,units.in_value,unit_in_value,'=2+2,\n" +
            "\"my extracts, 2026/po.csv\",3,vendor,vendors.variants,vendor_variant,\"Müller \"\"AG\"\"\",Mueller AG\n" +
            "\"my extracts, 2026/po.csv\",-1,vendor,vendors.variants,vendor_variant,\" padded\",\n" +
            "poc.parquet,1234567890123,*,hygiene.duplicate_rows,duplicate_row,duplicate of row 4,\n" +
            "poc.parquet,2,note,text.shorthand,shorthand,\"'  =HYPERLINK(\"\"http://x\"\")\",'  @SUM(A1)\n",
            ExceptionsCsv.Render(rows));
    }

    [Fact]
    public void The_file_written_through_a_stream_is_the_rendered_text_in_UTF8_without_a_byte_order_mark()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "exceptions.csv");
        // More lines than one write buffer holds.
        var rows = Enumerable.Range(0, 20_000).Select(i => new ExceptionRow("live.csv", i, "vendor", "r", "k", $"Ærø {i}", null)).ToList();
        AtomicFiles.WriteText(path, writer => ExceptionsCsv.Write(writer, rows));
        var bytes = File.ReadAllBytes(path);
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal(ExceptionsCsv.Render(rows), System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal(["exceptions.csv"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }
}
