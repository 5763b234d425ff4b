using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using DataReadiness.Findings;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Rules.Kinds;

/// <summary>One shorthand token in a text column: how many sampled rows use it and its expansion (null when unknown).</summary>
public sealed record ShorthandToken(string Token, long Count, string? Expansion);

/// <summary>The shorthand section of a text column: share of rows with shorthand and the tokens found.</summary>
public sealed record ShorthandDetails(long RowsChecked, long RowsWithShorthand, double Share, IReadOnlyList<ShorthandToken> Tokens)
{
    /// <summary>The domain whose glossary read the column (null: no domain's own words in it).</summary>
    public ShorthandDomain? Domain { get; init; }
}

/// <summary>
/// Operator shorthand in free text ("chk brg temp hi, repl w/ new"): tokens from the glossary, with their expansion,
/// and unknown abbreviations found by their shape (no vowels, a slash or apostrophe inside, letters and digits mixed).
/// Both sides are scored alike; a token the POC uses as often is counted apart by the comparison. In a column of
/// Title-Case words (names, titles, references) Title-Case tokens are words of names. The suggestion is the text with
/// known tokens expanded.
/// </summary>
public sealed partial class ShorthandKind : ColumnRuleKind<NoParameters>
{
    public override string Name => "shorthand";
    public override string Family => RuleFamilies.Shorthand;
    public override string Description => "operator shorthand in free text";

    protected override NoParameters Read(ParameterReader reader) => NoParameters.Instance;

    public override Applicability AppliesTo(ColumnEvidence column) =>
        Applicability.ForRole(column, ColumnRole.FreeText, "not free text: most values have fewer than 3 words");

    // Combining marks belong to their word ("Pr̩vention" is one word, not "Pr" and "vention").
    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{M}\p{N}/'’&.\-]*")]
    internal static partial Regex Token();

