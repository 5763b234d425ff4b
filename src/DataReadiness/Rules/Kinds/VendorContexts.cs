namespace DataReadiness.Rules.Kinds;

/// <summary>
/// What other columns say about each vendor spelling: the values of the columns a vendor determines (its city,
/// state, country, tax id), found from the rows. Two spellings whose values of such a column have nothing in common
/// are two companies however alike the names (Avery Brewing in Boulder CO, Lavery Brewing in Erie PA).
/// </summary>
public sealed class VendorContexts
{
    /// <summary>Spellings with at least two rows needed to judge whether a column follows the vendor.</summary>
    public const int MinSpellings = 20;

    /// <summary>The share of those spellings that must have one value of the column.</summary>
    public const double Purity = 0.95;

    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _bySpelling;

    private VendorContexts(Dictionary<string, Dictionary<string, HashSet<string>>> bySpelling, IReadOnlyList<string> columns)
    {
        _bySpelling = bySpelling;
        Columns = columns;
    }

    /// <summary>The columns that follow the vendor and were read.</summary>
    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyDictionary<string, HashSet<string>>? Of(string spelling) => _bySpelling.GetValueOrDefault(spelling);

    /// <summary>Whether two contexts tell two spellings apart: a column both have values of, with no value in common.</summary>
    public static bool Disagree(IReadOnlyDictionary<string, HashSet<string>>? a, IReadOnlyDictionary<string, HashSet<string>>? b)
    {
        if (a is null || b is null) return false;
        foreach (var (column, values) in a)
            if (values.Count > 0 && b.TryGetValue(column, out var other) && other.Count > 0 && !values.Overlaps(other)) return true;
        return false;
    }

