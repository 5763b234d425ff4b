using System.Globalization;

namespace DataReadiness.Rules.Kinds;

/// <summary>
/// What makes a measure's values comparable: a column it is proportional to (<c>per</c>: gross weight per quantity)
/// and a column within whose values the ratio is tight (<c>group_by</c>: the item), with the spread (median absolute
/// deviation of the log ratio) before and after, and how they were found.
/// </summary>
public sealed record MeasureGrouping(string? Per, string? GroupBy, double SpreadBefore, double SpreadAfter, string FoundBy)
{
    public static readonly MeasureGrouping None = new(null, null, 0, 0, "");
}

/// <summary>
/// Finds <c>per</c> and <c>group_by</c> for a measure from the reference sample (the POC's, else the column's own):
/// the quantity column (whole numbers that repeat) whose ratio and the low-cardinality column whose groups make the
/// measure's log spread smallest, each kept only where it at least halves the spread. A search on up to 4,000 rows and 16 candidates of
/// each kind; every choice is reported with the spreads that made it.
/// </summary>
public static class MeasureGroupingFinder
{
    private const int SearchRows = 4000;
    private const int Candidates = 16;
    private const double Improvement = 0.5;

    public static MeasureGrouping Find(string measure, IReadOnlyList<string?> values, IReadOnlyList<string> columns,
        Func<string, IReadOnlyList<string?>?> column, int minGroup)
    {
        // Rows of the reference with a positive number: the search works on their logs.
        var rows = new List<int>();
        var logs = new List<double>();
        for (int i = 0; i < values.Count && rows.Count < SearchRows; i++)
            if (double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && double.IsFinite(v))
            {
                rows.Add(i);
                logs.Add(Math.Log(v));
            }
        if (rows.Count < Math.Max(50, 4 * minGroup)) return MeasureGrouping.None;
        double before = Mad(logs);
        if (before < 1e-6) return MeasureGrouping.None with { SpreadBefore = before };

        var pers = new List<(string Name, double[] Logs)>();
        var groups = new List<(string Name, string?[] Keys)>();
        foreach (var name in columns)
        {
            if (name == measure || (pers.Count >= Candidates && groups.Count >= Candidates)) continue;
            var other = column(name);
            if (other is null) continue;
            var shape = Shapes.GetValue(other, ShapeOf);
            if (pers.Count < Candidates && shape.Quantity && PerLogs(other, rows) is { } perLogs) pers.Add((name, perLogs));
            else if (groups.Count < Candidates && shape.MaybeNames && GroupKeys(other, rows, minGroup) is { } keys) groups.Add((name, keys));
        }
        var tried = new List<(string? Per, string? Group, double Spread)>();
        foreach (var (name, keys) in groups) tried.Add((null, name, Spread(logs, null, keys, minGroup)));
        foreach (var (name, perLogs) in pers) tried.Add((name, null, Spread(logs, perLogs, null, minGroup)));
        var bestGroups = tried.Where(t => t.Per is null).OrderBy(t => t.Spread).Take(3).ToList();
        var bestPers = tried.Where(t => t.Group is null).OrderBy(t => t.Spread).Take(3).ToList();
        foreach (var g in bestGroups)
            foreach (var p in bestPers)
                tried.Add((p.Per, g.Group, Spread(logs, pers.First(x => x.Name == p.Per).Logs, groups.First(x => x.Name == g.Group).Keys, minGroup)));

        var spreads = new Dictionary<(string?, string?), double>();
        foreach (var t in tried) spreads[(t.Per, t.Group)] = t.Spread;
        double SpreadOf(string? per, string? group) =>
            per is null && group is null ? before : spreads.TryGetValue((per, group), out var s) && !double.IsNaN(s) ? s : double.PositiveInfinity;
        // The best choice whose every part at least halves the spread it is added to.
        var choice = (Per: (string?)null, Group: (string?)null, Spread: before);
        foreach (var t in tried.Where(t => !double.IsNaN(t.Spread)).OrderBy(t => t.Spread).ThenBy(t => t.Per, StringComparer.Ordinal).ThenBy(t => t.Group, StringComparer.Ordinal))
        {
            bool perHelps = t.Per is null || t.Spread <= Improvement * SpreadOf(null, t.Group);
            bool groupHelps = t.Group is null || t.Spread <= Improvement * SpreadOf(t.Per, null);
            if (t.Spread <= Improvement * before && perHelps && groupHelps)
            {
                choice = t;
                break;
            }
        }
        if (choice.Per is null && choice.Group is null) return MeasureGrouping.None with { SpreadBefore = before, SpreadAfter = before };
        string what = (choice.Per, choice.Group) switch
        {
            ({ } p, { } g) => $"{measure} per {p} within each {g}",
            ({ } p, null) => $"{measure} per {p}",
            (null, { } g) => $"{measure} within each {g}",
            _ => measure,
        };
        return new MeasureGrouping(choice.Per, choice.Group, before, choice.Spread,
            $"found: {what} varies by {Percent(choice.Spread)} (median deviation), against {Percent(before)} for {measure} alone");
    }

