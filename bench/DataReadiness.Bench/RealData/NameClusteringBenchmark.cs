using System.Globalization;
using System.Text;
using DataReadiness.Rules.Catalog;
using DataReadiness.Rules.Kinds;

namespace DataReadiness.Bench.RealData;

/// <summary>A way of clustering names scored on one list: pairs of distinct spellings put together, against the true pairs.</summary>
public sealed record NameClusteringScore(string List, string Method, int Spellings, long TruePairs, long FoundPairs, long CorrectPairs)
{
    public double Precision => FoundPairs == 0 ? 1 : (double)CorrectPairs / FoundPairs;
    public double Recall => TruePairs == 0 ? 1 : (double)CorrectPairs / TruePairs;
}

/// <summary>
/// The vendor clusterer alone on real name lists with a published truth, beside OpenRefine's key-collision methods
/// (fingerprint and character 2-gram fingerprint, their union), scored pairwise over distinct spellings: chicago
/// childcare sites (<c>Site name</c> against <c>True Id</c>), and fodors/zagats restaurant names (the 112 true
/// matches; every other name its own entity).
/// </summary>
public static class NameClusteringBenchmark
{
    /// <summary>Spellings put in one cluster that the truth says are two entities, per list (for <c>realdata names --wrong</c>).</summary>
    public static IReadOnlyList<string> WrongPairs(string data)
    {
        var dictionaries = CatalogLoader.Load([DefaultCatalog.Directory]).Dictionaries;
        var lines = new List<string>();
        var sparse = GeneratedNames.Generate(20_000, crowded: false, seed: 1);
        var crowded = GeneratedNames.Generate(20_000, crowded: true, seed: 2);
        foreach (var (list, entityOf, rows) in new[]
        {
            ("chicago", Chicago(data, out _), (IReadOnlyList<GeneratedSpelling>?)null), ("fodors/zagats", FodorsZagats(data, out _), null),
            ("generated sparse", sparse.ToDictionary(s => s.Spelling, s => s.Company.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal), sparse),
            ("generated crowded", crowded.ToDictionary(s => s.Spelling, s => s.Company.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal), crowded),
        })
        {
            var counts = rows?.ToDictionary(r => r.Spelling, r => (long)r.Rows, StringComparer.Ordinal) ?? entityOf.Keys.ToDictionary(k => k, _ => 1L, StringComparer.Ordinal);
            foreach (var cluster in VendorClusterer.Cluster(counts, new Dictionary<string, long>(), dictionaries, 88))
                foreach (var variant in cluster.Variants)
                    if (entityOf[variant.Value] != entityOf[cluster.Canonical])
                        lines.Add($"{list}: '{variant.Value}' joined '{cluster.Canonical}'");
        }
        return lines;
    }

    public static IReadOnlyList<NameClusteringScore> Run(string data)
    {
        var dictionaries = CatalogLoader.Load([DefaultCatalog.Directory]).Dictionaries;
        var scores = new List<NameClusteringScore>();
        foreach (var (list, entityOf, sides) in new[] { ("chicago childcare sites", Chicago(data, out var chicagoRows), chicagoRows), ("fodors/zagats restaurants", FodorsZagats(data, out var restaurantRows), restaurantRows) })
        {
            var counts = entityOf.Keys.ToDictionary(k => k, _ => 1L, StringComparer.Ordinal);
            Dictionary<string, string> ClusterOf(VendorContexts? contexts) => VendorClusterer.Cluster(counts, new Dictionary<string, long>(), dictionaries, 88, contexts)
                .SelectMany(c => c.Variants.Select(v => (v.Value, c.Key))).ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
            scores.Add(Score(list, "DataReadiness vendor clusterer, names alone", entityOf, ClusterOf(null)));
            // As a run reads it: the other columns of the rows, those that follow the name kept as its context.
            var contexts = VendorContexts.Find(sides.NameColumn, sides.Header, sides.Files.Select(f => (f.Names, f.Column)));
            scores.Add(Score(list, $"DataReadiness vendor clusterer, with {(contexts.Columns.Count == 0 ? "no column following the name" : string.Join(", ", contexts.Columns))}", entityOf, ClusterOf(contexts)));
            var fingerprint = entityOf.Keys.ToDictionary(k => k, Fingerprint, StringComparer.Ordinal);
            var ngram = entityOf.Keys.ToDictionary(k => k, k => NGramFingerprint(k, 2), StringComparer.Ordinal);
            scores.Add(Score(list, "OpenRefine fingerprint", entityOf, fingerprint));
            scores.Add(Score(list, "OpenRefine 2-gram fingerprint", entityOf, ngram));
            scores.Add(Score(list, "OpenRefine fingerprint and 2-gram, union", entityOf, Union(entityOf.Keys, fingerprint, ngram)));
        }
        return scores;
    }

