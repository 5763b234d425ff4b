
namespace DataReadiness.Rules.Kinds;

/// <summary>
/// Nulls in disguise, on every column: empty and whitespace-only values, tokens of the null dictionary (N/A, NULL,
/// -, ?, TBD, #N/A, empty, 0000-00-00...), and tokens the column itself gives away: a value of words without digits
/// that repeats in a column whose other values are typed (numbers, times, dates, codes: digits, and no more letters
/// than digits) stands for "no value" there ("Not Available" among departure times, "Contact Airline" among gates).
/// </summary>
public sealed class NullLikeKind : RowRuleKind<NoParameters>
{
    /// <summary>How often a wordy value must repeat on one side to be taken for a token.</summary>
    public const int TokenRepeats = 3;

    /// <summary>The share of a column's other present values that must be typed for its wordy values to be tokens.</summary>
    public const double DigitsShare = 0.9;

    public override string Name => "null_like";
    public override string Family => RuleFamilies.Nulls;
    public override string Description => "empty values and null-like tokens (dictionary, or wordy values among digits)";

    protected override NoParameters Read(ParameterReader reader) => NoParameters.Instance;

    /// <summary>A null's form is its token, case and surrounding blanks aside; a blank is "(blank)".</summary>
    public override string FormOf(CellHit hit) => hit.Value.Trim() is { Length: > 0 } token ? token.ToLowerInvariant() : "(blank)";

    protected override bool Checks(string? value) => true;

    protected override CellTest Prepare(ColumnContext column, NoParameters parameters)
    {
        var tokens = column.Dictionaries.NullTokens;
        var found = new HashSet<string>(Learned(column.Values, column.Dictionaries), StringComparer.OrdinalIgnoreCase);
        if (column.Reference is not null) found.UnionWith(Learned(column.Reference, column.Dictionaries));
        return (string value, out string? suggestion) =>
        {
            suggestion = "";
            var trimmed = value.Trim();
            return trimmed.Length == 0 || tokens.Contains(trimmed) || found.Contains(trimmed);
        };
    }

    /// <summary>A typed value: it carries digits, and no more letters than digits (12.5, 7:10 a.m., MAT-10021, 12 oz).</summary>
    private static bool Typed(string value)
    {
        int digits = 0, letters = 0;
        foreach (char c in value)
        {
            if (char.IsDigit(c)) digits++;
            else if (char.IsLetter(c)) letters++;
        }
        return digits > 0 && letters <= digits;
    }

    // A sample column's tokens are learned once: each side's evaluation reads both sides.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<string?>, HashSet<string>> LearnedTokens = new();

    private static HashSet<string> Learned(IReadOnlyList<string?> values, Catalog.RuleDictionaries dictionaries) =>
        LearnedTokens.GetValue(values, v =>
        {
            var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            Learn(v, dictionaries.NullTokens, dictionaries.Placeholders, found);
            return found;
        });

    /// <summary>The wordy values that repeat in a column whose other values are typed: the column's own null tokens.</summary>
    internal static void Learn(IReadOnlyList<string?> values, HashSet<string> dictionary, HashSet<string> placeholders, HashSet<string> found)
    {
        // Each distinct text is looked at once.
        var wordy = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        long withDigits = 0, others = 0;
        foreach (var (raw, times) in CodedColumn.Of(values).Counts())
        {
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var v = raw.Trim();
            // Listed tokens are found anyway; listed placeholders (XXX, dummy) are the placeholder rule's.
            if (dictionary.Contains(v) || placeholders.Contains(v)) continue;
            if (Typed(v))
            {
                withDigits += times;
                others += times;
            }
            else if (v.Any(char.IsLetter) && !v.Any(char.IsDigit)) wordy[v] = wordy.GetValueOrDefault(v) + times;
            else others += times;
        }
        // Wordy values that do not repeat are counted with the rest: a column of codes with a few names is not typed.
        foreach (var (_, count) in wordy)
            if (count < TokenRepeats) others += count;
        if (others < 10 || withDigits < DigitsShare * others) return;
        foreach (var (v, count) in wordy)
            if (count >= TokenRepeats) found.Add(v);
    }
}
