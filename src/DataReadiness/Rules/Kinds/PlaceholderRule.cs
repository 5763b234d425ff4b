using DataReadiness.Rules.Catalog;

namespace DataReadiness.Rules.Kinds;

/// <summary>
/// Placeholders that stand for "unknown": values from the catalog's list, and values of one repeated character
/// (9999, 0000, XXX) that the live sample repeats but the POC never had.
/// </summary>
public sealed class PlaceholderRule(RuleDefinition definition) : RowRule(definition)
{
    protected override CellTest Prepare(ColumnContext column)
    {
        int minCount = (int)Definition.Parameter("min_count", 3);
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
            if (!counts.ContainsKey(v) || inPoc.Contains(v)) return false;
            return Listed(v) || column.Reference is not null && counts[v] >= minCount;
        };
    }
}
