namespace DataReadiness.Sources;

/// <summary>A row a source delivered for the seeded sample: its file, data row, sampling key and values (null for a native null or missing field).</summary>
public sealed record SampledRow(string File, long Row, ulong Key, string?[] Values);