    /// <summary>
    /// The contexts of a vendor column's spellings over the sides given (each: the vendor values and a way to read
    /// another column of the same rows). A column counts when, of the spellings with two or more rows, at least 95%
    /// have one value of it (the vendor determines it: a city, a country, a tax id, a phone number), and it has at least
    /// two values and no more than there are spellings. Values are compared trimmed and in lower case, and a value
    /// mostly of digits by its digits alone (<c>415/776-7825</c> is <c>415-776-7825</c>; <c>DE 123 456 789</c> is
    /// <c>DE123456789</c>).
    /// </summary>
    public static VendorContexts Find(string vendorColumn, IReadOnlyList<string> columnNames,
        IEnumerable<(IReadOnlyList<string?> Vendors, Func<string, IReadOnlyList<string?>?> Column)> sides)
    {
        // Rows are walked by their values' numbers (each sample column is coded once), so a column costs a pass of
        // integer pairs, not of string hashes.
        var sideList = sides.Select(s => (Coded: CodedColumn.Of(s.Vendors), s.Column)).ToList();
        var spellingId = new Dictionary<string, int>(StringComparer.Ordinal);
        var spellings = new List<string>();
        var vendorIds = sideList.Select(s => s.Coded.Distinct.Select(v =>
        {
            if (string.IsNullOrWhiteSpace(v)) return -1;
            if (!spellingId.TryGetValue(v, out int id))
            {
                spellingId[v] = id = spellings.Count;
                spellings.Add(v);
            }
            return id;
        }).ToArray()).ToList();

        var bySpelling = new Dictionary<string, Dictionary<string, HashSet<string>>>(StringComparer.Ordinal);
        var used = new List<string>();
        foreach (var name in columnNames)
        {
            if (name == vendorColumn) continue;
            var valueId = new Dictionary<string, int>(StringComparer.Ordinal);
            var values = new List<string>();
            var rows = new int[spellings.Count];
            var first = new int[spellings.Count];
            var mixed = new bool[spellings.Count];
            Array.Fill(first, -1);
            var coded = new List<(int Side, int[] ValueIds, CodedColumn Other)>();
            // A column with more values than there are spellings cannot qualify: it is left as soon as that shows
            // (an order number or a note is left part-way, not after a pass).
            bool tooMany = false;
            for (int side = 0; side < sideList.Count && !tooMany; side++)
            {
                if (sideList[side].Column(name) is not { } other) continue;
                var otherCoded = CodedColumn.Of(other);
                var valueIds = new int[otherCoded.Distinct.Length];
                for (int d = 0; d < valueIds.Length && !tooMany; d++)
                {
                    var normal = Normal(otherCoded.Distinct[d]);
                    if (string.IsNullOrEmpty(normal))
                    {
                        valueIds[d] = -1;
                        continue;
                    }
                    if (!valueId.TryGetValue(normal, out int id))
                    {
                        valueId[normal] = id = values.Count;
                        values.Add(normal);
                        tooMany = values.Count > spellings.Count;
                    }
                    valueIds[d] = id;
                }
                if (tooMany) break;
                coded.Add((side, valueIds, otherCoded));
                // Whether each spelling has one value is judged with arrays; the sets of values are built only for a
                // column that qualifies (an amount column of 100,000 values is dismissed in one pass of integers).
                var vendorCodes = sideList[side].Coded.Codes;
                var ids = vendorIds[side];
                for (int i = 0; i < vendorCodes.Length && i < otherCoded.Codes.Length; i++)
                {
                    int vendor = ids[vendorCodes[i]], value = valueIds[otherCoded.Codes[i]];
                    if (vendor < 0 || value < 0) continue;
                    rows[vendor]++;
                    if (first[vendor] < 0) first[vendor] = value;
                    else if (first[vendor] != value) mixed[vendor] = true;
                }
            }
            if (tooMany) continue;
            int judged = 0, pure = 0;
            var seenValues = new HashSet<int>();
            for (int v = 0; v < spellings.Count; v++)
            {
                if (first[v] >= 0 && seenValues.Count < 2) seenValues.Add(first[v]);
                if (mixed[v] && seenValues.Count < 2) seenValues.Add(-2);
                if (rows[v] < 2) continue;
                judged++;
                if (!mixed[v]) pure++;
            }
            if (judged < MinSpellings || seenValues.Count < 2 || pure < Purity * judged) continue;
            used.Add(name);
            var pairs = new HashSet<long>();
            foreach (var (side, valueIds, otherCoded) in coded)
            {
                var vendorCodes = sideList[side].Coded.Codes;
                var ids = vendorIds[side];
                for (int i = 0; i < vendorCodes.Length && i < otherCoded.Codes.Length; i++)
                {
                    int vendor = ids[vendorCodes[i]], value = valueIds[otherCoded.Codes[i]];
                    if (vendor >= 0 && value >= 0) pairs.Add(((long)vendor << 32) | (uint)value);
                }
            }
            foreach (var group in pairs.GroupBy(p => (int)(p >> 32)))
            {
                if (!bySpelling.TryGetValue(spellings[group.Key], out var context))
                    bySpelling[spellings[group.Key]] = context = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                context[name] = group.Select(p => values[(int)(p & 0xFFFFFFFF)]).ToHashSet(StringComparer.OrdinalIgnoreCase);
            }
        }
        return new VendorContexts(bySpelling, used);
    }

    /// <summary>A value as compared: trimmed, lower case; one of six or more digits making most of it, by its digits and letters alone.</summary>
    internal static string? Normal(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        int digits = 0, alphanumeric = 0;
        foreach (char c in trimmed)
        {
            if (char.IsAsciiDigit(c)) digits++;
            if (char.IsLetterOrDigit(c)) alphanumeric++;
        }
        if (digits >= 6 && digits * 2 > alphanumeric)
            return string.Concat(trimmed.Where(char.IsLetterOrDigit)).ToLowerInvariant();
        return trimmed.ToLowerInvariant();
    }

    /// <summary>The contexts of a vendor column from both samples of a run, found once per column and shared by the vendor kinds.</summary>
    public static VendorContexts Of(ColumnContext column)
    {
        return Cache.GetValue(column.Values, _ =>
        {
            var sides = new List<(IReadOnlyList<string?>, Func<string, IReadOnlyList<string?>?>)> { (column.Values, column.OtherColumn) };
            if (column.Reference is { } reference && !ReferenceEquals(reference, column.Values)) sides.Add((reference, column.ReferenceColumn));
            return Find(column.Column, column.ColumnNames, sides);
        });
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<string?>, VendorContexts> Cache = new();
}
