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
        var simple = Simplify(name);
        var tokens = simple.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => abbreviations.TryGetValue(t, out var full) ? full : FoldTransliteration(t))
            .ToList();
        var joined = string.Join(' ', tokens);
        // Strip legal forms from the end repeatedly ("gmbh & co kg", then nothing).
        bool stripped = true;
        while (stripped && joined.Length > 0)
        {
            stripped = false;
            foreach (var form in legalForms)
            {
                if (joined.Length > form.Length && joined.EndsWith(" " + form, StringComparison.Ordinal))
                {
                    joined = joined[..^(form.Length + 1)].TrimEnd(' ', '&');
                    stripped = true;
                    break;
                }
            }
        }
        return joined;
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