    /// <summary>
    /// The generated lists (<see cref="GeneratedNames"/>), sparse and crowded, of <paramref name="count"/> spellings:
    /// the clusterer on the names alone and with the city column (rows expanded from each spelling's count, up to
    /// five), beside OpenRefine's union of fingerprint and 2-gram fingerprint.
    /// </summary>
    public static IReadOnlyList<NameClusteringScore> RunGenerated(int count)
    {
        var dictionaries = CatalogLoader.Load([DefaultCatalog.Directory]).Dictionaries;
        var scores = new List<NameClusteringScore>();
        foreach (var crowded in new[] { false, true })
        {
            var list = GeneratedNames.Generate(count, crowded, seed: crowded ? 2 : 1);
            string name = $"generated {(crowded ? "crowded" : "sparse")} ({count:N0})";
            var entityOf = list.ToDictionary(s => s.Spelling, s => s.Company.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);
            var counts = list.ToDictionary(s => s.Spelling, s => (long)s.Rows, StringComparer.Ordinal);
            Dictionary<string, string> ClusterOf(VendorContexts? contexts) => VendorClusterer.Cluster(counts, new Dictionary<string, long>(), dictionaries, 88, contexts)
                .SelectMany(c => c.Variants.Select(v => (v.Value, c.Key))).ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
            scores.Add(Score(name, "DataReadiness vendor clusterer, names alone", entityOf, ClusterOf(null)));
            var rows = list.SelectMany(s => Enumerable.Repeat(s, Math.Min(s.Rows, 5))).ToList();
            IReadOnlyList<string?> vendors = rows.Select(r => (string?)r.Spelling).ToList();
            IReadOnlyList<string?> cities = rows.Select(r => (string?)r.City).ToList();
            var contexts = VendorContexts.Find("vendor", ["vendor", "city"], [(vendors, c => c == "city" ? cities : null)]);
            scores.Add(Score(name, $"DataReadiness vendor clusterer, with {(contexts.Columns.Count == 0 ? "no column following the name" : string.Join(", ", contexts.Columns))}", entityOf, ClusterOf(contexts)));
            var fingerprint = entityOf.Keys.ToDictionary(k => k, Fingerprint, StringComparer.Ordinal);
            var ngram = entityOf.Keys.ToDictionary(k => k, k => NGramFingerprint(k, 2), StringComparer.Ordinal);
            scores.Add(Score(name, "OpenRefine fingerprint and 2-gram, union", entityOf, Union(entityOf.Keys, fingerprint, ngram)));
        }
        return scores;
    }

