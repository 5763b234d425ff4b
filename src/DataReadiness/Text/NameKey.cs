using System.Text;

namespace DataReadiness.Text;

/// <summary>Normalises names for matching: case, accents, mojibake, punctuation, whitespace, legal forms, abbreviations.</summary>
public static class NameKey
{
    /// <summary>Lower case, accents folded (ü→u, ß→ss, ø→o), punctuation to spaces except '&amp;', whitespace collapsed.</summary>
    public static string Simplify(string text)
    {
        var folded = Accents.Fold(Mojibake.Repair(text).ToLowerInvariant());
        var builder = new StringBuilder(folded.Length);
        bool space = true;
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c) || c == '&')
            {
                builder.Append(c);
                space = false;
            }
            else if (c is '.' or '\'' or '’') continue; // "G.m.b.H." -> "gmbh", "O'Neil" -> "oneil"
            else if (!space)
            {
                builder.Append(' ');
                space = true;
            }
        }
        return builder.ToString().TrimEnd();
    }

    /// <summary>
    /// The matching key of a company name: simplified, German transliterations folded (mueller→muller), abbreviations
    /// expanded and legal-form words removed from the end, so that spellings of one company share a key.
    /// </summary>
    public static string CompanyKey(string name, IReadOnlyList<string> legalForms, IReadOnlyDictionary<string, string> abbreviations)
    {
        var simple = JoinInitials(Simplify(name));
        var tokens = simple.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => abbreviations.TryGetValue(t, out var full) ? full : FoldTransliteration(t))
            .ToList();
        var joined = string.Join(' ', tokens);
        var forms = NormalisedForms.GetValue(legalForms, f => f.Select(JoinInitials).Distinct(StringComparer.Ordinal)
            .Select(form => new LegalForm(form, " " + form, form + " ")).ToArray());
        // Strip legal forms from the end repeatedly ("gmbh & co kg", then nothing), then from the front ("nv philips").
        bool stripped = true;
        while (stripped && joined.Length > 0)
        {
            stripped = false;
            foreach (var form in forms)
            {
                if (joined.Length > form.Form.Length && joined.EndsWith(form.AtEnd, StringComparison.Ordinal))
                {
                    joined = joined[..^(form.Form.Length + 1)].TrimEnd(' ', '&');
                    stripped = true;
                    break;
                }
                if (joined.Length > form.Form.Length && joined.StartsWith(form.AtFront, StringComparison.Ordinal))
                {
                    joined = joined[(form.Form.Length + 1)..].TrimStart(' ', '&');
                    stripped = true;
                    break;
                }
            }
        }
        return joined;
    }

    /// <summary>A legal form as matched at the end of a name (" gmbh") and at its front ("nv ").</summary>
    private sealed record LegalForm(string Form, string AtEnd, string AtFront);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<string>, LegalForm[]> NormalisedForms = new();

    /// <summary>
    /// Single letters written apart are one word: "n v" (from N. V.) is "nv", "s r o" is "sro", "a b c supply" is
    /// "abc supply". A lone initial stays a word of its own.
    /// </summary>
    public static string JoinInitials(string simple)
    {
        var tokens = simple.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var joined = new List<string>(tokens.Length);
        for (int i = 0; i < tokens.Length; i++)
        {
            int end = i;
            while (end < tokens.Length && tokens[end].Length == 1 && char.IsLetter(tokens[end][0])) end++;
            if (end - i >= 2)
            {
                joined.Add(string.Concat(tokens[i..end]));
                i = end - 1;
            }
            else joined.Add(tokens[i]);
        }
        return string.Join(' ', joined);
    }

    // Müller is written Mueller where umlauts are not available; fold "ue" after a consonant back to "u" etc.
    private static string FoldTransliteration(string token)
    {
        if (token.Length < 4) return token;
        var builder = new StringBuilder(token.Length);
        for (int i = 0; i < token.Length; i++)
        {
            char c = token[i];
            builder.Append(c);
            if (c is 'a' or 'o' or 'u' && i + 1 < token.Length && token[i + 1] == 'e' && i > 0 && !IsVowel(token[i - 1])
                && i + 2 < token.Length && !IsVowel(token[i + 2]))
                i++;
        }
        return builder.ToString();
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
}
