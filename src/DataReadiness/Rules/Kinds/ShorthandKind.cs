using System.Text;
using System.Text.RegularExpressions;
using DataReadiness.Findings;

namespace DataReadiness.Rules.Kinds;

/// <summary>One shorthand token in a text column: how many sampled rows use it and its expansion (null when unknown).</summary>
public sealed record ShorthandToken(string Token, long Count, string? Expansion);

/// <summary>The shorthand section of a text column: share of rows with shorthand and the tokens found.</summary>
public sealed record ShorthandDetails(long RowsChecked, long RowsWithShorthand, double Share, IReadOnlyList<ShorthandToken> Tokens);

/// <summary>
/// Operator shorthand in free text ("chk brg temp hi, repl w/ new"): tokens from the glossary, with their expansion,
/// and unknown abbreviations found by their shape (no vowels, a slash or apostrophe inside, letters and digits mixed)
/// and by being absent from the POC's vocabulary. The suggestion is the text with known tokens expanded.
/// </summary>
public sealed partial class ShorthandKind : ColumnRuleKind<NoParameters>
{
    public override string Name => "shorthand";
    public override string Family => RuleFamilies.Shorthand;
    public override string Description => "operator shorthand in free text";

    protected override NoParameters Read(ParameterReader reader) => NoParameters.Instance;

