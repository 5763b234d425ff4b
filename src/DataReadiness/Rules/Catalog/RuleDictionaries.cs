namespace DataReadiness.Rules.Catalog;

/// <summary>
/// One unit of measurement: its dimension, how a value converts to the dimension's base unit
/// (base = value × to_base + offset; the offset is for temperatures), and how people write it.
/// </summary>
public sealed record UnitDefinition(string Name, string Dimension, double ToBase, IReadOnlyList<string> Spellings, double Offset = 0)
{
    public double ToBaseValue(double value) => value * ToBase + Offset;
    public double FromBaseValue(double value) => (value - Offset) / ToBase;
}

/// <summary>The dictionaries a user edits without touching C#: tokens, units, codes, legal forms, abbreviations.</summary>
public sealed class RuleDictionaries
{
    /// <summary>The estimate's priors and their widths (the catalog's <c>priors:</c>).</summary>
    public EstimatePriors Priors { get; set; } = EstimatePriors.Default;

    public HashSet<string> NullTokens { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, UnitDefinition> Units { get; } = new(StringComparer.Ordinal);
    /// <summary>Every spelling of a unit (lower case) to the unit's name.</summary>
    public Dictionary<string, string> UnitBySpelling { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Canonical UoM code to its synonyms.</summary>
    public Dictionary<string, List<string>> UomCodes { get; } = new(StringComparer.Ordinal);
    /// <summary>Legal-form spellings, normalised (lower case, no punctuation), longest first.</summary>
    public List<string> LegalForms { get; } = new();
    /// <summary>Abbreviations in company names to their full word (normalised).</summary>
    public Dictionary<string, string> NameAbbreviations { get; } = new(StringComparer.Ordinal);
    /// <summary>Operator shorthand of any domain (lower case) to its expansion.</summary>
    public Dictionary<string, string> Shorthand { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>
    /// Shorthand whose expansion depends on the domain (c/o: change out in maintenance, care of in logistics), per
    /// domain in the order the catalog lists them; a column's domain is the one whose words it uses most.
    /// </summary>
    public List<(string Domain, Dictionary<string, string> Glossary)> ShorthandByDomain { get; } = new();
    /// <summary>Shorthand read another way right after a number ("50 hp": horsepower, where "hp hose" is high pressure).</summary>
    public Dictionary<string, string> ShorthandAfterNumber { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Words that are shorthand only right before a number ("no 3": number 3; "no leaks" is English).</summary>
    public Dictionary<string, string> ShorthandBeforeNumber { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Placeholder values that stand in for "unknown" (e.g. 9999, XXX).</summary>
    public HashSet<string> Placeholders { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical UoM code of a spelling, or null when the dictionary does not know it.</summary>
    public string? CanonicalUom(string value)
    {
        var lookup = UomLookup();
        return value.Length > lookup.Longest ? null : lookup.Canonical.GetValueOrDefault(value);
    }

    // Asked once per distinct value of every column (150k times on a 100k-row sample): a case-insensitive map from
    // each spelling to its code, rebuilt when the codes change. The first code to claim a spelling keeps it, as the
    // scan in catalog order did.
    private (int Version, int Longest, Dictionary<string, string> Canonical)? _uomLookup;

    private (int Version, int Longest, Dictionary<string, string> Canonical) UomLookup()
    {
        int version = UomCodes.Count + UomCodes.Values.Sum(s => s.Count);
        if (_uomLookup is { } cached && cached.Version == version) return cached;
        var canonical = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, synonyms) in UomCodes)
        {
            canonical.TryAdd(code, code);
            foreach (var s in synonyms) canonical.TryAdd(s, code);
        }
        var built = (version, canonical.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max(), canonical);
        _uomLookup = built;
        return built;
    }
}

/// <summary>
/// What the estimate assumes where the data cannot tell it, each with how sure the catalog is: a Beta distribution
/// with the given mean and concentration (its variance is mean × (1 − mean) / (concentration + 1)).
/// </summary>
/// <param name="ImpactConcentration">Concentration of the Beta around each rule's <c>impact</c> where nothing measures it.</param>
/// <param name="UnsupportedImpact">The share of accuracy a live row outside what the POC covers keeps, beyond what its defects explain.</param>
/// <param name="UnsupportedConcentration">Concentration of the Beta around <paramref name="UnsupportedImpact"/>.</param>
public sealed record EstimatePriors(double ImpactConcentration, double UnsupportedImpact, double UnsupportedConcentration)
{
    public static readonly EstimatePriors Default = new(25, 0.85, 6);
}