    public override RuleOutcome Evaluate(ColumnContext column, NoParameters parameters)
    {
        // Tokens are looked at as spans of the value: a 100k-row notes column has millions of them, and a string per
        // token made this rule the costliest of a run.
        var reference = column.Reference ?? column.Values;
        bool titled = TitleCaseShare(reference) >= TitledColumn;
        var glossary = ShorthandGlossary.For(column.Dictionaries, column.Values, column.Reference, titled);
        // Both sides are scored the same way, each against the glossary and the shapes alone: whether the POC has a
        // token as often is the comparison's question (PocForms), not a reason to skip it. A column written in Title
        // Case (journal and company names, author lists) abbreviates by convention ("Br Med Bull"): there a
        // Title-Case token is a name's word, not operator shorthand.
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var expansions = new Dictionary<string, string>(StringComparer.Ordinal);
        var hits = new List<CellHit>();
        var scratch = new RowScratch();
        // A value's reading depends on the value alone: notes repeat ("chk brg temp hi" on many rows), so each
        // distinct value is read once and its reading replayed on every row that holds it.
        var readings = new Dictionary<string, RowReading>(StringComparer.Ordinal);
        long checkedRows = 0;

        for (int i = 0; i < column.Values.Count; i++)
        {
            var value = column.Values[i];
            if (string.IsNullOrWhiteSpace(value)) continue;
            checkedRows++;
            // A null token ("n/a") is the null rule's, not shorthand.
            if (column.Dictionaries.NullTokens.Contains(value.Trim())) continue;
            if (!readings.TryGetValue(value, out var reading))
                readings[value] = reading = ReadRow(value, glossary, column.Dictionaries, titled, scratch);
            if (reading.Keys.Length == 0) continue;
            foreach (var key in reading.Keys) counts[key] = counts.GetValueOrDefault(key) + 1;
            foreach (var (key, expansion, byContext) in reading.Expansions)
                if (!byContext || !expansions.ContainsKey(key)) expansions[key] = expansion;
            // Its forms are its shorthand tokens: a row whose tokens the POC uses as often is not live's defect.
            hits.Add(new CellHit(i, value, reading.Suggestion, reading.Keys));
        }
        var tokens = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new ShorthandToken(c.Key, c.Value, expansions.GetValueOrDefault(c.Key))).ToList();
        var details = new ShorthandDetails(checkedRows, hits.Count, checkedRows == 0 ? 0 : (double)hits.Count / checkedRows, tokens)
        {
            Domain = glossary.Domain,
        };
        return new RuleOutcome(checkedRows, hits, details);
    }

    /// <summary>What one value holds: its shorthand keys (ordinal order), the expansions it names in token order, and the value expanded.</summary>
    private sealed record RowReading(string[] Keys, List<(string Key, string Expansion, bool ByContext)> Expansions, string? Suggestion);

    private sealed class RowScratch
    {
        public readonly HashSet<string> SeenInRow = new(StringComparer.Ordinal);
        public readonly StringBuilder Expanded = new();
        public readonly List<(int Index, int Length)> Matches = [];
    }

    private static readonly RowReading NoShorthand = new([], [], null);

    private static RowReading ReadRow(string value, ShorthandGlossary glossary, RuleDictionaries dictionaries, bool titled, RowScratch scratch)
    {
        var (seenInRow, expanded, matches) = (scratch.SeenInRow, scratch.Expanded, scratch.Matches);
        // In a text with lower-case letters, a word in capitals is an acronym or a designation (NBR, EP2, CT).
        bool mixedCase = value.AsSpan().IndexOfAnyInRange('a', 'z') >= 0;
        bool replaced = false;
        int copiedUpTo = 0;
        seenInRow.Clear();
        expanded.Clear();
        matches.Clear();
        List<(string, string, bool)>? named = null;
        foreach (var match in Token().EnumerateMatches(value)) matches.Add((match.Index, match.Length));
        for (int m = 0; m < matches.Count; m++)
        {
            var raw = value.AsSpan(matches[m].Index, matches[m].Length);
            if (titled && IsNameWord(raw)) continue;
            // Two words the glossary knows together ("air con": air conditioner; "con" alone is not shorthand).
            if (m + 1 < matches.Count && glossary.TryPhrase(value, matches[m], matches[m + 1], out var phraseKey, out var phraseExpansion, out int phraseEnd))
            {
                seenInRow.Add(phraseKey);
                (named ??= []).Add((phraseKey, phraseExpansion, false));
                replaced = true;
                expanded.Append(value, copiedUpTo, matches[m].Index - copiedUpTo).Append(phraseExpansion);
                copiedUpTo = phraseEnd;
                m++;
                continue;
            }
            var reading = Read(raw, glossary, dictionaries,
                numberBefore: m > 0 && IsNumber(value.AsSpan(matches[m - 1].Index, matches[m - 1].Length)),
                numberAfter: m + 1 < matches.Count && IsNumber(value.AsSpan(matches[m + 1].Index, matches[m + 1].Length)),
                mixedCase);
            if (reading.Key is null) continue;
            seenInRow.Add(reading.Key);
            if (reading.Expansion is null) continue;
            // The usual reading names the token in the list; a reading by context ("50 hp") only when it is the only one.
            (named ??= []).Add((reading.Key, reading.Expansion, reading.ByContext));
            if (reading.Text is null) continue;
            replaced = true;
            expanded.Append(value, copiedUpTo, matches[m].Index - copiedUpTo).Append(reading.Text).Append(raw[reading.Replaces..]);
            copiedUpTo = matches[m].Index + matches[m].Length;
        }
        if (seenInRow.Count == 0) return NoShorthand;
        string? suggestion = null;
        if (replaced)
        {
            expanded.Append(value, copiedUpTo, value.Length - copiedUpTo);
            suggestion = expanded.Equals(value.AsSpan()) ? null : expanded.ToString();
        }
        return new RowReading(seenInRow.Order(StringComparer.Ordinal).ToArray(), named ?? [], suggestion);
    }

    /// <summary>
    /// How one token reads: <c>Key</c> is the shorthand it is counted as (null: not shorthand), <c>Expansion</c> what
    /// stands for (null: unknown), <c>Replaces</c> how many of the token's characters the expansion stands for (a
    /// trailing dot of "chk." stays, the dot of the glossary's "no." goes); a token made of a known word and more
    /// ("500hr", "rh120c-lh") is counted as the word and replaced by <c>Replacement</c>.
    /// </summary>
    private readonly record struct Reading(string? Key, string? Expansion, int Replaces, bool ByContext = false, string? Replacement = null)
    {
        /// <summary>What the token's first <c>Replaces</c> characters become (the expansion, or a composite: "500 hours").</summary>
        public string? Text => Replacement ?? Expansion;
    }

    private static readonly Reading NotShorthand = new(null, null, 0);

    private static Reading Read(ReadOnlySpan<char> raw, ShorthandGlossary glossary, RuleDictionaries dictionaries, bool numberBefore, bool numberAfter, bool mixedCase)
    {
        var words = glossary.Lookup;
        // A closing quote or dash is not part of the word; a trailing dot is, when the glossary writes it ("no.").
        int end = raw.Length;
        while (end > 0 && raw[end - 1] is '.' or '-' or '\'' or '’') end--;
        if (end == 0) return NotShorthand;
        var token = raw[..end];
        Span<char> lowered = stackalloc char[Math.Min(raw.Length, 256) + 1];
        if (raw.Length > 256) return NotShorthand;
        int length = token.ToLowerInvariant(lowered);
        var word = lowered[..length];
        if (end < raw.Length && raw[end] == '.')
        {
            lowered[length] = '.';
            if (words.TryGetValue(lowered[..(length + 1)], out var dottedKey, out var dotted)) return new Reading(dottedKey, dotted, end + 1);
        }
        // Read by its neighbour first: "50 hp" is horsepower where "hp hose" is high pressure; "no 3" is number 3.
        if (numberBefore && dictionaries.ShorthandAfterNumber.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word, out var afterKey, out var after))
            return new Reading(afterKey, after, end, ByContext: true);
        if (numberAfter && dictionaries.ShorthandBeforeNumber.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word, out var beforeKey, out var before))
            return new Reading(beforeKey, before, end, ByContext: true);
        if (words.TryGetValue(word, out var key, out var expansion)) return new Reading(key, expansion, end);
        // English contractions (won't, can't, they'll) are spelling, not shorthand.
        if (IsContraction(word)) return NotShorthand;
        var normal = word.TrimEnd(TrailingPunctuation);
        // Letters joined by dots or slashes (l.h, p.t.o, l/h/s) read as the letters together (lh, pto, lhs).
        // Known letters read so in any case (R.H. is right hand); unknown capitals in mixed-case text are initials (J.Y.).
        if (SingleLetters(normal, out var letters))
        {
            // The dot after the last letter is the abbreviation's (L.H. door: left hand door).
            if (glossary.TryGetValue(letters, out var joinedExpansion))
                return new Reading(normal.ToString(), joinedExpansion, end < raw.Length && raw[end] == '.' ? end + 1 : end);
            return mixedCase && IsCapitals(token) ? NotShorthand : new Reading(normal.ToString(), null, end);
        }
        // A word read before a number, with the number glued on (no1, no.4, no-6): number 1.
        int wordEnd = 0;
        while (wordEnd < normal.Length && char.IsLetter(normal[wordEnd])) wordEnd++;
        if (wordEnd > 0 && wordEnd < normal.Length && IsNumber(normal[wordEnd..].TrimStart(".-"))
            && dictionaries.ShorthandBeforeNumber.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(normal[..wordEnd], out var gluedKey, out var gluedExpansion))
            return new Reading(gluedKey, gluedExpansion, end, ByContext: true, Replacement: string.Concat(gluedExpansion, " ", token[wordEnd..].TrimStart(".-")));
        // A plural or possessive of a known word (pto's, cyl's, hyds): the word's expansion with an s.
        if (normal.Length > 2 && (normal.EndsWith("'s") || normal.EndsWith("’s") || normal[^1] == 's'))
        {
            bool apostrophe = normal[^2] is '\'' or '’';
            var stem = apostrophe ? normal[..^2] : normal[..^1];
            // A bare s needs a stem of three letters: "gas" is not the plural of "ga".
            if (stem.Length >= (apostrophe ? 2 : 3) && words.TryGetValue(stem, out var stemKey, out var stemExpansion) && !stemExpansion.EndsWith('s'))
                return new Reading(stemKey, stemExpansion, end, Replacement: stemExpansion + "s");
        }
        // A number with shorthand glued on (500hr, 2hrs): the number, then the word.
        int digits = 0;
        while (digits < normal.Length && char.IsAsciiDigit(normal[digits])) digits++;
        if (digits > 0 && digits < normal.Length && words.TryGetValue(normal[digits..], out var unitKey, out var unitExpansion) && IsLetters(normal[digits..]))
            return new Reading(unitKey, unitExpansion, end, Replacement: string.Concat(token[..digits], " ", unitExpansion));
        // A number with a unit glued on (125mm, 40l, 1000h): the unit's symbol, read as its word. A one-letter unit
        // needs a number of two digits or more: "3d" and "5g" are 3D and 5G, "40l" is 40 litres.
        if (digits > 0 && digits < normal.Length && (normal.Length - digits > 1 || digits > 1) && IsLetters(normal[digits..]) && UnitWords(dictionaries).GetAlternateLookup<ReadOnlySpan<char>>()
                .TryGetValue(normal[digits..], out var unitSymbol, out var unitWord))
            return new Reading(unitSymbol, unitWord, end, Replacement: string.Concat(token[..digits], " ", unitWord));
        // A designation with a known word hyphenated on (rh120c-lh): the known part is the shorthand.
        if (normal.IndexOf('-') > 0)
        {
            string? partKey = null, partExpansion = null;
            var text = new StringBuilder();
            foreach (var range in normal.Split('-'))
            {
                var part = normal[range];
                if (text.Length > 0) text.Append('-');
                if (part.Length > 0 && partKey is null && words.TryGetValue(part, out var k, out var e) && !IsNumber(part))
                {
                    (partKey, partExpansion) = (k, e);
                    text.Append(e);
                }
                else text.Append(token.Slice(range.Start.GetOffset(normal.Length), part.Length));
            }
            if (partKey is not null) return new Reading(partKey, partExpansion, normal.Length, Replacement: text.ToString());
        }
        if (LooksAbbreviated(normal) && !(mixedCase && IsCapitals(token))) return new Reading(normal.ToString(), null, end);
        return NotShorthand;
    }

    private static readonly ConditionalWeakTable<RuleDictionaries, Dictionary<string, string>> UnitWordsOf = new();

    /// <summary>
    /// Each unit spelling (lower case) to the word it stands for: the unit's first spelling that is a word (letters
    /// only, four or more, not a plural), else its name (mm: millimeter, h: hour, bar: bar).
    /// </summary>
    private static Dictionary<string, string> UnitWords(RuleDictionaries dictionaries) => UnitWordsOf.GetValue(dictionaries, d =>
    {
        var words = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, unit) in d.Units)
        {
            var word = unit.Spellings.FirstOrDefault(s => s.Length >= 4 && s.All(char.IsLetter) && !s.EndsWith('s')) ?? name;
            foreach (var spelling in unit.Spellings.Prepend(name))
                if (spelling.All(char.IsLetter)) words.TryAdd(spelling.ToLowerInvariant(), word);
        }
        return words;
    });

    private static bool IsContraction(ReadOnlySpan<char> word) =>
        word.EndsWith("n't") || word.EndsWith("n’t") || word.EndsWith("'ll") || word.EndsWith("'re") || word.EndsWith("'ve") || word.EndsWith("’ll") || word.EndsWith("’re") || word.EndsWith("’ve");

    /// <summary>Two or more single letters joined by dots or slashes (l.h, p.t.o, l/h/s), and those letters together.</summary>
    private static bool SingleLetters(ReadOnlySpan<char> token, out string letters)
    {
        letters = "";
        if (token.Length < 3 || token.IndexOfAny('.', '/') < 0) return false;
        Span<char> buffer = stackalloc char[token.Length];
        int count = 0;
        for (int i = 0; i < token.Length; i++)
        {
            char c = token[i];
            if (c is '.' or '/') continue;
            if (!char.IsLetter(c)) return false;
            // Each letter stands alone between separators.
            if (i + 1 < token.Length && token[i + 1] is not ('.' or '/')) return false;
            buffer[count++] = c;
        }
        if (count < 2) return false;
        letters = new string(buffer[..count]);
        return true;
    }

    private static bool IsLetters(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
            if (!char.IsLetter(c)) return false;
        return text.Length > 0;
    }

    /// <summary>A whole number or decimal (3, 50, 2.5, 1,000).</summary>
    private static bool IsNumber(ReadOnlySpan<char> token)
    {
        token = token.TrimEnd(".,;:");
        if (token.Length == 0 || !char.IsAsciiDigit(token[0])) return false;
        foreach (char c in token)
            if (!char.IsAsciiDigit(c) && c is not ('.' or ',')) return false;
        return true;
    }

    private static readonly char[] TrailingPunctuation = ['.', ',', ';', ':'];

    /// <summary>The share of words in Title Case above which a column is names or titles, not notes.</summary>
    public const double TitledColumn = 0.5;

    // A column's Title-Case share is read by the rule on both sides: counted once per sample column.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<string?>, StrongBox<double>> TitleShares = new();

    /// <summary>The share of a column's words of two or more letters written in Title Case (on up to 2,000 values).</summary>
    internal static double TitleCaseShare(IReadOnlyList<string?> values) => TitleShares.GetValue(values, v =>
    {
        long words = 0, titled = 0;
        foreach (var value in v.Where(x => !string.IsNullOrWhiteSpace(x)).Take(2000))
            foreach (var match in Token().EnumerateMatches(value!))
            {
                var word = value.AsSpan(match.Index, match.Length);
                if (word.Length < 2 || !char.IsLetter(word[0])) continue;
                words++;
                if (IsTitleCase(word)) titled++;
            }
        return new StrongBox<double>(words == 0 ? 0 : (double)titled / words);
    }).Value;

    /// <summary>A word written as names' words are: Title Case (Med, O'Brien), an acronym (BMJ) or initials (J.Y.).</summary>
    internal static bool IsNameWord(ReadOnlySpan<char> word) => IsTitleCase(word) || IsAcronym(word);

    /// <summary>
    /// An upper-case letter followed by lower-case ones (Med, Bull, Russell; O'Brien and Jean-Pierre too): a name's or
    /// a title's word.
    /// </summary>
    private static bool IsTitleCase(ReadOnlySpan<char> word)
    {
        if (word.Length < 2 || !char.IsUpper(word[0])) return false;
        bool lower = false;
        for (int i = 1; i < word.Length; i++)
        {
            if (char.IsUpper(word[i]) && word[i - 1] is not ('\'' or '’' or '-')) return false;
            lower |= char.IsLower(word[i]);
        }
        return lower;
    }

    /// <summary>Two to five capitals (BMJ, CNS, NLM), or initials (J.Y., N.V.): among Title-Case words, a name's.</summary>
    private static bool IsAcronym(ReadOnlySpan<char> word)
    {
        var letters = word.TrimEnd('.');
        int capitals = 0;
        for (int i = 0; i < letters.Length; i++)
        {
            if (letters[i] == '.' && i > 0 && letters[i - 1] != '.') continue;
            if (!char.IsUpper(letters[i])) return false;
            capitals++;
        }
        return capitals is >= 2 and <= 5;
    }

    /// <summary>Abbreviation-shaped: w/ s/d req'd b4 1000h, or 2 to 5 letters without a vowel (chk, brg, pmp).</summary>
    internal static bool LooksAbbreviated(string token) => LooksAbbreviated(token.AsSpan());

    private static bool LooksAbbreviated(ReadOnlySpan<char> token)
    {
        if (token.Length < 2) return false;
        if (token.IndexOfAny('/', '\'', '’') >= 0) return MarkedAbbreviation(token);
        bool letters = false, digits = false, allDigits = true, allLetters = true, vowel = false;
        foreach (char c in token)
        {
            bool digit = char.IsDigit(c), letter = char.IsLetter(c);
            letters |= letter;
            digits |= digit;
            allDigits &= digit;
            allLetters &= letter;
            vowel |= Vowels.Contains(c);
        }
        if (allDigits) return false;
        if (letters && digits && (token.Length <= 4 || NumberThenLetters(token))) return true;
        return token.Length <= 5 && allLetters && !vowel;
    }

    private const string Vowels = "aeiouyäöüéèàáíóú";

    /// <summary>Two or more capitals and no lower-case letter (NBR, EP2, IE3).</summary>
    private static bool IsCapitals(ReadOnlySpan<char> token)
    {
        int capitals = 0;
        foreach (char c in token)
        {
            if (char.IsLower(c)) return false;
            if (char.IsUpper(c)) capitals++;
        }
        return capitals >= 2;
    }

    /// <summary>A number with letters glued on, of any length (1000h, 10bar, 45mm): a unit or a word written short.</summary>
    private static bool NumberThenLetters(ReadOnlySpan<char> token)
    {
        int digits = 0;
        while (digits < token.Length && char.IsAsciiDigit(token[digits])) digits++;
        if (digits == 0 || digits == token.Length) return false;
        foreach (char c in token[digits..])
            if (!char.IsLetter(c)) return false;
        return true;
    }

    /// <summary>
    /// A slash or an apostrophe marks an abbreviation (w/o, s/d, l/h, req'd, gov't), unless it joins numbers or makes
    /// a possessive of a whole word (children's, patients') or an elision (l'insuffisance).
    /// </summary>
    private static bool MarkedAbbreviation(ReadOnlySpan<char> token)
    {
        // A plural or possessive is shorthand when its stem is (hyd's, a/c's; not children's, patients').
        if (token.EndsWith("'s") || token.EndsWith("’s")) return token.Length > 3 && LooksAbbreviated(token[..^2]);
        if (token.Length > 2 && token[^1] is '\'' or '’' && token[^2] == 's') return false;
        int apostrophe = token.IndexOfAny('\'', '’');
        // An elision or a name (l'insuffisance, d'anesthesie, o'brien) has one letter before its apostrophe and a word after.
        if (apostrophe == 1 && token.Length - 2 >= 4) return false;
        if (apostrophe > 0) return true;
        // Slash tokens are written short (w/o, s/d, air/con, repair/replace, leak/), unless they are numbers or
        // identifiers: dates and fractions (03/12/09, 1/2), references (10.1016/s1028-4559: parts mixing digits and letters).
        bool abbreviated = false;
        foreach (var range in token.Split('/'))
        {
            var part = token[range];
            if (part.Length == 0) continue;
            bool anyLetter = false, anyDigit = false, vowel = false;
            foreach (char c in part)
            {
                anyLetter |= char.IsLetter(c);
                anyDigit |= char.IsDigit(c);
                vowel |= Vowels.Contains(c);
            }
            if (anyDigit && (anyLetter || part.Length > 4)) return false;
            abbreviated |= anyLetter;
        }
        return abbreviated;
    }

    public override void Report(RuleSections sections, string column, ColumnRole role, RuleOutcome? live, RuleOutcome? poc)
    {
        if (live?.Details is ShorthandDetails s)
            sections.AddShorthand(new ShorthandReport(column, s.RowsChecked, s.RowsWithShorthand, s.Share, (poc?.Details as ShorthandDetails)?.Share,
                s.Tokens.Select(t => new ShorthandTokenReport(t.Token, t.Count, t.Expansion, t.Expansion is not null)).ToList())
            {
                Domain = s.Domain is { } d ? new ShorthandDomainReport(d.Name, d.Rows, d.RowsRead) : null,
            });
    }
}
