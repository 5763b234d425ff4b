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
        // Keys are independent of each other: computed on every core (100,000 names took a second on one).
        var keys0 = spellings.AsParallel().AsOrdered().Select(s => NameKey.CompanyKey(s, dictionaries.LegalForms, dictionaries.NameAbbreviations)).ToArray();
        var keyOf = new Dictionary<string, string>(spellings.Count, StringComparer.Ordinal);
        for (int i = 0; i < spellings.Count; i++) keyOf[spellings[i]] = keys0[i];
        long Poc(string s) => pocCounts.GetValueOrDefault(s);
        long Live(string s) => liveCounts.GetValueOrDefault(s);

        // The spellings of one key form one node, unless another column tells them apart (Revolution Brewing in
        // Paonia CO and Revolution Brewing Company in Chicago IL share a key): then a node per compatible group.
        var nodes = new List<Node>();
        foreach (var byKey in spellings.Where(s => keyOf[s].Length > 0).GroupBy(s => keyOf[s], StringComparer.Ordinal))
        {
            var ofKey = new List<Node>(1);
            // Most keys have one spelling: no ordering to do.
            var ordered = byKey.Skip(1).Any() ? byKey.OrderByDescending(Poc).ThenByDescending(Live).ThenBy(s => s, StringComparer.Ordinal) : (IEnumerable<string>)byKey;
            foreach (var spelling in ordered)
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
        var infoOf = keys.AsParallel().AsOrdered().Select(k => new KeyInfo(k)).ToDictionary(i => i.Key, StringComparer.Ordinal);
        var blocks = Blocks(keys, 3).Concat(DeletionBlocks(keys, infoOf)).Concat(WordSetBlocks(keys, infoOf)).Where(b => b.Count > 1).ToList();
        // Which keys are alike is the pair's own property: every pair sharing a block is compared once, on every
        // core, before the greedy pass below (which must go in order) reads the answers.
        var indexOf = new Dictionary<string, int>(keys.Count, StringComparer.Ordinal);
        for (int i = 0; i < keys.Count; i++) indexOf[keys[i]] = i;
        var blockMembers = blocks.Select(b => b.Select(k => indexOf[k]).ToArray()).ToArray();
        var blocksOf = new List<int>?[keys.Count];
        for (int b = 0; b < blockMembers.Length; b++)
            foreach (int k in blockMembers[b]) (blocksOf[k] ??= []).Add(b);
        var infos = keys.Select(k => infoOf[k]).ToArray();
        var pairs = new System.Collections.Concurrent.ConcurrentBag<(int A, int B, int Score)[]>();
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, keys.Count, 2048), range =>
        {
            var found = new List<(int, int, int)>();
            var compared = new HashSet<int>();
            for (int i = range.Item1; i < range.Item2; i++)
            {
                if (blocksOf[i] is not { } ofKey) continue;
                compared.Clear();
                foreach (int b in ofKey)
                    foreach (int j in blockMembers[b])
                        if (j > i && compared.Add(j) && Similar(infos[i], infos[j], threshold, out int score)) found.Add((i, j, score));
            }
            pairs.Add(found.ToArray());
        });
        var alike = new List<(int Other, int Score)>?[keys.Count];
        foreach (var (a, b, score) in pairs.SelectMany(p => p).OrderBy(p => p.A).ThenBy(p => p.B))
        {
            (alike[a] ??= []).Add((b, score));
            (alike[b] ??= []).Add((a, score));
        }

        // No chains: nodes are taken heaviest first, and each joins the cluster whose first (canonical) node it is
        // most like, or starts its own. A spelling two edits from the canonical one through a third stays apart.
        var canonicalOf = new Dictionary<Node, Node>();
        var canonicals = new Dictionary<string, List<Node>>(StringComparer.Ordinal);
        foreach (var node in nodes.OrderByDescending(n => n.Poc).ThenByDescending(n => n.Live).ThenBy(n => n.Key, StringComparer.Ordinal).ThenBy(n => n.Index))
        {
            Node? best = null;
            int bestScore = -1;
            foreach (var (other, score) in alike[indexOf[node.Key]] ?? [])
            {
                if (!canonicals.TryGetValue(keys[other], out var others)) continue;
                foreach (var candidate in others)
                    if (!VendorContexts.Disagree(node.Context, candidate.Context)
                        && (score > bestScore || score == bestScore && string.CompareOrdinal(candidate.Key, best!.Key) < 0))
                        (best, bestScore) = (candidate, score);
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
            // The most used spelling; among equally used ones, the one written as names usually are (not in capitals,
            // no legal form in front, no stray spaces), so that suggestions point to a spelling worth copying.
            var canonical = inPoc.Count > 0
                ? inPoc.OrderByDescending(s => pocCounts[s]).ThenBy(s => Untidiness(s, dictionaries)).ThenBy(s => s, StringComparer.Ordinal).First()
                : variants.Where(v => v.Count == variants[0].Count).Select(v => v.Value)
                    .OrderBy(s => Untidiness(s, dictionaries)).ThenBy(s => s, StringComparer.Ordinal).First();
            var key = group.Key.Index == 0 ? group.Key.Key : $"{group.Key.Key} #{group.Key.Index + 1}";
            clusters.Add(new VendorCluster(key, canonical, variants, inPoc.Count > 0));
        }
        return clusters.OrderByDescending(c => c.Variants.Sum(v => v.Count)).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>How far a spelling is from how names are usually written: in capitals, a legal form in front, stray spaces.</summary>
    private static int Untidiness(string spelling, RuleDictionaries dictionaries)
    {
        int score = 0;
        if (spelling.Any(char.IsLetter) && !spelling.Any(char.IsLower)) score += 2;
        if (spelling != spelling.Trim() || spelling.Contains("  ", StringComparison.Ordinal)) score += 2;
        var simple = NameKey.JoinInitials(NameKey.Simplify(spelling));
        int space = simple.IndexOf(' ');
        if (space > 0 && dictionaries.LegalForms.Contains(simple[..space])) score += 1;
        return score;
    }

    /// <summary>The spellings of one key that no other column tells apart, with their rows and what the other columns say.</summary>
    private sealed class Node(string key, int index)
    {
        public string Key { get; } = key;
        public int Index { get; } = index;
        public List<string> Spellings { get; } = [];
        public long Poc { get; private set; }
        public long Live { get; private set; }
        public IReadOnlyDictionary<string, HashSet<string>>? Context => _merged ?? _first;

        // Most nodes hold one spelling: its context is shared, not copied, until a second spelling merges into it.
        private IReadOnlyDictionary<string, HashSet<string>>? _first;
        private Dictionary<string, HashSet<string>>? _merged;

        public void Add(string spelling, long poc, long live, IReadOnlyDictionary<string, HashSet<string>>? context)
        {
            Spellings.Add(spelling);
            Poc += poc;
            Live += live;
            if (context is null) return;
            if (_first is null && _merged is null)
            {
                _first = context;
                return;
            }
            if (_merged is null)
            {
                _merged = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                foreach (var (column, values) in _first!) _merged[column] = new HashSet<string>(values, StringComparer.OrdinalIgnoreCase);
            }
            var merged = _merged;
            foreach (var (column, values) in context)
            {
                if (!merged.TryGetValue(column, out var set)) merged[column] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                set.UnionWith(values);
            }
        }
    }

    /// <summary>
    /// A second blocking for typos where the prefix blocking cannot see them, in the first word: every key is also
    /// filed under its first word and that word with one letter deleted (a deletion neighbourhood, as SymSpell does), so two names
    /// whose first words are one edit apart share a block. Blocks past <see cref="MaxBlock"/> are common words and skipped.
    /// </summary>
    private static IEnumerable<List<string>> DeletionBlocks(List<string> keys, Dictionary<string, KeyInfo> infoOf)
    {
        // Each key is filed under a 64-bit hash of its first word and of each one-letter deletion of it; sorting the
        // (hash, key) pairs groups them, where a dictionary of lists made a million small lists. A hash collision
        // only proposes a pair; Similar decides.
        var hashes = new List<ulong>(keys.Count * 8);
        var owners = new List<int>(keys.Count * 8);
        Span<char> deleted = stackalloc char[64];
        for (int k = 0; k < keys.Count; k++)
        {
            var first = infoOf[keys[k]].Words[0];
            if (first.Length < 4 || first.Length > 64) continue;
            for (int i = -1; i < first.Length; i++)
            {
                // The word itself (i = -1) meets its one-deletion variants; two one-deletion variants meet each other.
                int length = 0;
                for (int c = 0; c < first.Length; c++)
                    if (c != i) deleted[length++] = first[c];
                hashes.Add(System.IO.Hashing.XxHash64.HashToUInt64(System.Runtime.InteropServices.MemoryMarshal.AsBytes(deleted[..length])));
                owners.Add(k);
            }
        }
        var hashArray = hashes.ToArray();
        var ownerArray = owners.ToArray();
        Array.Sort(hashArray, ownerArray);
        for (int start = 0; start < hashArray.Length;)
        {
            int end = start + 1;
            while (end < hashArray.Length && hashArray[end] == hashArray[start]) end++;
            if (end - start > 1)
            {
                // A word with a doubled letter files itself twice under one deletion: each key once per block.
                var members = ownerArray.AsSpan(start, end - start).ToArray().Distinct().Order().Select(k => keys[k]).ToList();
                if (members.Count is > 1 and <= MaxBlock) yield return members;
            }
            start = end;
        }
    }

    /// <summary>A name's distinct words in order: the key OpenRefine's fingerprint compares ("x - x" is "x").</summary>
    private static string WordSet(string[] words) => string.Join(' ', words.Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>A third blocking: names with the same words in another order, which neither prefix nor first word brings together.</summary>
    private static IEnumerable<List<string>> WordSetBlocks(List<string> keys, Dictionary<string, KeyInfo> infoOf) =>
        keys.GroupBy(k => infoOf[k].WordSet, StringComparer.Ordinal).Select(g => g.ToList()).Where(b => b.Count is > 1 and <= MaxBlock);

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
    public static bool Similar(string a, string b, int threshold) => Similar(new KeyInfo(a), new KeyInfo(b), threshold, out _);

    /// <summary>What comparing a key needs, worked out once per key rather than once per pair.</summary>
    private sealed class KeyInfo
    {
        public KeyInfo(string key)
        {
            Key = key;
            Words = key.Split(' ');
            Distinguishing = string.Join(' ', VendorClusterer.Distinguishing(Words));
            Letters = string.Concat(Words);
            WordSet = VendorClusterer.WordSet(Words);
            Counts = new byte[CountSlots];
            foreach (char c in key)
            {
                int slot = c is >= 'a' and <= 'z' ? c - 'a' : c is >= '0' and <= '9' ? 26 + c - '0' : c == ' ' ? 36 : 37;
                if (Counts[slot] < byte.MaxValue) Counts[slot]++;
            }
        }

        public string Key { get; }
        public string[] Words { get; }
        public string Distinguishing { get; }
        public string Letters { get; }
        public string WordSet { get; }
        /// <summary>How often each letter, digit, space and other character occurs (capped at 255).</summary>
        public byte[] Counts { get; }
    }

    private const int CountSlots = 38;

    private static bool Similar(KeyInfo a, KeyInfo b, int threshold, out int score)
    {
        score = 0;
        if (a.Distinguishing != b.Distinguishing) return false;
        if (a.Letters == b.Letters || a.Key != b.Key && a.WordSet == b.WordSet)
        {
            score = Fuzz.Ratio(a.Key, b.Key, PreprocessMode.None);
            return true;
        }
        // The ratio counts characters the two share in order; those they share in any order bound it from above, and
        // most pairs of a block fail that bound without the edit distance being computed.
        int shared = 0;
        for (int i = 0; i < CountSlots; i++) shared += Math.Min(a.Counts[i], b.Counts[i]);
        if (200.0 * shared / (a.Key.Length + b.Key.Length) < threshold - 0.5) return false;
        score = Fuzz.Ratio(a.Key, b.Key, PreprocessMode.None);
        if (score < threshold) return false;
        return a.Words.All(w => w.Length < 3 || b.Words.Any(v => LookAlike(w, v)))
            && b.Words.All(w => w.Length < 3 || a.Words.Any(v => LookAlike(w, v)));
    }

    /// <summary>
    /// Two words one typo apart, as far as their length allows: a word of up to eight letters may differ by one edit,
    /// a longer one by two (a swap of neighbours is one edit). "hufen" and "hufenri", "molintor" and "molinpator" are
    /// two names; "hydraulics" and "hydarulics", "electrical" and "electirkal" one.
    /// </summary>
    private static bool LookAlike(string a, string b)
    {
        if (a == b) return true;
        int shorter = Math.Min(a.Length, b.Length);
        int allowed = shorter <= 8 ? 1 : 2;
        if (Math.Abs(a.Length - b.Length) > allowed || Fuzz.Ratio(a, b, PreprocessMode.None) < 80) return false;
        return EditDistance(a, b, allowed) <= allowed;
    }

    /// <summary>Optimal string alignment distance (insertions, deletions, substitutions, swaps of neighbours), stopped past <paramref name="limit"/>.</summary>
    internal static int EditDistance(string a, string b, int limit)
    {
        var before = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            int rowMin = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = Math.Min(d, before[j - 2] + 1);
                current[j] = d;
                rowMin = Math.Min(rowMin, d);
            }
            if (rowMin > limit) return limit + 1;
            (before, previous, current) = (previous, current, before);
        }
        return previous[b.Length];
    }

    private static readonly HashSet<string> RomanNumerals = new(StringComparer.Ordinal)
        { "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii" };

    // Two-letter words that join a name's words rather than tell names apart (of, de, la, ...), in the languages of
    // company names; any other two-letter word is a code (a region, a plant: "(UK)", "(US)").
    private static readonly HashSet<string> Joiners = new(StringComparer.Ordinal)
        { "of", "de", "la", "le", "el", "et", "di", "da", "du", "do", "dr", "st", "mc", "am", "an", "in", "on", "to", "at", "by", "y", "e", "u", "a", "o", "i", "n" };

    /// <summary>
    /// The short words that tell two names apart however alike the rest is: numbers (also inside a word: "plant1",
    /// "plant2"), roman numerals, single letters (initials), and two-letter codes (regions in brackets: "(UK)" and
    /// "(US)" are two companies).
    /// </summary>
    private static List<string> Distinguishing(string[] words)
    {
        var found = new List<string>();
        foreach (var w in words)
        {
            if (w.Length == 0) continue;
            if (RomanNumerals.Contains(w) || w.Length == 1 && char.IsLetter(w[0])
                || w.Length == 2 && char.IsLetter(w[0]) && char.IsLetter(w[1]) && !Joiners.Contains(w))
            {
                found.Add(w);
                continue;
            }
            for (int i = 0; i < w.Length; i++)
            {
                if (!char.IsAsciiDigit(w[i])) continue;
                int end = i;
                while (end < w.Length && char.IsAsciiDigit(w[end])) end++;
                found.Add(w[i..end]);
                i = end;
            }
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>A column's clusters, its live counts and its POC counts, as both vendor kinds read them.</summary>
    internal sealed record ColumnClusters(IReadOnlyList<VendorCluster> Clusters, Dictionary<string, long> Live, Dictionary<string, long> Poc);

    // Both vendor kinds cluster the same column with the same reference: the first one's clusters serve the second.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<string?>, List<(IReadOnlyList<string?>? Reference, int Threshold, RuleDictionaries Dictionaries, ColumnClusters Result)>> ByColumn = new();

    // The live side's clusters by the POC values they were drawn against: the POC side reads its vendors in them.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<string?>, List<(int Threshold, RuleDictionaries Dictionaries, ColumnClusters Result)>> ByReference = new();

    /// <summary>
    /// The clusters of a rule's column against its reference (the POC's values), computed once per sample column. The
    /// POC side (whose reference is itself) is read in the clusters the live side drew over both samples, so one
    /// spelling is one vendor on both sides; its counts are the POC's.
    /// </summary>
    internal static ColumnClusters Of(ColumnContext column, int threshold)
    {
        if (column.Reference is { } self && ReferenceEquals(self, column.Values) && ByReference.TryGetValue(self, out var drawn))
            lock (drawn)
                foreach (var entry in drawn)
                    if (entry.Threshold == threshold && ReferenceEquals(entry.Dictionaries, column.Dictionaries))
                        return entry.Result with { Live = entry.Result.Poc };
        var cached = ByColumn.GetOrCreateValue(column.Values);
        lock (cached)
        {
            foreach (var entry in cached)
                if (ReferenceEquals(entry.Reference, column.Reference) && entry.Threshold == threshold && ReferenceEquals(entry.Dictionaries, column.Dictionaries))
                    return entry.Result;
            var live = Counts(column.Values, column.Dictionaries);
            var poc = column.Reference is null ? new Dictionary<string, long>(StringComparer.Ordinal)
                : ReferenceEquals(column.Reference, column.Values) ? live : Counts(column.Reference, column.Dictionaries);
            var result = new ColumnClusters(Cluster(live, poc, column.Dictionaries, threshold, VendorContexts.Of(column)), live, poc);
            cached.Add((column.Reference, threshold, column.Dictionaries, result));
            if (column.Reference is { } reference && !ReferenceEquals(reference, column.Values))
            {
                var byReference = ByReference.GetOrCreateValue(reference);
                lock (byReference) byReference.Add((threshold, column.Dictionaries, result));
            }
            return result;
        }
    }

    internal static Dictionary<string, long> Counts(IEnumerable<string?> values, RuleDictionaries dictionaries) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v) && !dictionaries.NullTokens.Contains(v.Trim()))
            .GroupBy(v => v!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
}
