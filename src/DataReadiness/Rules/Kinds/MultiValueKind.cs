using DataReadiness.Findings;

namespace DataReadiness.Rules.Kinds;

/// <summary>
/// Several values in one field, found three ways, each against the column's own whole values (on both sides):
/// a neighbour column's value glued on ("Bend OR" where "Bend" is a city and "OR" a state, the state column
/// blank); a measure with words glued on ("12.0 oz. Alumi-Tek"); and lists ("MAT-10021; MAT-10022") whose parts are
/// each a value of the column. The suggestion splits the field ("Bend | OR").
/// </summary>
public sealed class MultiValueKind : ColumnRuleKind<NoParameters>
{
    /// <summary>How often a part must occur as a whole value (or a neighbour's value) to be taken for one.</summary>
    private const int Repeats = 2;

    /// <summary>Neighbour columns with more distinct values than this are not looked for glued on.</summary>
    private const int MaxNeighbourValues = 500;

    public override string Name => "multi_value";
    public override string Family => RuleFamilies.Hygiene;
    public override string Description => "several values in one field (a neighbour's value glued on, lists)";

    protected override NoParameters Read(ParameterReader reader) => NoParameters.Instance;

    public override Applicability AppliesTo(ColumnEvidence column)
    {
        if (column.Declared is ColumnRole.FreeText || column.Is(ColumnRole.FreeText) && !column.Is(ColumnRole.Category))
            return Applicability.No("free text: a sentence holds several words by nature");
        if (column.Is(ColumnRole.Vendor)) return Applicability.No("vendor names: a legal form after a name is part of it");
        if (column.Share(f => f.WithLetters) < 0.2) return Applicability.No("no text: numbers, dates or codes without letters");
        return Applicability.Yes("text values that repeat, or measures written with units");
    }

    /// <summary>A hit's form says what was glued on ("state", "words") or that it is a list.</summary>
    public override string FormOf(CellHit hit) => hit.Forms?[0] ?? "several values";

    public override RuleOutcome Evaluate(ColumnContext column, NoParameters parameters)
    {
        var whole = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        void Count(IReadOnlyList<string?>? values)
        {
            if (values is null) return;
            foreach (var (v, times) in DistinctCounts(values))
                if (!string.IsNullOrWhiteSpace(v)) whole[v.Trim()] = whole.GetValueOrDefault(v.Trim()) + times;
        }
        Count(column.Values);
        if (!ReferenceEquals(column.Reference, column.Values)) Count(column.Reference);
        int Times(string part) => whole.GetValueOrDefault(part);
        var neighbours = Neighbours(column);
        bool measure = column.Evidence?.Is(ColumnRole.Measure) ?? column.Role == ColumnRole.Measure;

        // Each distinct value is looked at once.
        var coded = CodedColumn.Of(column.Values);
        var found = new (string Split, string Form)?[coded.Distinct.Length];
        for (int d = 0; d < found.Length; d++)
            if (!string.IsNullOrWhiteSpace(coded.Distinct[d])) found[d] = Find(coded.Distinct[d]!.Trim(), Times, neighbours, measure, column);
        var hits = new List<CellHit>();
        long checkedRows = 0;
        for (int i = 0; i < coded.Codes.Length; i++)
        {
            var value = coded.Distinct[coded.Codes[i]];
            if (string.IsNullOrWhiteSpace(value)) continue;
            checkedRows++;
            if (found[coded.Codes[i]] is { } f) hits.Add(new CellHit(i, value, f.Split, [f.Form]));
        }
        return new RuleOutcome(checkedRows, hits);
    }

    private static (string Split, string Form)? Find(string value, Func<string, int> count,
        IReadOnlyList<(string Column, HashSet<string> Values)> neighbours, bool measure, ColumnContext column)
    {
        var tokens = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int times = count(value);
        // Glued on at the end: the longest head that is a whole value of the column, at least as common as the field.
        for (int k = tokens.Length - 1; k >= 1; k--)
        {
            var head = string.Join(' ', tokens[..k]);
            var tail = string.Join(' ', tokens[k..]);
            int headTimes = count(head);
            if (headTimes >= 1 && headTimes >= times)
            {
                foreach (var (name, values) in neighbours)
                    if (values.Contains(tail)) return ($"{head} | {tail}", $"{name} glued on");
            }
            // A measure with words after its number and unit ("12.0 oz. Alumi-Tek").
            if (measure && tail.Any(char.IsLetter) && IsMeasure(head, column) && !IsMeasure(value, column))
                return ($"{head} | {tail}", "words glued on");
        }
        // A list of the column's own values, each more common than the list.
        foreach (var separator in Separators)
        {
            if (!value.Contains(separator, StringComparison.Ordinal)) continue;
            var parts = value.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts.All(p => count(p) >= Repeats && count(p) > times)) return (string.Join(" | ", parts), "list");
        }
        return null;
    }

    private static readonly string[] Separators = [";", "|", " / ", ",", " + ", "\n"];

    // A number, or a number with a unit the dictionary knows.
    private static bool IsMeasure(string text, ColumnContext column) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
        || UnitText.TryRead(text, column.Dictionaries, commaIsThousands: false, out _) is not null;

    /// <summary>The other columns with few short values, each with the values that repeat in it.</summary>
    private static List<(string Column, HashSet<string> Values)> Neighbours(ColumnContext column)
    {
        var neighbours = new List<(string, HashSet<string>)>();
        foreach (var name in column.ColumnNames)
        {
            if (name == column.Column || column.OtherColumn(name) is not { } values) continue;
            if (RepeatedShortValues.GetValue(values, ShortValues) is { } repeated) neighbours.Add((name, repeated));
        }
        return neighbours;
    }

    // A column's repeated short values are found once per sample column (every text column of a side asks for them).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<string?>, HashSet<string>?> RepeatedShortValues = new();

    /// <summary>Each distinct text of a column with its count; a sample's columns repeat their values.</summary>
    private static IEnumerable<(string? Value, int Count)> DistinctCounts(IReadOnlyList<string?> values) => CodedColumn.Of(values).Counts();

    private static HashSet<string>? ShortValues(IReadOnlyList<string?> values)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (v, times) in DistinctCounts(values))
        {
            if (string.IsNullOrWhiteSpace(v)) continue;
            var t = v.Trim();
            // Short codes and names (a state, a plant, a unit): at most 30 characters, with a letter.
            if (t.Length > 30 || !t.Any(char.IsLetter)) continue;
            counts[t] = counts.GetValueOrDefault(t) + times;
            if (counts.Count > MaxNeighbourValues) return null;
        }
        var repeated = counts.Where(c => c.Value >= Repeats).Select(c => c.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return repeated.Count == 0 ? null : repeated;
    }
}