    public override Applicability AppliesTo(ColumnEvidence column) =>
        Applicability.ForRole(column, ColumnRole.FreeText, "not free text: most values have fewer than 3 words");

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}/'’&.\-]*")]
    private static partial Regex Token();

    public override RuleOutcome Evaluate(ColumnContext column, NoParameters parameters)
    {
        // Tokens are looked at as spans of the value: a 100k-row notes column has millions of them, and a string per
        // token made this rule the costliest of a run.
        var glossary = column.Dictionaries.Shorthand.GetAlternateLookup<ReadOnlySpan<char>>();
        HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? pocVocabulary = column.Reference is null ? null
            : Vocabularies.GetValue(column.Reference, Vocabulary).GetAlternateLookup<ReadOnlySpan<char>>();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var countsBySpan = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var seenInRow = new HashSet<string>(StringComparer.Ordinal);
        var seenInRowBySpan = seenInRow.GetAlternateLookup<ReadOnlySpan<char>>();
        var hits = new List<CellHit>();
        var expanded = new StringBuilder();
        char[] lowered = new char[64];
        long checkedRows = 0;

        void CountOncePerRow(ReadOnlySpan<char> key)
        {
            if (seenInRowBySpan.Contains(key)) return;
            seenInRowBySpan.Add(key);
            if (countsBySpan.TryGetValue(key, out long n)) countsBySpan[key] = n + 1;
            else countsBySpan[key] = 1;
        }

        for (int i = 0; i < column.Values.Count; i++)
        {
            var value = column.Values[i];
            if (string.IsNullOrWhiteSpace(value)) continue;
            checkedRows++;
            // A null token ("n/a") is the null rule's, not shorthand.
            if (column.Dictionaries.NullTokens.Contains(value.Trim())) continue;
            bool any = false, replaced = false;
            int copiedUpTo = 0;
            seenInRow.Clear();
            expanded.Clear();
            foreach (var match in Token().EnumerateMatches(value))
            {
                var raw = value.AsSpan(match.Index, match.Length);
                int end = raw.Length;
                while (end > 0 && raw[end - 1] is '.' or '-') end--;
                var token = raw[..end];
                var trailing = raw[end..];
                if (lowered.Length < raw.Length + 1) lowered = new char[raw.Length * 2];
                int length = token.ToLowerInvariant(lowered);
                // The glossary key as written ("no."), or without its trailing dot.
                bool known = false;
                string? key = null, expansion = null;
                if (trailing.StartsWith('.'))
                {
                    lowered[length] = '.';
                    known = glossary.TryGetValue(lowered.AsSpan(0, length + 1), out key, out expansion);
                }
                if (!known) known = glossary.TryGetValue(lowered.AsSpan(0, length), out key, out expansion);
                if (known)
                {
                    any = replaced = true;
                    CountOncePerRow(key!);
                    expanded.Append(value, copiedUpTo, match.Index - copiedUpTo).Append(expansion)
                        .Append(key!.EndsWith('.') ? trailing[1..] : trailing);
                    copiedUpTo = match.Index + match.Length;
                    continue;
                }
                var normal = lowered.AsSpan(0, length).TrimEnd(TrailingPunctuation);
                if (LooksAbbreviated(normal) && (pocVocabulary is not { } vocabulary || !vocabulary.Contains(normal)))
                {
                    any = true;
                    CountOncePerRow(normal);
                }
            }
            if (!any) continue;
            string? suggestion = null;
            if (replaced)
            {
                expanded.Append(value, copiedUpTo, value.Length - copiedUpTo);
                suggestion = expanded.Equals(value.AsSpan()) ? null : expanded.ToString();
            }
            // Its forms are its shorthand tokens: a row whose tokens the POC uses as often is not live's defect.
            hits.Add(new CellHit(i, value, suggestion, seenInRow.Order(StringComparer.Ordinal).ToArray()));
        }
        var tokens = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new ShorthandToken(c.Key, c.Value, column.Dictionaries.Shorthand.TryGetValue(c.Key, out var e) ? e : null)).ToList();
        var details = new ShorthandDetails(checkedRows, hits.Count, checkedRows == 0 ? 0 : (double)hits.Count / checkedRows, tokens);
        return new RuleOutcome(checkedRows, hits, details);
    }

    private static readonly char[] TrailingPunctuation = ['.', ',', ';', ':'];

    // The POC's vocabulary is read by the rule on the live column and again on the POC's own: made once per sample
    // column, and let go with it.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<string?>, HashSet<string>> Vocabularies = new();

    /// <summary>The POC's words, lower-cased and without trailing punctuation: a token the POC uses is not flagged as unknown shorthand.</summary>
    private static HashSet<string> Vocabulary(IReadOnlyList<string?> values)
    {
        var vocabulary = new HashSet<string>(StringComparer.Ordinal);
        var bySpan = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        char[] lowered = new char[64];
        foreach (var value in values)
        {
            if (value is null) continue;
            foreach (var match in Token().EnumerateMatches(value))
            {
                if (lowered.Length < match.Length) lowered = new char[match.Length * 2];
                int length = value.AsSpan(match.Index, match.Length).ToLowerInvariant(lowered);
                bySpan.Add(lowered.AsSpan(0, length).TrimEnd(TrailingPunctuation));
            }
        }
        return vocabulary;
    }

    /// <summary>Abbreviation-shaped: w/ s/d req'd b4, or 2 to 5 letters without a vowel (chk, brg, pmp).</summary>
    internal static bool LooksAbbreviated(string token) => LooksAbbreviated(token.AsSpan());

    private static bool LooksAbbreviated(ReadOnlySpan<char> token)
    {
        if (token.Length < 2) return false;
        bool letters = false, digits = false, allDigits = true, allLetters = true, vowel = false;
        foreach (char c in token)
        {
            if (c is '/' or '\'' or '’') return true;
            bool digit = char.IsDigit(c), letter = char.IsLetter(c);
            letters |= letter;
            digits |= digit;
            allDigits &= digit;
            allLetters &= letter;
            vowel |= Vowels.Contains(c);
        }
        if (allDigits) return false;
        if (letters && digits && token.Length <= 4) return true;
        return token.Length <= 5 && allLetters && !vowel;
    }

    private const string Vowels = "aeiouyäöüéèàáíóú";

    public override void Report(RuleSections sections, string column, ColumnRole role, RuleOutcome? live, RuleOutcome? poc)
    {
        if (live?.Details is ShorthandDetails s)
            sections.AddShorthand(new ShorthandReport(column, s.RowsChecked, s.RowsWithShorthand, s.Share, (poc?.Details as ShorthandDetails)?.Share,
                s.Tokens.Select(t => new ShorthandTokenReport(t.Token, t.Count, t.Expansion, t.Expansion is not null)).ToList()));
    }
}
