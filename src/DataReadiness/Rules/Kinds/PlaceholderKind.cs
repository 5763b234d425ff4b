
namespace DataReadiness.Rules.Kinds;

/// <summary>A placeholder kind's parameters: how often the live sample must repeat a one-character value (9999) to flag it.</summary>
public sealed record PlaceholderParameters(int MinCount)
{
    public static readonly PlaceholderParameters Default = new(3);
}

/// <summary>
/// Placeholders that stand for "unknown": values from the catalog's list, and values of one repeated character
/// (9999, 0000, XXX) that the live sample repeats but the POC never had.
/// </summary>
public sealed class PlaceholderKind : RowRuleKind<PlaceholderParameters>
{
    public override string Name => "placeholder";
    public override string Family => RuleFamilies.Nulls;
    public override string Description => "placeholder values (9999, XXX) the POC never had";

    protected override PlaceholderParameters Read(ParameterReader reader) =>
        new(reader.Integer("min_count", PlaceholderParameters.Default.MinCount, 1, 1_000_000));

    protected override CellTest Prepare(ColumnContext column, PlaceholderParameters parameters)
    {
        int minCount = parameters.MinCount;
        var placeholders = column.Dictionaries.Placeholders;
        // Only candidates are counted and looked up: most values are neither repeats of one character nor listed.
        // A value of a length no listed placeholder has is not hashed (a case-insensitive hash is the costly part).
        ulong listedLengths = 0;
        bool listedLong = false;
        foreach (var p in placeholders)
            if (p.Length < 64) listedLengths |= 1UL << p.Length; else listedLong = true;
        bool Listed(string v) => (v.Length < 64 ? (listedLengths >> v.Length & 1) != 0 : listedLong) && placeholders.Contains(v);
        bool Candidate(string v) => Listed(v) || v.Length >= 3 && char.IsLetterOrDigit(v[0]) && v.AsSpan().IndexOfAnyExcept(v[0]) < 0;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var raw in column.Values)
        {
            if (raw is null) continue;
            var v = raw.Trim();
            if (Candidate(v)) counts[v] = counts.GetValueOrDefault(v) + 1;
        }
        var inPoc = new HashSet<string>(StringComparer.Ordinal);
        if (column.Reference is not null)
            foreach (var raw in column.Reference)
                if (raw is not null && Candidate(raw.Trim())) inPoc.Add(raw.Trim());
        return (string value, out string? suggestion) =>
        {
            suggestion = "";
            var v = value.Trim();
            if (!counts.TryGetValue(v, out int count) || inPoc.Contains(v)) return false;
            return Listed(v) || column.Reference is not null && count >= minCount;
        };
    }
}
