using System.Text;

namespace DataReadiness.Rules.Text;

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

/// <summary>
/// Folds Latin letters with diacritics to their base letters (ü→u, ß→ss, ø→o) from a fixed table, so the result does
/// not depend on the machine's ICU data or on .NET's globalization-invariant mode.
/// </summary>
public static class Accents
{
    private const string From = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž";
    private const string To = "AAAAAACEEEEIIIINOOOOOOUUUUYaaaaaaceeeeiiiinoooooouuuuyyAaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjKkLlLlLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZz";
    private static readonly Dictionary<char, string> Map = BuildMap();

    private static Dictionary<char, string> BuildMap()
    {
        var map = new Dictionary<char, string>();
        for (int i = 0; i < From.Length; i++) map[From[i]] = To[i].ToString();
        map['ß'] = "ss"; map['æ'] = "ae"; map['Æ'] = "AE"; map['œ'] = "oe"; map['Œ'] = "OE"; map['þ'] = "th"; map['Þ'] = "TH"; map['ð'] = "d"; map['Ð'] = "D";
        return map;
    }

    public static string Fold(string text)
    {
        StringBuilder? builder = null;
        for (int i = 0; i < text.Length; i++)
        {
            if (Map.TryGetValue(text[i], out var replacement))
            {
                builder ??= new StringBuilder(text.Length).Append(text, 0, i);
                builder.Append(replacement);
            }
            else builder?.Append(text[i]);
        }
        return builder?.ToString() ?? text;
    }
}

/// <summary>Repairs UTF-8 text that was decoded as Windows-1252/Latin-1 somewhere along the way ("MÃ¼ller" → "Müller").</summary>
public static class Mojibake
{
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1;
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    /// <summary>Whether the text shows the marks of mojibake or of bytes already lost (U+FFFD).</summary>
    public static bool LooksDamaged(string text) =>
        text.Contains('\uFFFD') || (text.Contains('Ã') || text.Contains('Â') || text.Contains("â€")) && Repair(text) != text;

    public static string Repair(string text)
    {
        if (!text.Contains('Ã') && !text.Contains('Â') && !text.Contains('â')) return text;
        foreach (var encoding in new[] { Windows1252, Encoding.Latin1 })
        {
            try
            {
                var bytes = encoding.GetBytes(text);
                if (encoding.GetString(bytes) != text) continue; // not representable: not this kind of damage
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
            }
        }
        return text;
    }
}
