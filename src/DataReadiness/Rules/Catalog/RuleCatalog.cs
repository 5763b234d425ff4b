namespace DataReadiness.Rules.Catalog;

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
