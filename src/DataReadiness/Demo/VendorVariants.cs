using System.Text;

namespace DataReadiness.Demo;

/// <summary>The ways people and systems misspell a vendor: case, legal forms, accents, mojibake, punctuation, abbreviations.</summary>
internal static class VendorVariants
{
    public static string Make(string canonical, Random random)
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var variant = random.Next(9) switch
            {
                0 => canonical.ToUpperInvariant(),
                1 => StripLegalForm(canonical),
                2 => SwapLegalForm(canonical, random),
                3 => FoldAccents(canonical, transliterate: random.Next(2) == 0),
                4 => Mojibake(canonical),
                5 => canonical.Replace(".", "").Replace(",", ""),
                6 => random.Next(2) == 0 ? canonical + " " : canonical.Replace(" ", "  "),
                7 => Abbreviate(canonical),
                _ => canonical.ToLowerInvariant(),
            };
            if (variant != canonical) return variant;
        }
        return canonical.ToUpperInvariant();
    }

    private static string StripLegalForm(string name)
    {
        foreach (var (form, _) in DemoCatalog.LegalForms)
            if (name.EndsWith(" " + form, StringComparison.Ordinal)) return name[..^(form.Length + 1)].TrimEnd(',');
        return name;
    }

    private static string SwapLegalForm(string name, Random random)
    {
        foreach (var (form, variants) in DemoCatalog.LegalForms)
            if (name.EndsWith(" " + form, StringComparison.Ordinal))
                return name[..^form.Length] + variants[random.Next(variants.Length)];
        return name;
    }

    private static string FoldAccents(string name, bool transliterate)
    {
        if (transliterate)
            name = name.Replace("ü", "ue").Replace("ö", "oe").Replace("ä", "ae").Replace("Ü", "Ue").Replace("ß", "ss").Replace("ø", "oe").Replace("Ø", "Oe");
        return DataReadiness.Text.Accents.Fold(name);
    }

    // UTF-8 bytes read back as Windows-1252 by some system along the way: "Müller" becomes "MÃ¼ller".
    private static string Mojibake(string name) =>
        Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(name));

    private static string Abbreviate(string name)
    {
        foreach (var (word, abbreviation) in DemoCatalog.NameAbbreviations)
            if (name.Contains(word, StringComparison.Ordinal)) return name.Replace(word, abbreviation);
        return StripLegalForm(name);
    }
}
