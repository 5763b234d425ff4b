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
    /// have one value of it (the vendor determines it), and it has at least two values but at most half as many as
    /// there are spellings (a city, a country; not a row id or a phone number, which differ by formatting).
    /// </summary>
    public static VendorContexts Find(string vendorColumn, IReadOnlyList<string> columnNames,
        IEnumerable<(IReadOnlyList<string?> Vendors, Func<string, IReadOnlyList<string?>?> Column)> sides)
    {
        var sideList = sides.ToList();
        var bySpelling = new Dictionary<string, Dictionary<string, HashSet<string>>>(StringComparer.Ordinal);
        var used = new List<string>();
        foreach (var name in columnNames)
        {
            if (name == vendorColumn) continue;
            var valuesOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var rowsOf = new Dictionary<string, int>(StringComparer.Ordinal);
            var distinct = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (vendors, column) in sideList)
            {
                if (column(name) is not { } other) continue;
                for (int i = 0; i < vendors.Count && i < other.Count; i++)
                {
                    var vendor = vendors[i];
                    var value = other[i]?.Trim();
                    if (string.IsNullOrWhiteSpace(vendor) || string.IsNullOrEmpty(value)) continue;
                    if (!valuesOf.TryGetValue(vendor, out var set)) valuesOf[vendor] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    set.Add(value);
                    rowsOf[vendor] = rowsOf.GetValueOrDefault(vendor) + 1;
                    distinct.Add(value);
                }
            }
            var judged = rowsOf.Where(r => r.Value >= 2).Select(r => valuesOf[r.Key]).ToList();
            if (judged.Count < MinSpellings || distinct.Count < 2 || distinct.Count > valuesOf.Count / 2) continue;
            if (judged.Count(v => v.Count == 1) < Purity * judged.Count) continue;
            used.Add(name);
            foreach (var (vendor, values) in valuesOf)
            {
                if (!bySpelling.TryGetValue(vendor, out var context)) bySpelling[vendor] = context = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                context[name] = values;
            }
        }
        return new VendorContexts(bySpelling, used);
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
