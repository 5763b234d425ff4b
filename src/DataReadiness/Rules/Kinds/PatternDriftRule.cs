using System.Text;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Rules.Kinds;

/// <summary>
/// Codes whose shape the column does not usually have: each value's shape (letters → A, digits → 9, other characters
/// kept, so MAT-10021 is AAA-99999) is compared with the shapes of the POC's values, or, without a POC, with the
/// shapes that cover the column's usual values; a rare shape is a hit.
/// </summary>
public sealed class PatternDriftRule(RuleDefinition definition) : RowRule(definition)
{
    protected override CellTest Prepare(ColumnContext column)
    {
        double rare = Definition.Parameter("max_share", 0.01);
        var tokens = column.Dictionaries.NullTokens;
        // Codes repeat: shape each distinct value once.
        var shapes = new Dictionary<string, string>(StringComparer.Ordinal);
        string ShapeOf(string v) => shapes.TryGetValue(v, out var s) ? s : shapes[v] = Shape(v);
        var own = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in column.Values)
            if (!string.IsNullOrWhiteSpace(v) && !tokens.Contains(v.Trim()))
                own[ShapeOf(v)] = own.GetValueOrDefault(ShapeOf(v)) + 1;
        int total = own.Values.Sum();
        HashSet<string> usual = column.Reference is { } reference
            ? reference.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => ShapeOf(v!)).ToHashSet()
            : own.Where(p => p.Value > rare * total).Select(p => p.Key).ToHashSet();
        // A column of free-form values has no shape to drift from.
        bool shaped = usual.Count is > 0 and <= 20;
        return (string value, out string? suggestion) =>
        {
            suggestion = null;
            return shaped && !tokens.Contains(value.Trim()) && !usual.Contains(ShapeOf(value));
        };
    }

    public static string Shape(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value.Trim())
            builder.Append(char.IsLetter(c) ? 'A' : char.IsDigit(c) ? '9' : c);
        return builder.ToString();
    }
}
