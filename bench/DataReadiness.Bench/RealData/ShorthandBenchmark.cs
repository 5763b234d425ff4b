using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataReadiness.Findings;
using DataReadiness.Runs;

namespace DataReadiness.Bench.RealData;

/// <summary>A shorthand detector scored on work-order texts: rows and abbreviation occurrences found, expansions right.</summary>
public sealed record ShorthandScore(string Detector, string Part, int Rows, int RowsWithShorthand, int RowsFlagged, int RowsFlaggedRight,
    int Occurrences, int OccurrencesFound, int ExpandedExactly, int UnseenOccurrences, int UnseenFound)
{
    public double RowPrecision => RowsFlagged == 0 ? 1 : (double)RowsFlaggedRight / RowsFlagged;
    public double RowRecall => RowsWithShorthand == 0 ? 1 : (double)RowsFlaggedRight / RowsWithShorthand;
    public double Found => Occurrences == 0 ? 1 : (double)OccurrencesFound / Occurrences;
    /// <summary>Of all abbreviation occurrences, the share given the annotator's expansion.</summary>
    public double Exact => Occurrences == 0 ? 1 : (double)ExpandedExactly / Occurrences;
    /// <summary>Of the occurrences found, the share given the annotator's expansion.</summary>
    public double ExactOfFound => OccurrencesFound == 0 ? 1 : (double)ExpandedExactly / OccurrencesFound;
    public double UnseenRecall => UnseenOccurrences == 0 ? 1 : (double)UnseenFound / UnseenOccurrences;
}

/// <summary>
/// Shorthand on real excavator work orders (nlp-tlp/lexiclean: 5,485 texts and one annotator's map of 706 tokens to
/// their normal form). The map mixes abbreviations with typos, joined words and split punctuation; an entry is an
/// abbreviation when the token (leading @ # - / aside) starts with its expansion's first letter and has at least two
/// letters fewer, and is not an English contraction (<c>l/h</c> left hand, <c>bkt</c> bucket, <c>no3</c> number 3;
/// not <c>gard</c> guard, <c>repalced</c>, <c>changeout</c>, <c>won't</c>). A row has shorthand when one of its words
/// (split on spaces, as the annotator did) is such an abbreviation. An expansion is exact when its words are the
/// annotator's (case and hyphens aside).
/// The texts are split in two by a stable hash of the text (the same text always on the same side): the first part is
/// where the glossary and the detector may be looked at and tuned, the second is reported; the occurrences whose
/// abbreviation never appears in the first part are scored apart ("unseen"). DataReadiness runs as a plain job on the
/// reported part with the shipped catalog only. The baseline is what a user with the first part's annotations has:
/// the map's entries that occur there, plus "no vowels, or a slash".
/// </summary>
public static partial class ShorthandBenchmark
{
    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{M}\p{N}/'’&.\-]*")]
    private static partial Regex Word();