    /// <summary>
    /// What a column can be for any measure, judged once on its own first rows: a quantity (see
    /// <see cref="IsQuantity"/>), or possibly group names (text with letters, more rows than values; the exact test
    /// is on each measure's rows). Judged per measure, a wide extract paid for every measure a test of every other
    /// column: 2,000 columns spent 8 s in this rule alone.
    /// </summary>
    private sealed record ColumnShape(bool Quantity, bool MaybeNames);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<string?>, ColumnShape> Shapes = new();

    private static ColumnShape ShapeOf(IReadOnlyList<string?> values)
    {
        int rows = Math.Min(values.Count, SearchRows), withLetters = 0, present = 0;
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < rows; i++)
        {
            var text = values[i];
            if (string.IsNullOrWhiteSpace(text)) continue;
            present++;
            distinct.Add(text);
            if (text.Any(char.IsLetter)) withLetters++;
        }
        return new ColumnShape(IsQuantity(values, rows), MaybeNames: withLetters >= 0.5 * rows && distinct.Count <= 0.75 * present);
    }

    private static string Percent(double logSpread) => ((Math.Exp(logSpread) - 1) * 100).ToString(logSpread < 0.1 ? "0.0" : "0", CultureInfo.InvariantCulture) + "%";

    /// <summary>
    /// Whether a numeric column can be what a measure is counted per: a quantity is a count (whole numbers) that is
    /// no identifier (most values repeat). Decimals (another measure) would make the relation run both ways.
    /// </summary>
    private static bool IsQuantity(IReadOnlyList<string?> values, int rows)
    {
        int whole = 0, present = 0;
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (int r = 0; r < rows; r++)
        {
            if (!double.TryParse(values[r], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) continue;
            present++;
            if (v == Math.Floor(v)) whole++;
            distinct.Add(values[r]!);
        }
        return present > 0 && whole >= 0.95 * present && distinct.Count <= 0.5 * present;
    }

    /// <summary>The logs of a numeric column's values on the rows, when at least 90% are positive numbers.</summary>
    private static double[]? PerLogs(IReadOnlyList<string?> values, List<int> rows)
    {
        var logs = new double[rows.Count];
        int positive = 0;
        for (int k = 0; k < rows.Count; k++)
        {
            if (double.TryParse(values[rows[k]], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && double.IsFinite(v))
            {
                logs[k] = Math.Log(v);
                positive++;
            }
            else logs[k] = double.NaN;
        }
        return positive >= 0.9 * rows.Count ? logs : null;
    }

    /// <summary>
    /// A column's values as group keys, when they are names or codes (text with letters: an item, a material, a
    /// plant; a numeric column is a measurement, and grouping by one only finds its correlation) and form groups of
    /// at least minGroup rows over 70% of the rows.
    /// </summary>
    private static string?[]? GroupKeys(IReadOnlyList<string?> values, List<int> rows, int minGroup)
    {
        var keys = new string?[rows.Count];
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int withLetters = 0;
        for (int k = 0; k < rows.Count; k++)
        {
            var key = values[rows[k]]?.Trim();
            if (string.IsNullOrEmpty(key)) continue;
            keys[k] = key;
            counts[key] = counts.GetValueOrDefault(key) + 1;
            if (key.Any(char.IsLetter)) withLetters++;
        }
        if (withLetters < 0.9 * rows.Count) return null;
        if (counts.Count < 2 || counts.Count > rows.Count / 2) return null;
        long covered = counts.Values.Where(c => c >= minGroup).Sum();
        return covered >= 0.7 * rows.Count ? keys : null;
    }

    /// <summary>The size-weighted mean of the groups' median absolute deviations of the log ratio; NaN when too little is covered.</summary>
    private static double Spread(List<double> logs, double[]? perLogs, string?[]? keys, int minGroup)
    {
        var byGroup = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        int usable = 0;
        for (int k = 0; k < logs.Count; k++)
        {
            double ratio = perLogs is null ? logs[k] : logs[k] - perLogs[k];
            if (double.IsNaN(ratio)) continue;
            var key = keys is null ? "" : keys[k];
            if (key is null) continue;
            usable++;
            if (!byGroup.TryGetValue(key, out var list)) byGroup[key] = list = new List<double>();
            list.Add(ratio);
        }
        double weighted = 0;
        long covered = 0;
        foreach (var list in byGroup.Values)
        {
            if (list.Count < minGroup) continue;
            weighted += Mad(list) * list.Count;
            covered += list.Count;
        }
        return covered < 0.7 * logs.Count || usable == 0 ? double.NaN : weighted / covered;
    }

    /// <summary>The median absolute deviation from the median.</summary>
    public static double Mad(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToArray();
        double median = sorted[sorted.Length / 2];
        var deviations = sorted.Select(v => Math.Abs(v - median)).Order().ToArray();
        return deviations[deviations.Length / 2];
    }
}
