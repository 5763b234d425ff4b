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
        RuleDictionaries dictionaries, int threshold)
    {
        var spellings = liveCounts.Keys.Union(pocCounts.Keys, StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToList();
        var keyOf = spellings.ToDictionary(s => s, s => NameKey.CompanyKey(s, dictionaries.LegalForms, dictionaries.NameAbbreviations), StringComparer.Ordinal);
        var keys = keyOf.Values.Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var parent = keys.ToDictionary(k => k, k => k, StringComparer.Ordinal);
        string Find(string k) { while (parent[k] != k) k = parent[k] = parent[parent[k]]; return k; }
        void Union(string a, string b)
        {
            var (ra, rb) = (Find(a), Find(b));
            if (ra == rb) return;
            if (string.CompareOrdinal(ra, rb) < 0) parent[rb] = ra; else parent[ra] = rb;
        }
        var compared = new HashSet<(string, string)>();
        foreach (var block in Blocks(keys, 3).Concat(DeletionBlocks(keys)))
            for (int i = 0; i < block.Count; i++)
                for (int j = i + 1; j < block.Count; j++)
                {
                    if (Find(block[i]) == Find(block[j])) continue;
                    var pair = string.CompareOrdinal(block[i], block[j]) < 0 ? (block[i], block[j]) : (block[j], block[i]);
                    if (compared.Add(pair) && Similar(block[i], block[j], threshold)) Union(block[i], block[j]);
                }

        var clusters = new List<VendorCluster>();
        foreach (var group in spellings.Where(s => keyOf[s].Length > 0).GroupBy(s => Find(keyOf[s])))
        {
            var variants = group
                .Select(s => new VendorVariant(s, liveCounts.GetValueOrDefault(s), pocCounts.ContainsKey(s)))
                .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).ToList();
            var inPoc = group.Where(pocCounts.ContainsKey).ToList();
            var canonical = inPoc.Count > 0
                ? inPoc.OrderByDescending(s => pocCounts[s]).ThenBy(s => s, StringComparer.Ordinal).First()
                : variants[0].Value;
            clusters.Add(new VendorCluster(group.Key, canonical, variants, inPoc.Count > 0));
        }
        return clusters.OrderByDescending(c => c.Variants.Sum(v => v.Count)).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
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

    /// <summary>Similar enough to be one company: a high ratio, and every word of one has a look-alike in the other.</summary>
    public static bool Similar(string a, string b, int threshold)
    {
        if (Fuzz.Ratio(a, b, PreprocessMode.None) < threshold) return false;
        var wordsA = a.Split(' ');
        var wordsB = b.Split(' ');
        return wordsA.All(w => w.Length < 3 || wordsB.Any(v => Fuzz.Ratio(w, v, PreprocessMode.None) >= 80))
            && wordsB.All(w => w.Length < 3 || wordsA.Any(v => Fuzz.Ratio(w, v, PreprocessMode.None) >= 80));
    }

    internal static Dictionary<string, long> Counts(IEnumerable<string?> values, RuleDictionaries dictionaries) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v) && !dictionaries.NullTokens.Contains(v.Trim()))
            .GroupBy(v => v!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
}
