using System.Globalization;
using System.Text;
using DataReadiness.Profiling;
using DataReadiness.Sampling;
using DataReadiness.Sources;
using Microsoft.Data.Analysis;

namespace DataReadiness.Tests.Profiling;

/// <summary>
/// The row-by-row pass packs the rows its sample wants and turns them into strings at the end, a chunk of rows at a
/// time and column by column: every value must come back in its row and column.
/// </summary>
public class PackedSampleTests
{
    private static readonly int Rows = 2 * PackedSample.ChunkRows + 300;

    // Nulls anywhere in a row (as spreadsheets have them), lengths past one 7-bit length byte, multi-byte text.
    private static string? Value(int id, int column) => column switch
    {
        0 => id.ToString(CultureInfo.InvariantCulture),
        1 => $"K{id % 50}",
        2 => id % 5 == 0 ? null : new string((char)('a' + id % 26), id % 300) + "é",
        3 => id % 7 == 0 ? null : $"t{id}",
        _ => $"last{id % 3}",
    };

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public void Sampled_rows_spanning_several_chunks_keep_every_value_in_its_row_and_column(double sampledShare)
    {
        int sampleRows = (int)(Rows * sampledShare);
        using var reader = new MemoryRows(Rows, 5, Value);

        var (_, sample, _, rowsRead) = SourceScanner.Pass(reader, "rows.csv", sampleRows, 42, null, "rows.csv", 0, () => 0);

        Assert.Equal(Rows, rowsRead);
        var sampled = sample.ToRows();
        Assert.Equal(sampleRows, sampled.Count);
        Assert.Equal(sampleRows, sampled.Select(r => r.Row).Distinct().Count());
        foreach (var row in sampled)
        {
            int id = (int)row.Row - 1;
            Assert.Equal(Enumerable.Range(0, 5).Select(c => Value(id, c)), row.Values);
        }
    }

    [Fact]
    public void The_frame_built_from_packed_chunks_gives_back_every_value_and_types_the_numeric_column()
    {
        using var reader = new MemoryRows(Rows, 5, Value);
        var (_, part, _, _) = SourceScanner.Pass(reader, "rows.csv", Rows, 42, null, "rows.csv", 0, () => 0);
        var columns = Enumerable.Range(0, 5).Select(c => $"c{c}").ToList();
        var frame = SampleFrame.Build(columns, [part], Rows, name => name == "c0");

        Assert.Equal(Rows, frame.Count);
        Assert.Equal(typeof(DoubleDataFrameColumn), frame.Frame.Columns["c0"].GetType());
        Assert.Equal(typeof(StringDataFrameColumn), frame.Frame.Columns["c2"].GetType());
        for (int r = 0; r < Rows; r++)
        {
            int id = (int)frame.Rows[r].Row - 1;
            Assert.Equal(Enumerable.Range(0, 5).Select(c => Value(id, c)), frame.RowValues(r));
            Assert.Equal(id, frame.Numbers("c0")![r]);
        }
    }
}

/// <summary>Rows made by a function, read as a file reader delivers them.</summary>
internal sealed class MemoryRows(int rows, int width, Func<int, int, string?> value) : IRowReader
{
    private int _id = -1;

    public IReadOnlyList<string> Columns { get; } = Enumerable.Range(0, width).Select(c => $"c{c}").ToList();
    public long RowNumber => _id + 1;
    public ReadDiagnostics Diagnostics { get; } = new();

    public bool Read() => ++_id < rows;
    public bool IsNull(int column) => value(_id, column) is null;
    public ReadOnlySpan<byte> GetUtf8(int column) => Encoding.UTF8.GetBytes(value(_id, column) ?? "");
    public void Dispose() { }
}
