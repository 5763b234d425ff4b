using System.Text.Json;
using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Sources;
using DataReadiness.Tests.Support;

namespace DataReadiness.Tests.Sources;

/// <summary>Spreadsheet sources, on workbooks LibreOffice Calc wrote (Fixtures/README.md says how).</summary>
public sealed class XlsxSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Sources", "Fixtures", name);

    [Fact]
    public void Cells_read_as_the_user_sees_them_dates_formulas_empty_cells_and_the_empty_row_counted()
    {
        using var reader = new XlsxRowReader(Fixture("maintenance.xlsx"), null, "maintenance.xlsx");
        Assert.Equal(["order_id", "opened", "closed_at", "vendor", "weight_kg", "done", "notes", "double_weight"], reader.Columns);
        var rows = new List<(long Row, string?[] Values)>();
        while (reader.Read())
            rows.Add((reader.RowNumber, Enumerable.Range(0, reader.Columns.Count)
                .Select(c => reader.IsNull(c) ? null : System.Text.Encoding.UTF8.GetString(reader.GetUtf8(c))).ToArray()));

        Assert.Equal([1L, 2, 3, 5], rows.Select(r => r.Row));
        Assert.Equal(new string?[] { "WO-1001", "2024-03-01", "2024-03-01 14:30:00", "Müller GmbH", "12.5", "TRUE", "chk brg temp hi", "25" }, rows[0].Values);
        Assert.Equal(new string?[] { "WO-1003", "2024-03-04", "2024-03-05 08:00:00", null, null, "TRUE", "repl w/ new, \"urgent\"", "0" }, rows[2].Values);
        Assert.Equal("0.1", rows[3].Values[4]);
        Assert.Equal("0.2", rows[3].Values[7]);
        Assert.Equal(1, reader.Diagnostics.RowsSkipped);
        Assert.Equal("empty row", reader.Diagnostics.Examples.Single().Reason);
        Assert.Equal(5, reader.Diagnostics.Examples.Single().Line);
    }

    [Fact]
    public void The_real_beers_workbook_profiles_like_the_csv_it_was_made_from()
    {
        var csv = SourceScanner.ScanSource(new SourceSpec(RealData.PathOf("beers/dirty.csv")), _dir.Path, 100_000, 42);
        var xlsx = SourceScanner.ScanSource(new SourceSpec(Fixture("beers_dirty.xlsx")), _dir.Path, 100_000, 42);

        Assert.Equal(2410, xlsx.RowsRead);
        Assert.Equal(csv.RowsRead, xlsx.RowsRead);
        Assert.Equal("xlsx (beers_dirty)", xlsx.Files.Single().Format);
        Assert.Equal(csv.Columns.Select(c => c.Name), xlsx.Columns.Select(c => c.Name));
        for (int c = 0; c < csv.Columns.Count; c++)
        {
            var fromCsv = ColumnProfileBuilder.Build(csv.Columns[c]);
            var fromXlsx = ColumnProfileBuilder.Build(xlsx.Columns[c]);
            Assert.Equal(fromCsv.Present, fromXlsx.Present);
            Assert.Equal(fromCsv.Distinct.Estimate, fromXlsx.Distinct.Estimate);
            Assert.Equal(fromCsv.TopValues[0].Value, fromXlsx.TopValues[0].Value);
            if (fromCsv.Numeric is not null) Assert.Equal(fromCsv.Numeric.Mean, fromXlsx.Numeric!.Mean, 1e-9);
        }
        // The same sample rows, so the rules see the same values whichever format the extract came in.
        Assert.Equal(csv.Sample.Rows.Take(100).Select(r => r.Row), xlsx.Sample.Rows.Take(100).Select(r => r.Row));
    }

    [Fact]
    public void A_job_on_a_workbook_runs_end_to_end_and_a_wrong_sheet_names_the_sheets_there_are()
    {
        var workbook = Path.Combine(_dir.Path, "beers.xlsx");
        File.Copy(Fixture("beers_dirty.xlsx"), workbook);
        var job = _dir.File("job.yaml", "name: beers-xlsx\nlive: { path: beers.xlsx, sheet: beers_dirty }\ncolumns:\n  ounces: { unit: oz }\n");
        var (code, _, err) = TestCli.Run("run", job, "--out", Path.Combine(_dir.Path, "reports"));
        Assert.True(code is 0 or 1 or 2, err);
        using var findings = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir.Path, "reports", "beers-xlsx", "latest", "findings.json")));
        Assert.Equal(2410, findings.RootElement.GetProperty("sources").GetProperty("live").GetProperty("rows_read").GetInt64());
        var hits = findings.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rows_affected").GetInt64() > 0).Select(f => (f.GetProperty("kind").GetString(), f.GetProperty("column").GetString())).ToList();
        Assert.Contains(("null_like", "ibu"), hits);
        Assert.Contains(("unit_in_value", "ounces"), hits);

        var wrong = _dir.File("wrong.yaml", "name: wrong\nlive: { path: beers.xlsx, sheet: Sheet9 }\n");
        var (wrongCode, _, wrongErr) = TestCli.Run("run", wrong, "--out", Path.Combine(_dir.Path, "reports"));
        Assert.Equal(4, wrongCode);
        Assert.Contains("beers.xlsx: no sheet named 'Sheet9' (sheets: beers_dirty)", wrongErr);
    }

    [Fact]
    public void A_file_that_is_not_a_workbook_is_a_clear_input_error()
    {
        var fake = _dir.File("fake.xlsx", "order_id,qty\n1,2\n");
        var error = Assert.Throws<SourceReadException>(() => SourceScanner.ScanSource(new SourceSpec(fake), _dir.Path, 10, 1, display: Path.GetFileName));
        Assert.StartsWith("fake.xlsx: not a readable .xlsx workbook", error.Message);
    }

    [Theory]
    [InlineData("yyyy\\-mm\\-dd", true)]
    [InlineData("[$-409]d-mmm-yy;@", true)]
    [InlineData("hh:mm", true)]
    [InlineData("0.00", false)]
    [InlineData("[Red]#,##0", false)]
    [InlineData("\"day\"0", false)]
    [InlineData("@", false)]
    public void Date_format_codes_are_told_from_number_format_codes(string code, bool isDate) =>
        Assert.Equal(isDate, XlsxRowReader.IsDateFormatCode(code));
}
