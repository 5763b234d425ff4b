using DataReadiness.Rules.Catalog;
using DataReadiness.Text;
using FuzzySharp;
using FuzzySharp.PreProcess;

namespace DataReadiness.Rules.Kinds;

/// <summary>One spelling in a vendor cluster, with how often the sample has it and whether the POC has it.</summary>
public sealed record VendorVariant(string Value, long Count, bool InPoc);

/// <summary>Spellings of one company: the canonical one (the POC's if it has one) and every variant.</summary>
public sealed record VendorCluster(string Key, string Canonical, IReadOnlyList<VendorVariant> Variants, bool InPoc);

/// <summary>
/// Clusters company names: spellings with the same normalised key (case, accents, mojibake, punctuation, legal
/// forms, abbreviations) join first; then keys are compared with FuzzySharp only inside blocks that share their
/// first three characters, and joined when similar enough and no distinguishing word separates them
/// ("Acme Steel" and "Acme Industrial Supply" stay apart). Pure: the same values give the same clusters.
/// </summary>
public static class VendorClusterer
{
    /// <summary>Blocks larger than this are split further, so comparisons stay near-linear in the number of names.</summary>
    public const int MaxBlock = 400;

    public static IReadOnlyList<VendorCluster> Cluster(
        IReadOnlyDictionary<string, long> liveCounts, IReadOnlyDictionary<string, long> pocCounts,
        RuleDictionaries dictionaries, int threshold, VendorContexts? contexts = null)
    {
        var spellings = liveCounts.Keys.Union(pocCounts.Keys, StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToList();
        var keyOf = spellings.ToDictionary(s => s, s => NameKey.CompanyKey(s, dictionaries.LegalForms, dictionaries.NameAbbreviations), StringComparer.Ordinal);
        long Poc(string s) => pocCounts.GetValueOrDefault(s);
        long Live(string s) => liveCounts.GetValueOrDefault(s);

        // The spellings of one key form one node, unless another column tells them apart (Revolution Brewing in
        // Paonia CO and Revolution Brewing Company in Chicago IL share a key): then a node per compatible group.
        var nodes = new List<Node>();
        foreach (var byKey in spellings.Where(s => keyOf[s].Length > 0).GroupBy(s => keyOf[s], StringComparer.Ordinal))
        {
            var ofKey = new List<Node>();
            foreach (var spelling in byKey.OrderByDescending(Poc).ThenByDescending(Live).ThenBy(s => s, StringComparer.Ordinal))
            {
                var context = contexts?.Of(spelling);
                var node = ofKey.FirstOrDefault(n => !VendorContexts.Disagree(n.Context, context));
                if (node is null) ofKey.Add(node = new Node(byKey.Key, ofKey.Count));
                node.Add(spelling, Poc(spelling), Live(spelling), context);
            }
            nodes.AddRange(ofKey);
        }
        var nodesOfKey = nodes.GroupBy(n => n.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var keys = nodesOfKey.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var blocks = Blocks(keys, 3).Concat(DeletionBlocks(keys)).Concat(WordSetBlocks(keys)).Where(b => b.Count > 1).ToList();
        var blocksOf = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int b = 0; b < blocks.Count; b++)
            foreach (var key in blocks[b])
            {
                if (!blocksOf.TryGetValue(key, out var list)) blocksOf[key] = list = new List<int>();
                list.Add(b);
            }

        // No chains: nodes are taken heaviest first, and each joins the cluster whose first (canonical) node it is
        // most like, or starts its own. A spelling two edits from the canonical one through a third stays apart.
        var canonicalOf = new Dictionary<Node, Node>();
        var canonicals = new Dictionary<string, List<Node>>(StringComparer.Ordinal);
        foreach (var node in nodes.OrderByDescending(n => n.Poc).ThenByDescending(n => n.Live).ThenBy(n => n.Key, StringComparer.Ordinal).ThenBy(n => n.Index))
        {
            Node? best = null;
            int bestScore = -1;
            var tried = new HashSet<string>(StringComparer.Ordinal);
            foreach (int b in blocksOf.GetValueOrDefault(node.Key) ?? [])
                foreach (var otherKey in blocks[b])
                {
                    if (otherKey == node.Key || !canonicals.TryGetValue(otherKey, out var others) || !tried.Add(otherKey)) continue;
                    if (!Similar(node.Key, otherKey, threshold)) continue;
                    int score = Fuzz.Ratio(node.Key, otherKey, PreprocessMode.None);
                    foreach (var other in others)
                        if (!VendorContexts.Disagree(node.Context, other.Context)
                            && (score > bestScore || score == bestScore && string.CompareOrdinal(other.Key, best!.Key) < 0))
                            (best, bestScore) = (other, score);
                }
            canonicalOf[node] = best ?? node;
            if (best is null)
            {
                if (!canonicals.TryGetValue(node.Key, out var list)) canonicals[node.Key] = list = new List<Node>();
                list.Add(node);
            }
        }

        var clusters = new List<VendorCluster>();
        foreach (var group in nodes.GroupBy(n => canonicalOf[n]))
        {
            var members = group.SelectMany(n => n.Spellings).ToList();
            var variants = members
                .Select(s => new VendorVariant(s, Live(s), pocCounts.ContainsKey(s)))
                .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).ToList();
            var inPoc = members.Where(pocCounts.ContainsKey).ToList();
            var canonical = inPoc.Count > 0
                ? inPoc.OrderByDescending(s => pocCounts[s]).ThenBy(s => s, StringComparer.Ordinal).First()
                : variants[0].Value;
            var key = group.Key.Index == 0 ? group.Key.Key : $"{group.Key.Key} #{group.Key.Index + 1}";
            clusters.Add(new VendorCluster(key, canonical, variants, inPoc.Count > 0));
        }
        return clusters.OrderByDescending(c => c.Variants.Sum(v => v.Count)).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>The spellings of one key that no other column tells apart, with their rows and what the other columns say.</summary>
    private sealed class Node(string key, int index)
    {
        public string Key { get; } = key;
        public int Index { get; } = index;
        public List<string> Spellings { get; } = [];
        public long Poc { get; private set; }
        public long Live { get; private set; }
        public Dictionary<string, HashSet<string>>? Context { get; private set; }

        public void Add(string spelling, long poc, long live, IReadOnlyDictionary<string, HashSet<string>>? context)
        {
            Spellings.Add(spelling);
            Poc += poc;
            Live += live;
            if (context is null) return;
            Context ??= new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var (column, values) in context)
            {
                if (!Context.TryGetValue(column, out var set)) Context[column] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                set.UnionWith(values);
            }
        }
    }

