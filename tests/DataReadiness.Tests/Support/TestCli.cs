using CsvHelper;
using DataReadiness.Cli;

namespace DataReadiness.Tests.Support;

/// <summary>Runs the command line in process and captures what it printed.</summary>
public static class TestCli
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CommandLineApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

/// <summary>Reads a comma-separated file into rows of strings, for checking outputs against ground truth.</summary>
public static class TestCsv
{
    /// <summary>The data rows of a CSV file, with its header.</summary>
    public static List<string[]> Read(string path, out string[] header)
    {
        using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',', HasHeader = false });
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray());
        header = rows[0];
        return rows.Skip(1).ToList();
    }

    public static List<string[]> Read(string path)
    {
        using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',' });
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray());
        return rows;
    }
}
