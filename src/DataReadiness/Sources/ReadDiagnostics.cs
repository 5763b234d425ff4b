using DataReadiness.Findings;

namespace DataReadiness.Sources;

/// <summary>What reading one file revealed about its framing, beyond the values.</summary>
public sealed class ReadDiagnostics
{
    /// <summary>How many malformed rows are kept as examples; the count is always exact.</summary>
    public const int ExampleLimit = 50;

    private readonly Dictionary<string, long> _malformedByReason = new(StringComparer.Ordinal);
    private readonly List<MalformedRow> _examples = new();

    public string? Separator { get; set; }
    public bool SeparatorDetected { get; set; }
    public string? Encoding { get; set; }
    public string? ByteOrderMark { get; set; }
    public List<string> HeaderProblems { get; } = new();
    /// <summary>Rows the reader could not use and left out of the profile, each counted here.</summary>
    public long RowsSkipped { get; private set; }
    /// <summary>Rows with a framing problem, whether recovered (kept) or skipped.</summary>
    public long RowsMalformed { get; private set; }
    public IReadOnlyDictionary<string, long> MalformedByReason => _malformedByReason;
    public IReadOnlyList<MalformedRow> Examples => _examples;

    public void AddMalformed(MalformedRow row)
    {
        RowsMalformed++;
        if (row.Skipped) RowsSkipped++;
        _malformedByReason[row.Reason] = _malformedByReason.GetValueOrDefault(row.Reason) + 1;
        if (_examples.Count < ExampleLimit) _examples.Add(row);
    }
}