    /// <summary>
    /// A second blocking for typos where the prefix blocking cannot see them, in the first word: every key is also
    /// filed under its first word and that word with one letter deleted (a deletion neighbourhood, as SymSpell does), so two names
    /// whose first words are one edit apart share a block. Blocks past <see cref="MaxBlock"/> are common words and skipped.
    /// </summary>
    private static IEnumerable<List<string>> DeletionBlocks(List<string> keys)
    {
        var blocks = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            int space = key.IndexOf(' ');
            var first = space < 0 ? key : key[..space];
            if (first.Length < 4) continue;
            for (int i = -1; i < first.Length; i++)
            {
                // The word itself (i = -1) meets its one-deletion variants; two one-deletion variants meet each other.
                var deleted = i < 0 ? first : first.Remove(i, 1);
                if (!blocks.TryGetValue(deleted, out var list)) blocks[deleted] = list = new List<string>();
                if (list.Count == 0 || list[^1] != key) list.Add(key);
            }
        }
        return blocks.Values.Where(b => b.Count is > 1 and <= MaxBlock);
    }

    /// <summary>A name's distinct words in order: the key OpenRefine's fingerprint compares ("x - x" is "x").</summary>
    private static string WordSet(string[] words) => string.Join(' ', words.Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    // The same distinct words, any order. Each name holding the other's first word is necessary and cheap (most
    // pairs stop there); then the sorted word sets.
    private static bool SameWords(string a, string b, string[] wordsA, string[] wordsB) =>
        a != b && b.Contains(wordsA[0], StringComparison.Ordinal) && a.Contains(wordsB[0], StringComparison.Ordinal)
        && WordSet(wordsA) == WordSet(wordsB);

    /// <summary>A third blocking: names with the same words in another order, which neither prefix nor first word brings together.</summary>
    private static IEnumerable<List<string>> WordSetBlocks(List<string> keys) =>
        keys.GroupBy(k => WordSet(k.Split(' ')), StringComparer.Ordinal).Select(g => g.ToList()).Where(b => b.Count is > 1 and <= MaxBlock);

    private static IEnumerable<List<string>> Blocks(List<string> keys, int prefix)
    {
        foreach (var block in keys.GroupBy(k => k.Length <= prefix ? k : k[..prefix]))
        {
            var members = block.ToList();
            if (members.Count > MaxBlock && prefix < 12)
                foreach (var sub in Blocks(members, prefix + 2)) yield return sub;
            else yield return members;
        }
    }

    /// <summary>
    /// Similar enough to be one company: the same short distinguishing words (numbers, roman numerals, initials:
    /// "Little Tykes I" and "II" are two), and then the same letters with the spaces taken out ("gist brocades",
    /// "gistbrocades"), or a high ratio with every word of one having a look-alike in the other.
    /// </summary>
    public static bool Similar(string a, string b, int threshold)
    {
        var wordsA = a.Split(' ');
        var wordsB = b.Split(' ');
        if (!Distinguishing(wordsA).SequenceEqual(Distinguishing(wordsB), StringComparer.Ordinal)) return false;
        if (string.Concat(wordsA) == string.Concat(wordsB)) return true;
        // The same words in another order ("general wood boys girls club", "boys girls club general wood").
        if (SameWords(a, b, wordsA, wordsB)) return true;
        if (Fuzz.Ratio(a, b, PreprocessMode.None) < threshold) return false;
        return wordsA.All(w => w.Length < 3 || wordsB.Any(v => Fuzz.Ratio(w, v, PreprocessMode.None) >= 80))
            && wordsB.All(w => w.Length < 3 || wordsA.Any(v => Fuzz.Ratio(w, v, PreprocessMode.None) >= 80));
    }

    private static readonly HashSet<string> RomanNumerals = new(StringComparer.Ordinal)
        { "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii" };

    /// <summary>The short words that tell two names apart however alike the rest is: numbers, roman numerals, single letters.</summary>
    private static IEnumerable<string> Distinguishing(string[] words) =>
        words.Where(w => w.Length > 0 && (w.All(char.IsAsciiDigit) || RomanNumerals.Contains(w) || w.Length == 1 && char.IsLetter(w[0])))
            .Order(StringComparer.Ordinal);

    internal static Dictionary<string, long> Counts(IEnumerable<string?> values, RuleDictionaries dictionaries) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v) && !dictionaries.NullTokens.Contains(v.Trim()))
            .GroupBy(v => v!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
}
