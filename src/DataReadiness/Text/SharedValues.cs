namespace DataReadiness.Text;

/// <summary>
/// A sample's repeated values (codes, units, vendors, dates) kept once per column instead of once per row: the first
/// <see cref="PerColumn"/> distinct values of each column are shared; beyond that, values are kept as they come.
/// </summary>
public sealed class SharedValues
{
    public const int PerColumn = 4096;

    private readonly Dictionary<string, string>[] _byColumn;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>[] _bySpan;

    public SharedValues(int columns)
    {
        _byColumn = Enumerable.Range(0, columns).Select(_ => new Dictionary<string, string>(StringComparer.Ordinal)).ToArray();
        _bySpan = _byColumn.Select(d => d.GetAlternateLookup<ReadOnlySpan<char>>()).ToArray();
    }

    /// <summary>The column's shared copy of the text, made into a string only the first time it is seen.</summary>
    public string Get(int column, ReadOnlySpan<char> text)
    {
        if (_bySpan[column].TryGetValue(text, out var existing)) return existing;
        var value = new string(text);
        if (_byColumn[column].Count < PerColumn) _byColumn[column][value] = value;
        return value;
    }

    /// <summary>The column's shared copy of a value that is already a string.</summary>
    public string Get(int column, string value)
    {
        if (_byColumn[column].TryGetValue(value, out var existing)) return existing;
        if (_byColumn[column].Count < PerColumn) _byColumn[column][value] = value;
        return value;
    }
}
