using System.Security.Cryptography;
using System.Text;
using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Sources;
using DataReadiness.Tests.Support;
using DataReadiness.Values;

namespace DataReadiness.Tests.Sources;

public class CsvSourceTests
{
    private static FileScan Scan(string path, SourceSpec? spec = null, int sample = 100) =>
        SourceScanner.ScanFile(path, spec ?? new SourceSpec(path), sample, 42);

    private static ColumnProfileState Column(FileScan scan, string name) =>
        scan.States.Single(s => s.Name == name);

    [Fact]
    public void Sampled_values_of_every_length_come_back_exactly()
    {
        // Field lengths are packed in 7-bit groups: the lengths around each group boundary, empty and multi-byte text.
        int[] lengths = [0, 1, 126, 127, 128, 16_382, 16_383, 16_384, 70_000];
        using var dir = new TempDirectory();
        var expected = lengths.Select((n, i) => new string((char)('a' + i), n)).ToList();
        expected.Add("Müller – 東京");
        var path = dir.File("lengths.csv", "id,text\n" + string.Concat(expected.Select((t, i) => $"{i},\"{t}\"\n")));
        var scan = Scan(path, sample: 1000);
        Assert.Equal(expected, scan.Sample.ToRows().OrderBy(r => r.Row).Select(r => r.Values[1]));
        Assert.Equal(expected.Select((_, i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), scan.Sample.ToRows().OrderBy(r => r.Row).Select(r => r.Values[0]));
    }

    [Fact]
    public void A_detected_separator_is_reported_as_detected()
    {
        using var dir = new TempDirectory();
        var path = dir.File("semi.csv", "a;b\n1;2\n3;4\n");
        var scan = Scan(path);
        Assert.Equal(["a", "b"], scan.Columns);
        Assert.Equal(";", scan.Diagnostics.Separator);
        Assert.True(scan.Diagnostics.SeparatorDetected);
        Assert.Equal(2, scan.RowsRead);
    }

    [Fact]
    public void An_explicit_separator_wins_over_detection()
    {
        using var dir = new TempDirectory();
        // Detection would pick ',' (more of them); the job says '|'.
        var path = dir.File("pipe.csv", "a|b\n1,5|2,5\n3,1|4,1\n");
        var scan = Scan(path, new SourceSpec(path, Separator: '|'));
        Assert.Equal(["a", "b"], scan.Columns);
        Assert.False(scan.Diagnostics.SeparatorDetected);
        Assert.Equal(2, Column(scan, "a").KindCounts[(int)ValueKind.Text]);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_reported_and_kept_out_of_the_first_header()
    {
        using var dir = new TempDirectory();
        var path = dir.Bytes("bom.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("vendor,qty\nMüller,1\n")]);
        var scan = Scan(path);
        Assert.Equal("vendor", scan.Columns[0]);
        Assert.Equal("utf-8 (BOM)", scan.Diagnostics.ByteOrderMark);
        Assert.Equal("Müller", scan.Sample.ToRows()[0].Values[0]);
    }

    [Fact]
    public void Utf16_with_a_byte_order_mark_is_transcoded()
    {
        using var dir = new TempDirectory();
        var path = dir.Bytes("utf16.csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("vendor,qty\nSchäfer,2\n")]);
        var scan = Scan(path);
        Assert.Equal(["vendor", "qty"], scan.Columns);
        Assert.Equal("Schäfer", scan.Sample.ToRows()[0].Values[0]);
        Assert.Equal("utf-16le (BOM)", scan.Diagnostics.ByteOrderMark);
    }

    [Fact]
    public void Latin1_bytes_are_counted_as_invalid_utf8_unless_the_job_names_the_encoding()
    {
        using var dir = new TempDirectory();
        var bytes = Encoding.Latin1.GetBytes("vendor,qty\nMüller,1\nBöhm,2\nAcme,3\n");
        var path = dir.Bytes("latin1.csv", bytes);
        Assert.Equal(2, Column(Scan(path), "vendor").InvalidUtf8);
        var declared = Scan(path, new SourceSpec(path, Encoding: "windows-1252"));
        Assert.Equal(0, Column(declared, "vendor").InvalidUtf8);
        Assert.Equal(["Müller", "Böhm", "Acme"], declared.Sample.ToRows().Select(r => r.Values[0]));
    }

    [Fact]
    public void Ragged_rows_are_skipped_counted_and_reported_with_row_and_line_numbers()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n13,14,15\n");
        var scan = Scan(path);
        Assert.Equal(3, scan.RowsRead);
        Assert.Equal(2, scan.Diagnostics.RowsSkipped);
        Assert.Equal(2, scan.Diagnostics.MalformedByReason["FieldCountMismatch"]);
        Assert.Equal([(2L, 3L), (4L, 5L)], scan.Diagnostics.Examples.Select(e => (e.Row, e.Line)));
        Assert.Equal("4,5", scan.Diagnostics.Examples[0].Excerpt);
        // Row numbers after a skipped row still count it: "13,14,15" is data row 5.
        Assert.Equal([1L, 3L, 5L], scan.Sample.ToRows().Select(r => r.Row));
    }

    [Fact]
    public void Stray_quotes_are_recovered_kept_and_counted()
    {
        using var dir = new TempDirectory();
        var path = dir.File("stray.csv", "id,note\n1,replace \"o\" ring\n2,\"ok\"x\n3,fine\n");
        var scan = Scan(path);
        Assert.Equal(3, scan.RowsRead);
        Assert.Equal(2, scan.Diagnostics.RowsMalformed);
        Assert.Equal(0, scan.Diagnostics.RowsSkipped);
        Assert.Equal(["StrayQuote", "TextAfterClosingQuote"], scan.Diagnostics.Examples.Select(e => e.Reason));
        Assert.Equal("replace \"o\" ring", scan.Sample.ToRows()[0].Values[1]);
    }

    [Fact]
    public void An_unclosed_quote_is_reported_at_the_line_where_it_starts()
    {
        using var dir = new TempDirectory();
        var path = dir.File("unclosed.csv", "id,note\n1,a\n2,\"never closed\n3,b\n4,c\n");
        var scan = Scan(path);
        var problem = Assert.Single(scan.Diagnostics.Examples);
        Assert.Contains("UnterminatedQuote", problem.Reason);
        Assert.Equal(2, problem.Row);
        Assert.Equal(3, problem.Line);
        Assert.True(problem.Skipped);
        Assert.Contains("the 2 line(s) after it", problem.Detail);
        // Its field would be the rest of the file: it stays out of the profile, and is counted.
        Assert.Equal(1, scan.RowsRead);
        Assert.Equal(1, scan.Diagnostics.RowsSkipped);
    }

    [Fact]
    public void A_quoted_field_may_hold_line_breaks_and_stays_one_row()
    {
        using var dir = new TempDirectory();
        var path = dir.File("multiline.csv", "id,note\n1,\"line one\nline two\"\n2,x\n");
        var scan = Scan(path);
        Assert.Equal(2, scan.RowsRead);
        Assert.Equal(0, scan.Diagnostics.RowsMalformed);
        Assert.Equal("line one\nline two", scan.Sample.ToRows()[0].Values[1]);
    }

    [Fact]
    public void Blank_and_duplicate_headers_get_unique_names_and_are_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.File("headers.csv", "id,,id\n1,2,3\n");
        var scan = Scan(path);
        Assert.Equal(["id", "column_2", "id_2"], scan.Columns);
        Assert.Equal(2, scan.Diagnostics.HeaderProblems.Count);
    }

    [Fact]
    public void Counts_are_exact_over_every_row()
    {
        using var dir = new TempDirectory();
        var text = new StringBuilder("qty,uom\n");
        for (int i = 0; i < 5000; i++) text.Append(i % 10 == 0 ? "" : (i % 7 == 0 ? "N/A" : i.ToString())).Append(",EA\n");
        var path = dir.File("counts.csv", text.ToString());
        var qty = Column(Scan(path, sample: 10), "qty");
        Assert.Equal(5000, qty.Rows);
        Assert.Equal(500, qty.Blanks);
        int naCount = Enumerable.Range(0, 5000).Count(i => i % 10 != 0 && i % 7 == 0);
        Assert.Equal(naCount, qty.KindCounts[(int)ValueKind.Text]);
        Assert.Equal(4500 - naCount, qty.KindCounts[(int)ValueKind.Integer]);
    }

    [Fact]
    public void The_hash_computed_while_parsing_equals_the_files_sha256()
    {
        using var dir = new TempDirectory();
        var path = dir.File("h.csv", "a,b\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i},{i * 3}\n")));
        var scan = Scan(path);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), scan.Sha256);
        Assert.Equal(new FileInfo(path).Length, scan.Bytes);
    }

    [Fact]
    public void An_empty_file_is_an_error_that_names_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("empty.csv", "");
        var error = Assert.Throws<SourceReadException>(() => Scan(path));
        Assert.Contains("empty.csv", error.Message);
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void A_missing_file_and_a_folder_are_errors_that_say_so()
    {
        using var dir = new TempDirectory();
        var missing = Assert.Throws<SourceReadException>(() => SourceFiles.Resolve("nope.csv", dir.Path));
        Assert.Contains("nope.csv: no such file", missing.Message);
        Directory.CreateDirectory(Path.Combine(dir.Path, "extracts"));
        var folder = Assert.Throws<SourceReadException>(() => SourceFiles.Resolve("extracts", dir.Path));
        Assert.Contains("is a directory", folder.Message);
        Assert.Throws<SourceReadException>(() => SourceFiles.Resolve("extracts/*.csv", dir.Path));
    }

    [Fact]
    public void A_glob_of_several_files_is_one_source_with_columns_matched_by_name()
    {
        using var dir = new TempDirectory();
        dir.File("extracts/2026-11-01.csv", "id,vendor\n1,Acme\n2,Böhm\n");
        dir.File("extracts/2026-11-02.csv", "vendor,id,plant\nAcme,3,HAM1\n");
        dir.File("extracts/readme.txt", "not data");
        var scan = SourceScanner.ScanSource(new SourceSpec("extracts/*.csv"), dir.Path, 100, 42);
        Assert.Equal(2, scan.Files.Count);
        Assert.Equal(3, scan.RowsRead);
        Assert.Equal(["id", "vendor", "plant"], scan.Columns.Select(c => c.Name));
        var plant = scan.Columns.Single(c => c.Name == "plant");
        Assert.Equal((3L, 2L), (plant.Rows, plant.Nulls));
        Assert.Equal(["plant"], scan.MissingColumnsByFile[scan.Files[0].Path]);
        var lastRow = scan.Sample.ToRows().Single(r => r.File == scan.Files[1].Path);
        Assert.Equal(new string?[] { "3", "Acme", "HAM1" }, lastRow.Values.AsEnumerable());
    }

    [Fact]
    public void Reading_leaves_the_input_unchanged_and_works_on_a_read_only_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ro.csv", "a\n1\n");
        var before = File.ReadAllBytes(path);
        File.SetAttributes(path, FileAttributes.ReadOnly);
        try
        {
            Assert.Equal(1, Scan(path).RowsRead);
            Assert.Equal(before, File.ReadAllBytes(path));
        }
        finally
        {
            File.SetAttributes(path, FileAttributes.Normal);
        }
    }
}