    public static string Table(IReadOnlyList<NameClusteringScore> scores)
    {
        static string P(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        var text = new StringBuilder("| names | method | spellings | true pairs | pairs found | correct | pairwise precision | pairwise recall |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var s in scores)
            text.Append(CultureInfo.InvariantCulture, $"| {s.List} | {s.Method} | {s.Spellings:N0} | {s.TruePairs:N0} | {s.FoundPairs:N0} | {s.CorrectPairs:N0} | {P(s.Precision)} | {P(s.Recall)} |\n");
        return text.ToString();
    }

    private static NameClusteringScore Score(string list, string method, Dictionary<string, string> entityOf, Dictionary<string, string> clusterOf)
    {
        static long Pairs(long n) => n * (n - 1) / 2;
        long truePairs = entityOf.GroupBy(e => e.Value).Sum(g => Pairs(g.Count()));
        long found = clusterOf.GroupBy(c => c.Value).Sum(g => Pairs(g.Count()));
        long correct = entityOf.GroupBy(e => (e.Value, clusterOf[e.Key])).Sum(g => Pairs(g.Count()));
        return new NameClusteringScore(list, method, entityOf.Count, truePairs, found, correct);
    }

    /// <summary>The rows of a name list as a run reads them: per file, the names and a way to read another column.</summary>
    private sealed record NameRows(string NameColumn, IReadOnlyList<string> Header,
        IReadOnlyList<(IReadOnlyList<string?> Names, Func<string, IReadOnlyList<string?>?> Column)> Files);

    private static (IReadOnlyList<string?>, Func<string, IReadOnlyList<string?>?>) FileColumns(List<string[]> rows, int nameColumn, string[] excluded)
    {
        var header = rows[0];
        var body = rows.Skip(1).ToList();
        return (body.Select(r => (string?)r[nameColumn]).ToList(),
            name => Array.IndexOf(header, name) is var c and >= 0 && !excluded.Contains(name) ? body.Select(r => (string?)r[c]).ToList() : null);
    }

    // Each spelling's entity: the site id it carries most often (the truth labels sites, so a few names carry two).
    private static Dictionary<string, string> Chicago(string data, out NameRows nameRows)
    {
        var rows = RealDataBenchmark.ReadCsv(Path.Combine(data, "chicago_childcare", "csv_example_input_with_true_ids.csv"));
        int id = Array.IndexOf(rows[0], "True Id"), site = Array.IndexOf(rows[0], "Site name");
        // The truth column is not the run's to read.
        nameRows = new NameRows("Site name", rows[0], [FileColumns(rows, site, ["True Id"])]);
        return rows.Skip(1).Where(r => r[site].Trim().Length > 0).GroupBy(r => r[site], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.GroupBy(r => r[id]).OrderByDescending(x => x.Count()).ThenBy(x => x.Key, StringComparer.Ordinal).First().Key, StringComparer.Ordinal);
    }

    private static Dictionary<string, string> FodorsZagats(string data, out NameRows nameRows)
    {
        var fodors = RealDataBenchmark.ReadCsv(Path.Combine(data, "fodors_zagats", "fodors.csv"));
        var zagats = RealDataBenchmark.ReadCsv(Path.Combine(data, "fodors_zagats", "zagats.csv"));
        var matches = RealDataBenchmark.ReadCsv(Path.Combine(data, "fodors_zagats", "matches_fodors_zagats.csv")).Skip(1).ToList();
        int fName = Array.IndexOf(fodors[0], "name"), zName = Array.IndexOf(zagats[0], "name");
        // The ids number the rows of each file: not the run's to read.
        nameRows = new NameRows("name", fodors[0], [FileColumns(fodors, fName, ["id"]), FileColumns(zagats, zName, ["id"])]);
        var fById = fodors.Skip(1).ToDictionary(r => r[0], r => r[fName]);
        var zById = zagats.Skip(1).ToDictionary(r => r[0], r => r[zName]);
        var entityOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in matches)
            if (fById.TryGetValue(m[0], out var f) && zById.TryGetValue(m[1], out var z))
            {
                var entity = entityOf.GetValueOrDefault(f) ?? entityOf.GetValueOrDefault(z) ?? "match " + m[0];
                entityOf[f] = entity;
                entityOf[z] = entity;
            }
        foreach (var name in fById.Values.Concat(zById.Values))
            entityOf.TryAdd(name, "name " + name);
        return entityOf;
    }

    /// <summary>OpenRefine's fingerprint: trimmed, lower case, accents folded, punctuation removed, unique words sorted.</summary>
    public static string Fingerprint(string name)
    {
        var folded = DataReadiness.Text.Accents.Fold(name.Trim().ToLowerInvariant());
        var words = new string(folded.Select(c => char.IsLetterOrDigit(c) || char.IsWhiteSpace(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    /// <summary>OpenRefine's n-gram fingerprint: letters and digits only, lower case, unique n-grams sorted and joined.</summary>
    public static string NGramFingerprint(string name, int n)
    {
        var text = new string(DataReadiness.Text.Accents.Fold(name.ToLowerInvariant()).Where(char.IsLetterOrDigit).ToArray());
        if (text.Length < n) return text;
        return string.Concat(Enumerable.Range(0, text.Length - n + 1).Select(i => text.Substring(i, n)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    // Spellings joined when either key collides: connected components over both keys.
    private static Dictionary<string, string> Union(IEnumerable<string> names, Dictionary<string, string> a, Dictionary<string, string> b)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string x)
        {
            while (parent.TryGetValue(x, out var p) && p != x) x = parent[x] = parent.GetValueOrDefault(p, p);
            return x;
        }
        void Join(string x, string y)
        {
            parent.TryAdd(x, x);
            parent.TryAdd(y, y);
            var (rx, ry) = (Find(x), Find(y));
            if (rx != ry) parent[ry] = rx;
        }
        foreach (var name in names)
        {
            Join("name:" + name, "fp:" + a[name]);
            Join("name:" + name, "ng:" + b[name]);
        }
        return names.ToDictionary(n => n, n => Find("name:" + n), StringComparer.Ordinal);
    }
}
