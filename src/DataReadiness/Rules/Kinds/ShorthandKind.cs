using System.Runtime.CompilerServices;
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
    private static partial Regex Token();

    public override RuleOutcome Evaluate(ColumnContext column, NoParameters parameters)
    {
        // Tokens are looked at as spans of the value: a 100k-row notes column has millions of them, and a string per
        // token made this rule the costliest of a run.
        var glossary = column.Dictionaries.Shorthand.GetAlternateLookup<ReadOnlySpan<char>>();
        // Both sides are scored the same way, each against the glossary and the shapes alone: whether the POC has a
        // token as often is the comparison's question (PocForms), not a reason to skip it. A column written in Title
        // Case (journal and company names, author lists) abbreviates by convention ("Br Med Bull"): there a
        // Title-Case token is a name's word, not operator shorthand.
        bool titled = TitleCaseShare(column.Reference ?? column.Values) >= TitledColumn;
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
            // In a text with lower-case letters, a word in capitals is an acronym or a designation (NBR, EP2, CT).
            bool mixedCase = value.AsSpan().IndexOfAnyInRange('a', 'z') >= 0;
            bool any = false, replaced = false;
            int copiedUpTo = 0;
            seenInRow.Clear();
            expanded.Clear();
            foreach (var match in Token().EnumerateMatches(value))
            {
                var raw = value.AsSpan(match.Index, match.Length);
                if (titled && (IsTitleCase(raw) || IsAcronym(raw))) continue;
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
                if (LooksAbbreviated(normal) && !(mixedCase && IsCapitals(token)))
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

    /// <summary>Two to five capitals (BMJ, CNS, NLM): among Title-Case words, an acronym of a name.</summary>
    private static bool IsAcronym(ReadOnlySpan<char> word)
    {
        var letters = word.TrimEnd('.');
        if (letters.Length is < 2 or > 5) return false;
        foreach (char c in letters)
            if (!char.IsUpper(c)) return false;
        return true;
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
                s.Tokens.Select(t => new ShorthandTokenReport(t.Token, t.Count, t.Expansion, t.Expansion is not null)).ToList()));
    }
}
