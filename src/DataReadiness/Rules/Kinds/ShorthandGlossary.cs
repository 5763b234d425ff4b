using System.Runtime.CompilerServices;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Rules.Kinds;

/// <summary>The domain a column's shorthand is read in, and why: how many of its rows use words only that domain has.</summary>
public sealed record ShorthandDomain(string Name, long Rows, long RowsRead);

/// <summary>
/// The shorthand glossary one column is read with: the words of every domain, with the expansions of the column's
/// domain where domains disagree (<c>c/o</c> is change out in maintenance, care of in logistics). A column's domain
/// is the one whose own words (those no other domain and no common entry has) appear in most of its rows; with none,
/// a word of several domains reads as the common section says, else as the first domain listed.
/// </summary>
public sealed class ShorthandGlossary
{
    private readonly Dictionary<string, string> _words;

    private readonly HashSet<string> _phraseStarts;

    private ShorthandGlossary(Dictionary<string, string> words, ShorthandDomain? domain)
    {
        _words = words;
        Domain = domain;
        _phraseStarts = words.Keys.Where(k => k.Contains(' ')).Select(k => k[..k.IndexOf(' ')]).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether two neighbouring words, separated by spaces only, are a phrase of the glossary ("air con"); the phrase's
    /// key, expansion, and where in the value it ends (a trailing dot or comma stays).
    /// </summary>
    public bool TryPhrase(string value, (int Index, int Length) first, (int Index, int Length) second, out string key, out string expansion, out int end)
    {
        key = expansion = "";
        end = 0;
        if (_phraseStarts.Count == 0 || !_phraseStarts.GetAlternateLookup<ReadOnlySpan<char>>().Contains(value.AsSpan(first.Index, first.Length))) return false;
        var gap = value.AsSpan(first.Index + first.Length, second.Index - first.Index - first.Length);
        if (gap.Length == 0 || !gap.IsWhiteSpace()) return false;
        var secondWord = value.AsSpan(second.Index, second.Length).TrimEnd(".,;:-");
        var phrase = string.Concat(value.AsSpan(first.Index, first.Length), " ", secondWord);
        if (!_words.TryGetValue(phrase, out var found)) return false;
        key = phrase.ToLowerInvariant();
        expansion = found;
        end = second.Index + secondWord.Length;
        return true;
    }

    public ShorthandDomain? Domain { get; }

    public Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup => _words.GetAlternateLookup<ReadOnlySpan<char>>();

    public bool TryGetValue(string key, out string? expansion) => _words.TryGetValue(key, out expansion);

    // One merged glossary per catalog and domain: columns of one run share it.
    private static readonly ConditionalWeakTable<RuleDictionaries, Dictionary<string, Dictionary<string, string>>> Merged = new();

    /// <summary>How many values are read to choose a column's domain.</summary>
    private const int ValuesRead = 5000;

    // The domain the live side chose, by the POC values it was chosen beside: the POC side reads in the same one.
    private static readonly ConditionalWeakTable<IReadOnlyList<string?>, StrongBox<ShorthandDomain?>> ChosenBeside = new();

    /// <summary>
    /// The glossary for a column: its domain is chosen from the live and the POC values together (the live side
    /// chooses, and the POC side, whose reference is itself, reads in the same domain). In a column of Title-Case
    /// names, Title-Case words and acronyms are names' words and say nothing of the domain.
    /// </summary>
    public static ShorthandGlossary For(RuleDictionaries dictionaries, IReadOnlyList<string?> values, IReadOnlyList<string?>? reference, bool titled)
    {
        ShorthandDomain? domain;
        if (reference is not null && ReferenceEquals(reference, values) && ChosenBeside.TryGetValue(reference, out var chosen))
            domain = chosen.Value;
        else if (reference is not null && !ReferenceEquals(reference, values))
        {
            domain = ChooseDomain(dictionaries, values.Take(ValuesRead).Concat(reference.Take(ValuesRead)).ToList(), titled, 2 * ValuesRead);
            ChosenBeside.AddOrUpdate(reference, new StrongBox<ShorthandDomain?>(domain));
        }
        else domain = ChooseDomain(dictionaries, values, titled);
        return new ShorthandGlossary(MergedFor(dictionaries, domain?.Name ?? ""), domain);
    }

    /// <summary>The glossary for values alone (no POC).</summary>
    public static ShorthandGlossary For(RuleDictionaries dictionaries, IReadOnlyList<string?> values, bool titled) => For(dictionaries, values, null, titled);

    private static Dictionary<string, string> MergedFor(RuleDictionaries dictionaries, string domain)
    {
        var byDomain = Merged.GetOrCreateValue(dictionaries);
        lock (byDomain)
        {
            if (byDomain.TryGetValue(domain, out var words)) return words;
            words = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            // Later overlays win: the first domain listed over the others, the common section over both, the column's domain over all.
            for (int d = dictionaries.ShorthandByDomain.Count - 1; d >= 0; d--)
                foreach (var (key, expansion) in dictionaries.ShorthandByDomain[d].Glossary) words[key] = expansion;
            foreach (var (key, expansion) in dictionaries.Shorthand) words[key] = expansion;
            foreach (var (name, glossary) in dictionaries.ShorthandByDomain)
                if (name == domain)
                    foreach (var (key, expansion) in glossary) words[key] = expansion;
            byDomain[domain] = words;
            return words;
        }
    }

    /// <summary>The share of rows read that must use a domain's own words for the column to be read in that domain.</summary>
    public const double DomainShare = 0.05;

    /// <summary>
    /// The domain whose own words appear in most rows (more than any other domain's, and in at least 5% of the rows
    /// read and 3 rows: a word or two in a thousand rows is chance), or null.
    /// </summary>
    internal static ShorthandDomain? ChooseDomain(RuleDictionaries dictionaries, IReadOnlyList<string?> values, bool titled, int valuesRead = ValuesRead)
    {
        var domains = dictionaries.ShorthandByDomain;
        if (domains.Count == 0) return null;
        var owner = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int d = 0; d < domains.Count; d++)
            foreach (var key in domains[d].Glossary.Keys)
                if (!dictionaries.Shorthand.ContainsKey(key))
                    owner[key] = owner.ContainsKey(key) ? -1 : d;
        var ownerBySpan = owner.GetAlternateLookup<ReadOnlySpan<char>>();
        var rows = new long[domains.Count];
        var inRow = new bool[domains.Count];
        long read = 0;
        foreach (var value in values)
        {
            if (string.IsNullOrWhiteSpace(value)) continue;
            if (++read > valuesRead) break;
            Array.Clear(inRow);
            foreach (var match in ShorthandKind.Token().EnumerateMatches(value))
            {
                var raw = value.AsSpan(match.Index, match.Length);
                if (titled && ShorthandKind.IsNameWord(raw)) continue;
                var word = raw.TrimEnd(".,;:-");
                if (ownerBySpan.TryGetValue(word, out int d) && d >= 0) inRow[d] = true;
            }
            for (int d = 0; d < domains.Count; d++)
                if (inRow[d]) rows[d]++;
        }
        int best = -1;
        for (int d = 0; d < domains.Count; d++)
            if (rows[d] > 0 && (best < 0 || rows[d] > rows[best])) best = d;
        if (best < 0 || rows.Where((_, d) => d != best).Any(r => r == rows[best])) return null;
        if (rows[best] < 3 || rows[best] < DomainShare * Math.Min(read, valuesRead)) return null;
        return new ShorthandDomain(domains[best].Domain, rows[best], Math.Min(read, valuesRead));
    }
}