    public static IReadOnlyList<ShorthandScore> Run(string data, string work, IRunLog log)
    {
        var folder = Path.Combine(data, "excavator_mwo");
        var texts = File.ReadAllLines(Path.Combine(folder, "im_pub_raw.txt")).Where(t => t.Trim().Length > 0).ToList();
        var map = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(folder, "im_pub_map_replacements.json")))!;
        var abbreviations = Abbreviations(map);
        var tune = texts.Where(t => !HeldOut(t)).ToList();
        var reported = texts.Where(HeldOut).ToList();
        var seen = tune.SelectMany(GoldWords).Where(abbreviations.ContainsKey).ToHashSet(StringComparer.Ordinal);

        var scores = new List<ShorthandScore>();
        foreach (var (part, rows) in new[] { ("first part (tuning)", tune), ("second part (held out)", reported) })
        {
            var (flagged, tokens) = DataReadinessRun(rows, Path.Combine(work, "excavator-" + (rows == tune ? "tuning" : "held-out")), log);
            scores.Add(Score("DataReadiness, plain job", part, rows, abbreviations, seen, flagged, tokens));
            var baselineMap = map.Where(e => seen.Contains(Normal(e.Key))).GroupBy(e => Normal(e.Key))
                .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
            var (baseFlagged, baseTokens) = Baseline(rows, baselineMap);
            scores.Add(Score("baseline: first part's map + no vowels or a slash", part, rows, abbreviations, seen, baseFlagged, baseTokens));
        }
        return scores;
    }

    /// <summary>The reported part: texts whose stable hash is odd.</summary>
    private static bool HeldOut(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text.Trim().ToLowerInvariant()) hash = (hash ^ c) * 16777619;
        return (hash & 1) == 1;
    }

    private static string Normal(string token) => token.ToLowerInvariant().Trim().TrimStart('@', '#', '-', '/', '.').TrimEnd('.', ',', ';', ':', '-');

    /// <summary>The map's abbreviations (see the class), by normal form, with the annotator's expansion.</summary>
    internal static Dictionary<string, string> Abbreviations(Dictionary<string, string> map)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            var token = Normal(key);
            var letters = new string(token.Where(char.IsLetterOrDigit).ToArray());
            var expansion = new string(value.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
            if (token.Length < 2 || !letters.Any(char.IsLetter) || Contraction().IsMatch(token)) continue;
            if (letters[0] == expansion.FirstOrDefault() && expansion.Length - letters.Length >= 2) result.TryAdd(token, Spaced(value));
        }
        return result;
    }

    [GeneratedRegex(@"(n't|'ll|'re|'ve)$")]
    private static partial Regex Contraction();

    /// <summary>Words alone: lower case, hyphens and dashes as spaces ("rh120c - left hand" is "rh120c-left hand").</summary>
    private static string Spaced(string text) => string.Join(' ', text.ToLowerInvariant().Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>A text's words as the annotator tokenised them (on spaces), in normal form.</summary>
    private static IEnumerable<string> GoldWords(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Normal).Where(w => w.Length > 0);

    /// <summary>The texts as a one-column CSV, run as a plain job; the rows flagged and the tokens with their expansions.</summary>
    private static (HashSet<int> Rows, Dictionary<string, string?> Tokens) DataReadinessRun(List<string> rows, string dir, IRunLog log)
    {
        Directory.CreateDirectory(dir);
        var csv = Path.Combine(dir, "work_orders.csv");
        File.WriteAllLines(csv, new[] { "description" }.Concat(rows.Select(r => "\"" + r.Replace("\"", "\"\"") + "\"")), new UTF8Encoding(false));
        var run = RealDataBenchmark.RunJob(dir, "work_orders", csv, null, log);
        var flagged = run.Rules.Exceptions.Where(e => e.Kind == "shorthand").Select(e => (int)e.Row - 1).ToHashSet();
        var tokens = run.Findings.Shorthand.Where(s => s.Column == "description").SelectMany(s => s.Tokens)
            .ToDictionary(t => t.Token, t => t.Expansion, StringComparer.Ordinal);
        return (flagged, tokens);
    }

    /// <summary>The baseline: a word in the map is shorthand with the map's expansion; so is a word with no vowel or with a slash.</summary>
    private static (HashSet<int> Rows, Dictionary<string, string?> Tokens) Baseline(List<string> rows, Dictionary<string, string> map)
    {
        var flagged = new HashSet<int>();
        var tokens = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (int i = 0; i < rows.Count; i++)
            foreach (var word in GoldWords(rows[i]))
            {
                bool known = map.TryGetValue(word, out var expansion);
                bool shaped = word.Contains('/') || (word.Count(char.IsLetter) >= 2 && !word.Any(c => "aeiouy".Contains(c)) && word.All(char.IsLetter));
                if (!known && !shaped) continue;
                flagged.Add(i);
                tokens.TryAdd(word, known ? expansion : null);
            }
        return (flagged, tokens);
    }

    /// <summary>
    /// Scores flagged rows and tokens against the gold: an abbreviation occurrence is found when its row is flagged and
    /// the word, or a token inside it (<c>@l/h</c> holds <c>l/h</c>), is among the flagged tokens.
    /// </summary>
    private static ShorthandScore Score(string detector, string part, List<string> rows, Dictionary<string, string> gold, HashSet<string> seen,
        HashSet<int> flagged, Dictionary<string, string?> tokens)
    {
        int positive = 0, right = 0, occurrences = 0, found = 0, exact = 0, unseen = 0, unseenFound = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            bool has = false;
            var words = GoldWords(rows[i]).ToList();
            for (int j = 0; j < words.Count; j++)
            {
                var word = words[j];
                if (!gold.TryGetValue(word, out var expansion)) continue;
                has = true;
                occurrences++;
                bool isUnseen = !seen.Contains(word);
                if (isUnseen) unseen++;
                if (!flagged.Contains(i)) continue;
                // The word itself, a token inside it (@l/h holds l/h, rh120c-lh holds lh), or a phrase with the word before it (air con).
                string? match = tokens.ContainsKey(word) ? word
                    : Word().Matches(word).SelectMany(m => new[] { Normal(m.Value) }.Concat(m.Value.Split('-').Select(Normal)))
                        .FirstOrDefault(tokens.ContainsKey);
                string? phrase = j > 0 && tokens.ContainsKey(words[j - 1] + " " + word) ? words[j - 1] + " " + word : null;
                if (match is null && phrase is null) continue;
                found++;
                if (isUnseen) unseenFound++;
                string? ours = phrase is not null ? tokens[phrase] : match == word ? tokens[match!]
                    : tokens[match!] is { } partExpansion ? string.Join("-", word.Split("-").Select(p => Normal(p) == match ? partExpansion : p)) : null;
                string annotated = phrase is not null ? words[j - 1] + " " + expansion : expansion;
                if (ours is not null && Spaced(ours) == Spaced(annotated)) exact++;
            }
            if (has) positive++;
            if (has && flagged.Contains(i)) right++;
        }
        return new ShorthandScore(detector, part, rows.Count, positive, flagged.Count, right, occurrences, found, exact, unseen, unseenFound);
    }

    public static string Table(IReadOnlyList<ShorthandScore> scores)
    {
        static string P(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.Append("| detector | part | rows | rows with shorthand | row precision | row recall | abbreviations found | expanded exactly (of all) | expanded exactly (of found) | unseen abbreviations found |\n");
        text.Append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var s in scores)
            text.Append(CultureInfo.InvariantCulture,
                $"| {s.Detector} | {s.Part} | {s.Rows:N0} | {s.RowsWithShorthand:N0} | {P(s.RowPrecision)} | {P(s.RowRecall)} | {P(s.Found)} | {P(s.Exact)} | {P(s.ExactOfFound)} | {P(s.UnseenRecall)} ({s.UnseenFound}/{s.UnseenOccurrences}) |\n");
        return text.ToString();
    }
}
