using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using DataReadiness.Cli;
using DataReadiness.Tests.Support;
using Parquet;
using Parquet.Schema;
using Xunit.Abstractions;

namespace DataReadiness.Tests.Runs;

/// <summary>
/// Hostile input, end to end through the command line: each case ends in a clear error that names the file (exit
/// 3 or 4), or in a completed run whose findings count what was wrong; nothing is dropped silently.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Reports => Path.Combine(_dir.Path, "reports");

    private (int Code, string Err, JsonNode? Findings) RunCsv(string fileName, byte[] contents, string sourceOptions = "")
    {
        _dir.Bytes(fileName, contents);
        var job = _dir.File("job.yaml", $"name: hostile\nlive: {{ path: \"{fileName}\"{sourceOptions} }}\nsample: {{ rows: 1000 }}\n");
        return RunJob(job);
    }

    private (int Code, string Err, JsonNode? Findings) RunJob(string job)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CommandLineApp.Run(["run", job, "--out", Reports], stdout, stderr);
        var latest = Path.Combine(Reports, "hostile", "latest", "findings.json");
        output.WriteLine(stderr.ToString());
        return (code, stderr.ToString(), code <= 2 && File.Exists(latest) ? JsonNode.Parse(File.ReadAllText(latest)) : null);
    }

    private static JsonNode Live(JsonNode findings) => findings["sources"]!["live"]!;
    private static bool Completed(int code) => code is ExitCodes.Ready or ExitCodes.Conditional or ExitCodes.NotReady;

    [Fact]
    public void An_empty_file_is_an_input_error_naming_the_file()
    {
        var (code, err, _) = RunCsv("empty.csv", []);
        Assert.Equal(ExitCodes.InputUnreadable, code);
        Assert.Contains("empty.csv: the file is empty", err);
    }

    [Fact]
    public void A_header_only_file_runs_and_reports_zero_rows()
    {
        var (code, _, findings) = RunCsv("header.csv", "vendor,qty\n"u8.ToArray());
        Assert.True(Completed(code));
        Assert.Equal(0, (long)Live(findings!)["rows_read"]!);
        Assert.Equal(["vendor", "qty"], Live(findings!)["columns"]!.AsArray().Select(c => (string)c!["name"]!));
    }

    private (int Code, string Err, JsonNode? Findings) RunPair(string live, string poc, string gate = "")
    {
        var job = _dir.File("job.yaml", $"name: hostile\nlive: {{ path: \"{live}\" }}\npoc: {{ path: \"{poc}\", accuracy: 0.9 }}\n{gate}");
        return RunJob(job);
    }

    private static string FirstReason(JsonNode findings) => (string)findings["gate"]!["reasons"]![0]!;

    [Theory]
    [InlineData("header.csv", "rows.csv", "live extract has no rows (header.csv)")]
    [InlineData("rows.csv", "header.csv", "POC set has no rows (header.csv): nothing to compare live with")]
    [InlineData("header.csv", "header.csv", "live extract has no rows (header.csv)")]
    [InlineData("zero.parquet", "rows.csv", "live extract has no rows (zero.parquet)")]
    [InlineData("rows.csv", "zero.parquet", "POC set has no rows (zero.parquet): nothing to compare live with")]
    public void An_empty_side_is_not_ready_with_the_reason_first_and_no_estimate(string live, string poc, string reason)
    {
        _dir.File("header.csv", "id\n");
        _dir.File("rows.csv", "id\n" + string.Join("\n", Enumerable.Range(0, 200)) + "\n");
        WriteParquet("zero.parquet", rows: 0);
        var (code, _, findings) = RunPair(live, poc);
        Assert.Equal(ExitCodes.NotReady, code);
        Assert.Equal(reason, FirstReason(findings!));
        Assert.Null(findings!["estimate"]);
        // Every column of an empty side would "drift": said once, by the reason above, not per column.
        Assert.DoesNotContain(findings["gate"]!["reasons"]!.AsArray(), r => ((string)r!).StartsWith("drift on", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(Reports, "hostile", "latest", "readiness.html")));
    }

    [Fact]
    public void Malformed_rows_past_the_gates_share_make_the_run_not_ready()
    {
        // 3 of 10 data rows have a field too many: 30% of the extract never read as written.
        var rows = Enumerable.Range(0, 10).Select(i => i % 3 == 1 && i < 9 ? $"{i},x,extra" : $"{i},x");
        _dir.File("ragged.csv", "id,v\n" + string.Join("\n", rows) + "\n");
        _dir.File("poc.csv", "id,v\n" + string.Join("\n", Enumerable.Range(0, 10).Select(i => $"{i},x")) + "\n");
        var (code, _, findings) = RunPair("ragged.csv", "poc.csv");
        Assert.Equal(ExitCodes.NotReady, code);
        Assert.Equal("30.0% of live rows are malformed (3 of 10 in ragged.csv: 3 skipped, the rest recovered), above the gate's 1.0%", FirstReason(findings!));
        // The gate can allow it.
        (code, _, findings) = RunPair("ragged.csv", "poc.csv", "gate: { max_malformed_share: 0.5 }\n");
        Assert.DoesNotContain(findings!["gate"]!["reasons"]!.AsArray(), r => ((string)r!).Contains("malformed", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_and_blank_headers_are_renamed_and_reported()
    {
        var (code, _, findings) = RunCsv("headers.csv", "id,,id\n1,2,3\n"u8.ToArray());
        Assert.True(Completed(code));
        var file = Live(findings!)["files"]![0]!;
        Assert.Equal(2, file["header_problems"]!.AsArray().Count);
        Assert.Equal(["id", "column_2", "id_2"], Live(findings!)["columns"]!.AsArray().Select(c => (string)c!["name"]!));
    }

    [Fact]
    public void A_workbook_cell_of_millions_of_characters_is_counted_and_its_row_skipped()
    {
        // A shared string and an inline string past the cap (a few KB of zip; the issue's 308 KB file held 300 MB and
        // took 5.8 GB): each row is skipped as malformed with the cell and its length, the other rows read.
        var rows = new List<string> { TinyWorkbook.Row(1, "id", "note") };
        for (int r = 2; r <= 41; r++)
            rows.Add(r switch
            {
                7 => "<row r=\"7\"><c r=\"A7\" t=\"inlineStr\"><is><t>6</t></is></c><c r=\"B7\" t=\"s\"><v>0</v></c></row>",
                12 => TinyWorkbook.Row(12, "11", new string('y', 1_500_000)),
                _ => TinyWorkbook.Row(r, $"{r - 1}", r % 2 == 0 ? "chk brg" : "ok"),
            });
        TinyWorkbook.Write(Path.Combine(_dir.Path, "big.xlsx"), [new("orders", string.Concat(rows))], [new string('x', 2_000_000)]);
        _dir.File("poc.csv", "id,note\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{i},ok")) + "\n");

        var (code, err, findings) = RunPair("big.xlsx", "poc.csv");

        Assert.Equal(ExitCodes.NotReady, code);
        var live = Live(findings!);
        Assert.Equal((38L, 2L, 2L), ((long)live["rows_read"]!, (long)live["rows_malformed"]!, (long)live["rows_skipped"]!));
        var examples = live["files"]![0]!["malformed_examples"]!.AsArray();
        Assert.Equal(["B7: 2,000,000 characters", "B12: 1,500,000 characters"], examples.Select(e => (string)e!["excerpt"]!));
        Assert.All(examples, e => Assert.Equal("cell longer than 1,048,576 characters", (string)e!["reason"]!));
        Assert.Equal([6L, 11L], examples.Select(e => (long)e!["row"]!));
        Assert.Equal("5.0% of live rows are malformed (2 of 40 in big.xlsx: 2 skipped, the rest recovered), above the gate's 1.0%", FirstReason(findings!));
        Assert.DoesNotContain("yyyyyyyyyy", File.ReadAllText(Path.Combine(Reports, "hostile", "latest", "exceptions.csv")));
        Assert.DoesNotContain("xxxxxxxxxx", err);
    }

    [Fact]
    public void An_empty_sheet_is_an_input_error_like_an_empty_csv_and_a_header_only_sheet_a_side_with_no_rows()
    {
        // No header at all, in any format: exit 4 (nothing to read yet). A header and no rows: a run, not_ready.
        TinyWorkbook.Write(Path.Combine(_dir.Path, "book.xlsx"),
            [new("empty", ""), new("header", TinyWorkbook.Row(1, "id", "note"))]);
        _dir.File("poc.csv", "id,note\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{i},ok")) + "\n");

        var job = _dir.File("job.yaml", "name: hostile\nlive: { path: book.xlsx, sheet: empty }\npoc: { path: poc.csv, accuracy: 0.9 }\n");
        var (code, err, _) = RunJob(job);
        Assert.Equal(ExitCodes.InputUnreadable, code);
        Assert.Contains("book.xlsx: sheet 'empty' is empty (no header row)", err);

        job = _dir.File("job.yaml", "name: hostile\nlive: { path: book.xlsx, sheet: header }\npoc: { path: poc.csv, accuracy: 0.9 }\n");
        (code, _, var findings) = RunJob(job);
        Assert.Equal(ExitCodes.NotReady, code);
        Assert.Equal("live extract has no rows (book.xlsx)", FirstReason(findings!));
    }

    [Theory]
    [InlineData("id,vendor,qty", ',', 3L, new long[] { 2, 4, 6 })]
    [InlineData("id;vendor;qty", ';', 3L, new long[] { 1, 3, 5 })]
    public void Rows_with_the_other_separator_are_counted_once_each_at_their_own_row(string header, char separator, long read, long[] malformedRows)
    {
        // The issue saw 3 read + 6 malformed of 6 data rows, "first at data row 0": every data row counted once, here.
        var rows = "1,Acme,5\n2;Beta;6\n3,Gamma,7\n4;Delta;8\n5,Eps,9\n6;Zeta;10\n";
        var (_, err, findings) = RunCsv("mixed.csv", System.Text.Encoding.UTF8.GetBytes(header + "\n" + rows));
        var live = Live(findings!);
        Assert.Equal(separator.ToString(), (string)live["files"]![0]!["separator"]!);
        Assert.Equal((read, 6 - read), ((long)live["rows_read"]!, (long)live["rows_malformed"]!));
        var examples = live["files"]![0]!["malformed_examples"]!.AsArray();
        Assert.Equal(malformedRows, examples.Select(e => (long)e!["row"]!));
        Assert.Equal(malformedRows.Select(r => r + 1), examples.Select(e => (long)e!["line"]!));
        Assert.Contains($"first at data row {malformedRows[0]}, line {malformedRows[0] + 1}", err);
    }

    [Fact]
    public void A_yaml_alias_bomb_is_refused_as_a_job_file_problem_without_expanding_it()
    {
        // Nine levels of nine aliases: 387 million "lol"s if expanded.
        var levels = new List<string> { "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]" };
        for (char c = 'b'; c <= 'i'; c++)
            levels.Add($"{c}: &{c} [{string.Join(",", Enumerable.Repeat($"*{(char)(c - 1)}", 9))}]");
        _dir.File("rows.csv", "id\n1\n");
        var job = _dir.File("job.yaml", "name: hostile\nlive: { path: rows.csv }\n" + string.Join("\n", levels) + "\n");
        var (code, err, _) = RunJob(job);
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Contains("job.yaml(3,1): job: unknown key 'a'", err);
        Assert.False(Directory.Exists(Path.Combine(Reports, "hostile")));
    }

    [Fact]
    public void Ragged_rows_are_counted_with_their_row_numbers()
    {
        var (code, err, findings) = RunCsv("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n"u8.ToArray());
        Assert.True(Completed(code));
        var live = Live(findings!);
        Assert.Equal((2L, 2L, 2L), ((long)live["rows_read"]!, (long)live["rows_malformed"]!, (long)live["rows_skipped"]!));
        Assert.Equal([2L, 3L], live["files"]![0]!["malformed_examples"]!.AsArray().Select(e => (long)e!["row"]!));
        Assert.Contains("2 malformed rows (2 skipped", err);
    }

    [Fact]
    public void An_unclosed_quote_is_reported_with_the_lines_it_swallowed()
    {
        var (code, _, findings) = RunCsv("quote.csv", "id,note\n1,a\n2,\"open\n3,b\n4,c\n"u8.ToArray());
        Assert.True(Completed(code));
        var example = Live(findings!)["files"]![0]!["malformed_examples"]![0]!;
        Assert.Contains("UnterminatedQuote", (string)example["reason"]!);
        Assert.Contains("the 2 line(s) after it", (string)example["detail"]!);
    }

    [Fact]
    public void Embedded_newlines_stay_in_their_field()
    {
        var (code, _, findings) = RunCsv("multiline.csv", "id,note\n1,\"two\nlines\"\n2,x\n"u8.ToArray());
        Assert.True(Completed(code));
        Assert.Equal((2L, 0L), ((long)Live(findings!)["rows_read"]!, (long)Live(findings!)["rows_malformed"]!));
    }

    [Fact]
    public void Mixed_line_endings_read_every_row()
    {
        var (code, _, findings) = RunCsv("endings.csv", "id,v\r\n1,a\n2,b\r\n3,c\r4,d\n"u8.ToArray());
        Assert.True(Completed(code));
        Assert.Equal(4, (long)Live(findings!)["rows_read"]!);
    }

    [Theory]
    [InlineData("utf8-bom", "utf-8 (BOM)")]
    [InlineData("utf16le", "utf-16le (BOM)")]
    [InlineData("utf16be", "utf-16be (BOM)")]
    public void Byte_order_marks_are_honoured_and_reported(string kind, string reported)
    {
        var text = "vendor,qty\nMüller,1\n";
        byte[] bytes = kind switch
        {
            "utf8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf16le" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            _ => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
        };
        var (code, _, findings) = RunCsv($"{kind}.csv", bytes);
        Assert.True(Completed(code));
        Assert.Equal(reported, (string)Live(findings!)["files"]![0]!["encoding"]!);
        Assert.Equal("Müller", (string)Live(findings!)["columns"]![0]!["top_values"]![0]!["value"]!);
    }

    [Fact]
    public void Latin1_bytes_are_counted_and_read_right_when_declared()
    {
        var bytes = Encoding.Latin1.GetBytes("vendor\nMüller\nBöhm\n");
        var (code, err, findings) = RunCsv("latin1.csv", bytes);
        Assert.True(Completed(code));
        Assert.Equal(2, (long)Live(findings!)["columns"]![0]!["invalid_utf8"]!);
        Assert.Contains("set encoding: windows-1252", err);
        var (_, _, declared) = RunCsv("latin1.csv", bytes, ", encoding: latin1");
        Assert.Equal(0, (long)Live(declared!)["columns"]![0]!["invalid_utf8"]!);
    }

    [Fact]
    public void A_100_mb_field_is_read_whole()
    {
        var bytes = new byte[100 * 1024 * 1024 + 32];
        var head = "id,blob\n1,"u8;
        head.CopyTo(bytes);
        bytes.AsSpan(head.Length, bytes.Length - head.Length - 5).Fill((byte)'x');
        "\n2,y\n"u8.CopyTo(bytes.AsSpan(bytes.Length - 5));
        var (code, _, findings) = RunCsv("huge.csv", bytes);
        Assert.True(Completed(code));
        var blob = Live(findings!)["columns"]![1]!;
        Assert.Equal(2, (long)Live(findings!)["rows_read"]!);
        Assert.Equal(bytes.Length - head.Length - 5, (double)blob["length"]!["max"]!);
    }

    [Fact]
    public void Nul_bytes_are_counted_per_column()
    {
        var (code, err, findings) = RunCsv("nul.csv", "id,note\n1,a\0b\n2,ok\n"u8.ToArray());
        Assert.True(Completed(code));
        Assert.Equal(1, (long)Live(findings!)["columns"]![1]!["nul_values"]!);
        Assert.Contains("NUL bytes", err);
    }

    private string WriteParquet(string name, int rows = 1000)
    {
        var path = Path.Combine(_dir.Path, name);
        var id = new DataField<int>("id");
        using (var stream = File.Create(path))
        {
            var writer = ParquetWriter.CreateAsync(new ParquetSchema(id), stream).GetAwaiter().GetResult();
            using (var group = writer.CreateRowGroup())
                group.WriteAsync<int>(id, Enumerable.Range(0, rows).ToArray().AsMemory()).GetAwaiter().GetResult();
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return path;
    }

    [Fact]
    public void Truncated_and_corrupt_parquet_are_input_errors_naming_the_file()
    {
        var good = File.ReadAllBytes(WriteParquet("good.parquet"));
        var (code, err, _) = RunCsv("truncated.parquet", good[..(good.Length / 2)]);
        Assert.Equal(ExitCodes.InputUnreadable, code);
        Assert.Contains("truncated.parquet", err);
        var corrupt = good.ToArray();
        for (int i = 8; i < corrupt.Length / 2; i++) corrupt[i] ^= 0x5A;
        (code, err, _) = RunCsv("corrupt.parquet", corrupt);
        Assert.Equal(ExitCodes.InputUnreadable, code);
        Assert.Contains("corrupt.parquet", err);
    }

    [Fact]
    public void A_missing_file_and_a_directory_are_input_errors()
    {
        var job = _dir.File("job.yaml", "name: hostile\nlive: { path: nowhere.csv }\n");
        var (code, err, _) = RunJob(job);
        Assert.Equal(ExitCodes.InputUnreadable, code);
        Assert.Contains("nowhere.csv: no such file", err);
        Directory.CreateDirectory(Path.Combine(_dir.Path, "folder.csv"));
        job = _dir.File("job.yaml", "name: hostile\nlive: { path: folder.csv }\n");
        (code, err, _) = RunJob(job);
        Assert.Equal(ExitCodes.InputUnreadable, code);
        Assert.Contains("folder.csv: is a directory", err);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void An_unreadable_file_is_an_input_error_naming_it()
    {
        var file = _dir.File("secret.csv", "a\n1\n");
        var job = _dir.File("job.yaml", "name: hostile\nlive: { path: secret.csv }\n");
        File.SetUnixFileMode(file, UnixFileMode.None);
        if (Environment.UserName != "root")
        {
            var (code, err, _) = RunJob(job);
            Assert.Equal(ExitCodes.InputUnreadable, code);
            Assert.Contains("secret.csv: cannot be read: permission denied", err);
            return;
        }
        // Root reads everything: run the command as nobody instead (setpriv, from util-linux), from a copy of the
        // binaries in this test's folder, which nobody can reach wherever the checkout is.
        var binaries = Path.Combine(_dir.Path, "bin");
        foreach (var source in Directory.EnumerateFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(binaries, Path.GetRelativePath(AppContext.BaseDirectory, source));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
        var dll = Path.Combine(binaries, "DataReadiness.Cli.dll");
        var open = (UnixFileMode)Convert.ToInt32("755", 8);
        foreach (var d in Directory.EnumerateDirectories(binaries, "*", SearchOption.AllDirectories).Append(binaries)) File.SetUnixFileMode(d, open);
        foreach (var f in Directory.EnumerateFiles(binaries, "*", SearchOption.AllDirectories)) File.SetUnixFileMode(f, (UnixFileMode)Convert.ToInt32("644", 8));
        for (var d = new DirectoryInfo(_dir.Path).Parent; d is not null; d = d.Parent)
            Assert.True(d.UnixFileMode.HasFlag(UnixFileMode.OtherExecute), $"{d.FullName} is closed to other users");
        // nobody reads the job file and writes the reports here; only the data file stays closed.
        File.SetUnixFileMode(_dir.Path, (UnixFileMode)Convert.ToInt32("777", 8));
        File.SetUnixFileMode(job, (UnixFileMode)Convert.ToInt32("644", 8));
        var info = new ProcessStartInfo("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "dotnet", dll, "run", job, "--out", Reports])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        info.Environment["HOME"] = _dir.Path;
        info.Environment["DOTNET_CLI_HOME"] = _dir.Path;
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(ExitCodes.InputUnreadable, process.ExitCode);
        Assert.Contains("secret.csv: cannot be read: permission denied", stderr);
    }

    [Theory]
    [InlineData("name: hostile\nlive: { path: [a.csv }\n", "not valid YAML")]
    [InlineData("name: hostile\nlive: { path: a.csv, colour: red }\n", "unknown key 'colour'")]
    [InlineData("name: hostile\nlive: { path: a.csv }\nsample: { rows: many }\n", "rows: expected a whole number")]
    [InlineData("name: ../../etc\nlive: { path: a.csv }\n", "names a folder under reports/")]
    [InlineData("name: ..\nlive: { path: a.csv }\n", "names a folder under reports/")]
    [InlineData("name: .\nlive: { path: a.csv }\n", "names a folder under reports/")]
    [InlineData("name: .hidden\nlive: { path: a.csv }\n", "names a folder under reports/")]
    public void Bad_job_files_exit_3_and_say_where(string yaml, string expected)
    {
        _dir.File("a.csv", "id\n1\n");
        var job = _dir.File("job.yaml", yaml);
        var (code, err, _) = RunJob(job);
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Contains(expected, err);
        Assert.Contains("job.yaml(", err);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "etc")));
        // Nothing written beside or at the root of the reports folder.
        Assert.Equal(["a.csv", "job.yaml"], Directory.GetFileSystemEntries(_dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_misspelt_or_non_scalar_column_under_columns_is_a_configuration_error_at_its_line()
    {
        _dir.File("po.csv", "vendor_name,qty\nAcme,1\nacme,2\n");
        var (code, err, _) = RunJob(_dir.File("job.yaml", "name: hostile\nlive: { path: po.csv }\ncolumns:\n  vendr_name: { role: vendor }\n"));
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Contains("job.yaml(4,3): columns.vendr_name: no column 'vendr_name' in live or in the POC; did you mean 'vendor_name'?", err);
        Assert.False(Directory.Exists(Path.Combine(Reports, "hostile", "latest")));
        (code, err, _) = RunJob(_dir.File("job.yaml", "name: hostile\nlive: { path: po.csv }\ncolumns:\n  [a, b]: { role: vendor }\n"));
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Contains("job.yaml(4,3): columns: each key is a column name", err);
    }

    [Fact]
    public void A_named_pipe_is_refused_with_or_without_a_writer_and_never_hangs()
    {
        var fifo = Path.Combine(_dir.Path, "feed.csv");
        using (var make = Process.Start("mkfifo", fifo)) make.WaitForExit();
        var job = _dir.File("job.yaml", "name: hostile\nlive: { path: feed.csv }\n");
        var before = DataReadiness.FileHash.OpenTimeout;
        DataReadiness.FileHash.OpenTimeout = TimeSpan.FromSeconds(2);
        try
        {
            // A writer: opened, and refused as not a file rather than failing on a seek with a stack.
            using (var writer = Process.Start("sh", ["-c", $"printf 'a,b\\n1,2\\n' > '{fifo}'"]))
            {
                var (code, err, _) = RunJob(job);
                Assert.Equal(ExitCodes.InputUnreadable, code);
                Assert.Contains("feed.csv: not a regular file (a named pipe or a device)", err);
                Assert.DoesNotContain("   at ", err);
                writer.WaitForExit();
            }
            // No writer: the open would block for ever, holding the job's lock.
            var watch = Stopwatch.StartNew();
            var (noWriterCode, noWriterErr, _) = RunJob(job);
            Assert.Equal(ExitCodes.InputUnreadable, noWriterCode);
            Assert.Contains("feed.csv: opening it waited 2 s with no answer (a named pipe with no writer?)", noWriterErr);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"{watch.Elapsed}");
            // The lock was released: the next run of the job is not told another one is in progress.
            Assert.DoesNotContain("in progress", RunJob(job).Err);
        }
        finally
        {
            DataReadiness.FileHash.OpenTimeout = before;
        }
    }

    [Fact]
    public void Sigterm_during_a_run_leaves_a_log_line_and_exit_143()
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "DataReadiness.Cli.dll"), "demo", "--rows", "400000", "--out", Reports])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(info)!;
        var lines = new List<string>();
        // Once the live extract is being read, the run is under way: stop it as a scheduler would.
        while (process.StandardError.ReadLine() is { } line)
        {
            lines.Add(line);
            if (line.Contains("live: reading", StringComparison.Ordinal)) break;
        }
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        lines.AddRange(process.StandardError.ReadToEnd().Split('\n'));
        process.WaitForExit();
        output.WriteLine(string.Join("\n", lines));
        Assert.Equal(143, process.ExitCode);
        Assert.Contains(lines, l => l.Contains("ERROR terminated by SIGTERM (exit 143): the run stops here", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(Reports, "demo", "latest", "findings.json")));
    }

    [Fact]
    public void A_recursive_glob_neither_loops_through_a_link_nor_reads_the_tools_own_reports()
    {
        var data = Path.Combine(_dir.Path, "data");
        Directory.CreateDirectory(Path.Combine(data, "sub"));
        File.WriteAllText(Path.Combine(data, "sub", "a.csv"), "id,v\n1,2\n2,3\n");
        File.CreateSymbolicLink(Path.Combine(data, "sub", "loop"), "..");
        File.CreateSymbolicLink(Path.Combine(data, "link.csv"), Path.Combine("sub", "a.csv"));
        var job = _dir.File("job.yaml", "name: hostile\nlive: { path: \"data/**/*.csv\" }\n");
        var reports = Path.Combine(data, "reports");
        for (int run = 0; run < 2; run++)
        {
            var stderr = new StringWriter();
            Assert.InRange(CommandLineApp.Run(["run", job, "--out", reports], new StringWriter(), stderr), 0, 2);
            var findings = JsonNode.Parse(File.ReadAllText(Path.Combine(reports, "hostile", "latest", "findings.json")))!;
            // The file and the link to it, once each: not through the loop, and never the first run's exceptions.csv.
            Assert.Equal(["data/link.csv", "data/sub/a.csv"], Live(findings)["files"]!.AsArray().Select(f => (string)f!["path"]!));
            Assert.Contains("not following", stderr.ToString());
        }
    }

    [Fact]
    public void A_one_column_file_of_notes_with_stray_semicolons_stays_one_column()
    {
        string[] notes = ["chk brg temp hi; repl w/ new", "ok", "replaced seal, tested", "pump noisy; chk again tmrw", "filter chgd", "all good"];
        var text = "note\n" + string.Join("\n", Enumerable.Range(0, 200).Select(i => notes[i * 7 % notes.Length])) + "\n";
        var (code, err, findings) = RunCsv("notes.csv", Encoding.UTF8.GetBytes(text));
        Assert.True(Completed(code));
        var live = Live(findings!);
        // Was split on ';': two columns and 60% of the rows dropped as malformed.
        Assert.Equal((200L, 0L), ((long)live["rows_read"]!, (long)live["rows_malformed"]!));
        Assert.Equal(["note"], live["columns"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.Contains("separator 'none (one column)' (detected)", err);
    }

    [Fact]
    public void Random_bytes_named_csv_are_refused_as_not_text()
    {
        var random = new Random(5);
        var bytes = new byte[200_000];
        random.NextBytes(bytes);
        var (code, err, _) = RunCsv("random.csv", bytes);
        Assert.Equal(ExitCodes.InputUnreadable, code);
        Assert.Contains("random.csv: does not look like text", err);
    }

    [Theory]
    [InlineData("stream")]
    [InlineData("duckdb")]
    public void Parquet_structs_times_timestamps_and_intervals_are_read_as_what_they_are(string engine)
    {
        // Written by DuckDB, as pandas or Spark would: a struct with a member named like a top-level column, TIME,
        // TIMESTAMP (some at midnight), DATE, and an INTERVAL Parquet.Net cannot read.
        var file = Path.Combine(_dir.Path, "typed.parquet");
        using (var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "COPY (SELECT i AS id, {'id': i * 10, 'name': 'n' || i} AS customer, TIME '12:34:56' + INTERVAL (i) SECOND AS t, " +
                                  "TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i * 6) HOUR AS ts, DATE '2024-01-01' + CAST(i AS INTEGER) AS d, INTERVAL (i) DAY AS iv " +
                                  $"FROM range(100) r(i)) TO '{file}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }
        var job = _dir.File("job.yaml", $"name: hostile\nlive: {{ path: typed.parquet, engine: {engine} }}\n");
        var (code, err, findings) = RunJob(job);
        Assert.True(Completed(code), err);
        var columns = Live(findings!)["columns"]!.AsArray().ToDictionary(c => (string)c!["name"]!, c => c!);
        // The struct's id is its own column (was merged into id: 200 values in a 100-row file).
        Assert.Equal(["id", "customer.id", "customer.name", "t", "ts", "d"], columns.Keys);
        Assert.All(columns.Values, c => Assert.Equal(100, (long)c["present"]!));
        string Top(string column) => (string)columns[column]["top_values"]![0]!["value"]!;
        Assert.Equal("12:34:56", Top("t"));
        Assert.Equal("2024-01-01T00:00:00", Top("ts"));
        Assert.Equal("2024-01-01", Top("d"));
        // The interval is skipped and said, not the whole file failed.
        Assert.Matches("column 'iv' has the (Parquet type Interval|type INTERVAL), which is not profiled", err);
        // A timestamp column has one format: the tool's own date rule finds nothing in it.
        Assert.DoesNotContain(findings!["findings"]!.AsArray(), f => (string)f!["column"]! == "ts" && (long)f["rows_affected"]! > 0);
    }

    [Fact]
    public void A_sample_beyond_the_documented_cap_is_a_configuration_error()
    {
        _dir.File("a.csv", "id\n1\n");
        var stderr = new StringWriter();
        var job = _dir.File("job.yaml", "name: hostile\nlive: { path: a.csv }\n");
        Assert.Equal(ExitCodes.InvalidConfiguration, CommandLineApp.Run(["run", job, "--sample-rows", "5000000", "--out", Reports], new StringWriter(), stderr));
        Assert.Contains("--sample-rows must be between 1 and 1,000,000", stderr.ToString());
        var (code, err, _) = RunJob(_dir.File("job.yaml", "name: hostile\nlive: { path: a.csv }\nsample: { rows: 5000000 }\n"));
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Contains("rows: 5000000 is out of range [1, 1000000]", err);
    }

    [Fact]
    public void An_unclosed_quote_under_the_duckdb_engine_is_read_by_the_streaming_pass_and_reported()
    {
        var rows = new[] { "id,vendor,qty" }.Concat(Enumerable.Range(1, 199).Select(i => i == 50 ? "50,\"Acme open,7" : $"{i},Acme {i % 7},{i % 13}"));
        var (code, err, findings) = RunCsv("quote.csv", Encoding.UTF8.GetBytes(string.Join("\n", rows) + "\n"), ", engine: duckdb");
        // Was one column named "id,vendor,qty", 0 bad rows, ready.
        Assert.Equal(ExitCodes.NotReady, code);
        var live = Live(findings!);
        Assert.Equal(["id", "vendor", "qty"], live["columns"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.Equal(1, (long)live["rows_malformed"]!);
        Assert.Contains("DuckDB could not parse it", err);
        Assert.Contains("WARN live: scanned by stream (engine duckdb could not parse the CSV: the streaming pass)", err);
    }

    [Fact]
    public void A_file_wider_than_the_documented_cap_is_refused_before_its_pass()
    {
        var header = string.Join(",", Enumerable.Range(0, 2001).Select(i => $"c{i}"));
        var watch = Stopwatch.StartNew();
        var (code, err, _) = RunCsv("wide.csv", Encoding.UTF8.GetBytes(header + "\n" + string.Join(",", Enumerable.Range(0, 2001)) + "\n"));
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Contains("wide.csv(1,2001): 2,001 columns, above the 2,000 a run profiles", err);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"{watch.Elapsed}");
    }

    [Fact]
    public void A_300_character_name_is_a_configuration_error()
    {
        _dir.File("a.csv", "id\n1\n");
        var job = _dir.File("job.yaml", $"name: {new string('n', 300)}\nlive: {{ path: a.csv }}\n");
        var (code, err, _) = RunJob(job);
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Contains("at most 100 characters", err);
        Assert.True(RunJob(_dir.File("job.yaml", $"name: {new string('n', 100)}\nlive: {{ path: a.csv }}\n")).Code <= ExitCodes.NotReady);
    }

    [Fact]
    public void The_same_input_twice_gives_identical_findings_apart_from_times()
    {
        var csv = "vendor,qty\nAcme,1\nN/A,2\nacme,3\n"u8.ToArray();
        var (_, _, first) = RunCsv("same.csv", csv);
        Thread.Sleep(1100); // a new run id
        var (_, _, second) = RunCsv("same.csv", csv);
        foreach (var f in new[] { first!, second! })
            foreach (var key in new[] { "run_id", "started_at", "finished_at", "timings" }) f.AsObject().Remove(key);
        Assert.True(JsonNode.DeepEquals(first, second));
    }
}
