namespace DataReadiness.Bench;

/// <summary>One spelling of a generated company list: the company it names, its city and how many rows use it.</summary>
public sealed record GeneratedSpelling(string Spelling, int Company, string City, int Rows);

/// <summary>
/// Company lists with a known truth, for the vendor clusterer at scale. Each company has a canonical spelling (a
/// made-up stem, industry words, a legal form) used on many rows, and some have variants used on a few rows: the legal
/// form moved to the front or written spaced or dotted (<c>N. V.</c>, <c>BV</c>), a typo in any word (the first too),
/// two words joined, a space written as a hyphen, the name in capitals. Sparse: companies are far apart. Crowded:
/// companies come in families that share a stem and industry words and differ only by what real sister companies
/// differ by (a roman numeral, a number, an initial, a region in brackets), plus look-alike stems one edit apart in
/// other cities (distinct companies that spelling alone cannot tell from a typo; a city column can).
/// </summary>
public static class GeneratedNames
{
    private static readonly string[] Syllables =
        ["ka", "lo", "ver", "mar", "ten", "dor", "bel", "sa", "ri", "no", "tra", "gen", "hol", "wer", "fin", "stra", "ber", "lin", "co", "mex",
         "pa", "tor", "vel", "quin", "dra", "sol", "ne", "ru", "zan", "mo", "ki", "lar", "fen", "gra", "hu", "ost", "ple", "tri", "var", "ze"];
    private static readonly string[] Industry =
        ["Steel", "Hydraulics", "Bearings", "Motion", "Precision", "Valves", "Fittings", "Electric", "Drives", "Seals", "Filters", "Tools",
         "Works", "Machines", "Parts", "Systems", "Metals", "Plastics", "Logistics", "Supply", "Industrial", "Engineering", "Automation", "Castings"];
    private static readonly string[] LegalForms = ["GmbH", "Inc.", "Ltd", "AG", "Corp.", "Co.", "SA", "AB", "N.V.", "B.V.", "S.p.A.", "LLC", "s.r.o.", "Oy"];
    private static readonly string[] Cities =
        ["Hamburg", "Lyon", "Turin", "Rotterdam", "Brno", "Tampere", "Gothenburg", "Ohio", "Leeds", "Bilbao", "Graz", "Basel", "Poznan", "Porto",
         "Aarhus", "Ghent", "Cork", "Dortmund", "Milan", "Utrecht", "Ostrava", "Espoo", "Malmo", "Texas", "Bristol", "Seville", "Linz", "Zurich"];
    // Two-letter codes that are not also words of names in some language ("de", "la" are read as words).
    private static readonly string[] Regions = ["(UK)", "(US)", "(SE)", "(FR)", "(NL)", "(IT)"];
    private static readonly string[] Numerals = ["I", "II", "III", "IV", "V"];

    public static IReadOnlyList<GeneratedSpelling> Generate(int spellings, bool crowded, int seed)
    {
        var random = new Random(seed);
        var list = new List<GeneratedSpelling>();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int company = 0;
        while (list.Count < spellings)
        {
            var stem = Stem(random);
            var words = Enumerable.Range(0, 1 + random.Next(2)).Select(_ => Industry[random.Next(Industry.Length)]).Distinct().ToArray();
            var form = LegalForms[random.Next(LegalForms.Length)];
            var family = new List<(string Name, string Form)>();
            if (!crowded) family.Add(($"{stem} {string.Join(' ', words)}", form));
            else
            {
                // Sister companies: one name, told apart by a numeral, a number, an initial or a region.
                int sisters = 2 + random.Next(4);
                var how = random.Next(4);
                for (int s = 0; s < sisters; s++)
                    family.Add((how switch
                    {
                        0 => $"{stem} {string.Join(' ', words)} {Numerals[s]}",
                        1 => $"{stem} {string.Join(' ', words)} {10 + s * 7}",
                        2 => $"{stem} {(char)('A' + s)}. {string.Join(' ', words)}",
                        _ => $"{stem} {string.Join(' ', words)} {Regions[s]}",
                    }, form));
                // A look-alike: another company one letter away, elsewhere.
                family.Add(($"{OneEdit(stem, random)} {string.Join(' ', words)}", form));
            }
            foreach (var (name, legal) in family)
            {
                var canonical = $"{name} {legal}";
                // Two companies are never one name with two legal forms: that is one company's group, not a test.
                if (!taken.Add(name) || !taken.Add(canonical)) continue;
                var city = Cities[random.Next(Cities.Length)];
                list.Add(new GeneratedSpelling(canonical, company, city, 5 + random.Next(46)));
                int variants = random.NextDouble() < 0.35 ? 1 + random.Next(3) : 0;
                for (int v = 0; v < variants && list.Count < spellings; v++)
                {
                    var variant = Variant(name, legal, random);
                    if (taken.Add(variant)) list.Add(new GeneratedSpelling(variant, company, city, 1 + random.Next(3)));
                }
                company++;
                if (list.Count >= spellings) break;
            }
        }
        return list;
    }

    private static string Stem(Random random)
    {
        // Three or four syllables: random stems one letter apart are rare, as distinct companies' names are.
        var text = string.Concat(Enumerable.Range(0, 3 + random.Next(2)).Select(_ => Syllables[random.Next(Syllables.Length)]));
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    /// <summary>One letter replaced by another (not a vowel by a vowel of the same look).</summary>
    private static string OneEdit(string word, Random random)
    {
        int at = 1 + random.Next(word.Length - 1);
        char c;
        do c = (char)('a' + random.Next(26)); while (c == word[at]);
        return word[..at] + c + word[(at + 1)..];
    }

    private static string Variant(string name, string legal, Random random)
    {
        var words = name.Split(' ');
        switch (random.Next(7))
        {
            case 0: return $"{legal} {name}";
            case 1: return $"{name} {Spaced(legal)}";
            case 2:
            {
                // A typo in any word of four letters or more, the first included.
                var candidates = Enumerable.Range(0, words.Length).Where(i => words[i].Length >= 4 && words[i].All(char.IsLetter)).ToList();
                if (candidates.Count == 0) return $"{name.ToUpperInvariant()} {legal.ToUpperInvariant()}";
                int w = candidates[random.Next(candidates.Count)];
                var word = words[w];
                int at = 1 + random.Next(word.Length - 2);
                words[w] = random.Next(3) switch
                {
                    0 => word.Remove(at, 1),
                    1 => word[..at] + word[at + 1] + word[at] + word[(at + 2)..],
                    _ => word.Insert(at, word[at].ToString()),
                };
                return $"{string.Join(' ', words)} {legal}";
            }
            case 3 when words.Length > 1:
            {
                int w = random.Next(words.Length - 1);
                return $"{string.Join(' ', words[..w])} {words[w]}{words[w + 1]} {string.Join(' ', words[(w + 2)..])} {legal}".Replace("  ", " ").Trim();
            }
            case 4 when words.Length > 1:
            {
                int w = random.Next(words.Length - 1);
                return $"{string.Join(' ', words[..w])} {words[w]}-{words[w + 1]} {string.Join(' ', words[(w + 2)..])} {legal}".Replace("  ", " ").Trim();
            }
            case 5: return $"{name.ToUpperInvariant()} {legal.ToUpperInvariant()}";
            default: return $"{name}, {legal.Replace(".", "")}";
        }
    }

    /// <summary>A legal form written spaced (N. V., S. p. A.) or, if it has no dots, with one (Ltd.).</summary>
    private static string Spaced(string legal) => legal.Contains('.') ? legal.Replace(".", ". ").TrimEnd() : legal + ".";
}
