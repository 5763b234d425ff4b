using DataReadiness.Jobs;

namespace DataReadiness.Rules.Catalog;

/// <summary>How bad a hit is: info is reported, warn makes a run conditional, fail can fail the gate.</summary>
public enum Severity { Info, Warn, Fail }

/// <summary>Which columns a rule runs on: any column, columns with these roles, or these names.</summary>
public sealed record ColumnSelector(IReadOnlyList<string> Roles, IReadOnlyList<string> Names)
{
    public bool Matches(string column, string role) =>
        Names.Contains(column) || Roles.Contains("any") || Roles.Contains(role);
}

/// <summary>One rule of a catalog: a rule kind with its columns, severity, impact prior and parameters.</summary>
public sealed record RuleDefinition(
    string Id,
    string Kind,
    ColumnSelector Columns,
    Severity Severity,
    double Impact,
    IReadOnlyDictionary<string, string> Parameters,
    string File,
    int Line)
{
    public string Parameter(string name, string fallback) => Parameters.TryGetValue(name, out var v) ? v : fallback;

    public double Parameter(string name, double fallback) =>
        Parameters.TryGetValue(name, out var v) && double.TryParse(v, System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : fallback;
}

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
    /// <summary>Operator shorthand (lower case) to its expansion.</summary>
    public Dictionary<string, string> Shorthand { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Placeholder values that stand in for "unknown" (e.g. 9999, XXX).</summary>
    public HashSet<string> Placeholders { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical UoM code of a spelling, or null when the dictionary does not know it.</summary>
    public string? CanonicalUom(string value)
    {
        foreach (var (canonical, synonyms) in UomCodes)
        {
            if (string.Equals(canonical, value, StringComparison.OrdinalIgnoreCase)) return canonical;
            foreach (var s in synonyms)
                if (string.Equals(s, value, StringComparison.OrdinalIgnoreCase)) return canonical;
        }
        return null;
    }
}

/// <summary>A loaded rule catalog: its rules (later catalogs override earlier ones by id), dictionaries and files.</summary>
public sealed class RuleCatalog
{
    public RuleCatalog(IReadOnlyList<RuleDefinition> rules, RuleDictionaries dictionaries, IReadOnlyList<string> files)
    {
        Rules = rules;
        Dictionaries = dictionaries;
        Files = files;
    }

    public IReadOnlyList<RuleDefinition> Rules { get; }
    public RuleDictionaries Dictionaries { get; }
    /// <summary>The YAML files the catalog was read from, in load order (copied into the run folder).</summary>
    public IReadOnlyList<string> Files { get; }
}

/// <summary>Where the default catalog is: the rules/ folder shipped beside the binaries.</summary>
public static class DefaultCatalog
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "rules");
}
