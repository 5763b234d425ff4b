using System.Text.RegularExpressions;
using DataReadiness.Rules.Catalog;

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
public sealed partial class ShorthandRule(RuleDefinition definition) : IRule
{
    public RuleDefinition Definition { get; } = definition;

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}/'’&.\-]*")]
    private static partial Regex Token();

    public RuleOutcome Evaluate(ColumnContext column)
    {
        var glossary = column.Dictionaries.Shorthand;
        var pocVocabulary = column.Reference is null
            ? null
            : column.Reference.Where(v => v is not null).SelectMany(v => Token().Matches(v!).Select(m => Normal(m.Value))).ToHashSet(StringComparer.Ordinal);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var hits = new List<CellHit>();
        long checkedRows = 0;
        for (int i = 0; i < column.Values.Count; i++)
        {
            var value = column.Values[i];
            if (string.IsNullOrWhiteSpace(value)) continue;
            checkedRows++;
            bool any = false;
            var seenInRow = new HashSet<string>(StringComparer.Ordinal);
            var expanded = Token().Replace(value, m =>
            {
                var (token, trailing) = Split(m.Value);
                var key = Known(token, trailing.StartsWith('.'), glossary);
                if (key is not null)
                {
                    any = true;
                    if (seenInRow.Add(key)) counts[key] = counts.GetValueOrDefault(key) + 1;
                    var expansion = glossary[key];
                    return key.EndsWith('.') ? expansion + trailing[1..] : expansion + trailing;
                }
                var normal = Normal(token);
                if (LooksAbbreviated(normal) && (pocVocabulary is null || !pocVocabulary.Contains(normal)))
                {
                    any = true;
                    if (seenInRow.Add(normal)) counts[normal] = counts.GetValueOrDefault(normal) + 1;
                }
                return m.Value;
            });
            if (any) hits.Add(new CellHit(i, value, expanded == value ? null : expanded));
        }
        var tokens = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new ShorthandToken(c.Key, c.Value, glossary.TryGetValue(c.Key, out var e) ? e : null)).ToList();
        var details = new ShorthandDetails(checkedRows, hits.Count, checkedRows == 0 ? 0 : (double)hits.Count / checkedRows, tokens);
        return new RuleOutcome(checkedRows, hits, details);
    }

    private static string Normal(string token) => token.ToLowerInvariant().TrimEnd('.', ',', ';', ':');

    private static (string Token, string Trailing) Split(string raw)
    {
        int end = raw.Length;
        while (end > 0 && raw[end - 1] is '.' or '-') end--;
        return (raw[..end], raw[end..]);
    }

    /// <summary>The glossary key of a token: as written ("no."), or without its trailing dot.</summary>
    private static string? Known(string token, bool dotted, Dictionary<string, string> glossary)
    {
        var lower = token.ToLowerInvariant();
        if (dotted && glossary.ContainsKey(lower + ".")) return lower + ".";
        return glossary.ContainsKey(lower) ? lower : null;
    }

    /// <summary>Abbreviation-shaped: w/ s/d req'd b4, or 2 to 5 letters without a vowel (chk, brg, pmp).</summary>
    internal static bool LooksAbbreviated(string token)
    {
        if (token.Length < 2 || token.All(char.IsDigit)) return false;
        if (token.Contains('/') || token.Contains('\'') || token.Contains('’')) return true;
        bool letters = token.Any(char.IsLetter), digits = token.Any(char.IsDigit);
        if (letters && digits && token.Length <= 4) return true;
        return token.Length <= 5 && token.All(char.IsLetter) && !token.Any(c => "aeiouyäöüéèàáíóú".Contains(c));
    }
}
