using DataReadiness.Configuration;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Text;
using YamlDotNet.RepresentationModel;

namespace DataReadiness.Rules.Catalog;

/// <summary>
/// Reads rule catalogs (folders or files of YAML) and reports every problem at once as file(line,col): message.
/// Later catalogs override earlier rules by id and extend the dictionaries. Each rule's parameters are read by its
/// kind, typed and range-checked.
/// </summary>
public sealed class CatalogLoader
{
    private static readonly string[] TopKeys = ["rules", "null_tokens", "placeholders", "units", "uom_codes", "legal_forms", "name_abbreviations", "shorthand",
        "shorthand_by_domain", "shorthand_after_number", "shorthand_before_number", "priors"];
    private static readonly string[] PriorKeys = ["impact_concentration", "unsupported_impact", "unsupported_concentration"];
    private static readonly string[] RuleKeys = ["id", "kind", "columns", "severity", "impact", "params", "description", "enabled"];

    private readonly List<ConfigDiagnostic> _errors = new();
    private readonly Dictionary<string, RuleDefinition> _rules = new(StringComparer.Ordinal);
    private readonly List<string> _order = new();
    private readonly RuleDictionaries _dictionaries = new();
    private readonly List<string> _files = new();
    private readonly IReadOnlyDictionary<string, RuleKind> _kinds;

    private CatalogLoader(IReadOnlyDictionary<string, RuleKind> kinds) => _kinds = kinds;

    /// <summary>
    /// Loads the catalogs in order; throws <see cref="ConfigException"/> listing every problem. Rules may use the
    /// registered kinds (<see cref="RuleKinds.Known"/>) or, for tools and tests, the kinds given.
    /// </summary>
    public static RuleCatalog Load(IEnumerable<string> paths, IReadOnlyDictionary<string, RuleKind>? kinds = null)
    {
        var loader = new CatalogLoader(kinds ?? RuleKinds.Known);
        foreach (var path in paths) loader.LoadPath(path);
        if (loader._errors.Count > 0) throw new ConfigException(YamlReader.Sorted(loader._errors));
        var rules = loader._order.Select(id => loader._rules[id]).ToList();
        return new RuleCatalog(rules, loader._dictionaries, loader._files);
    }

    /// <summary>The files a catalog path names: a YAML file, or every YAML file under a folder, sorted.</summary>
    public static IReadOnlyList<string> FilesOf(string path)
    {
        if (File.Exists(path)) return [Path.GetFullPath(path)];
        if (!Directory.Exists(path)) return [];
        return Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Select(Path.GetFullPath).OrderBy(f => f, StringComparer.Ordinal).ToList();
    }

    private void LoadPath(string path)
    {
        var files = FilesOf(path);
        if (files.Count == 0)
        {
            _errors.Add(new ConfigDiagnostic(path, 1, 1, Directory.Exists(path) ? "the folder holds no .yaml rule files" : "no such rule catalog (a folder or a .yaml file)"));
            return;
        }
        var idsInThisCatalog = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files) LoadFile(file, idsInThisCatalog);
    }

    private void LoadFile(string file, Dictionary<string, string> idsInThisCatalog)
    {
        _files.Add(file);
        var reader = new YamlReader(file);
        string text;
        using (var stream = FileHash.OpenReadOnly(file))
        using (var streamReader = new StreamReader(stream))
            text = streamReader.ReadToEnd();
        var root = reader.Root(text, $"a rule file is a mapping with keys among {string.Join(", ", TopKeys)}", emptyIsEmptyMapping: true);
        if (root is not null)
        {
            foreach (var (key, keyNode, value) in root.Entries)
            {
                switch (key)
                {
                    case "rules": LoadRules(root, value, idsInThisCatalog); break;
                    case "null_tokens": foreach (var t in root.StringsOf(value, key)) _dictionaries.NullTokens.Add(t); break;
                    case "placeholders": foreach (var t in root.StringsOf(value, key)) _dictionaries.Placeholders.Add(t); break;
                    case "legal_forms":
                        foreach (var t in root.StringsOf(value, key)) _dictionaries.LegalForms.Add(NameKey.Simplify(t));
                        _dictionaries.LegalForms.Sort((a, b) => b.Length.CompareTo(a.Length));
                        break;
                    case "name_abbreviations":
                        foreach (var (k, v) in root.PairsOf(value, key)) _dictionaries.NameAbbreviations[NameKey.Simplify(k)] = NameKey.Simplify(v);
                        break;
                    case "shorthand": foreach (var (k, v) in root.PairsOf(value, key)) _dictionaries.Shorthand[k.ToLowerInvariant()] = v; break;
                    case "shorthand_by_domain": LoadShorthandDomains(root, value); break;
                    case "shorthand_after_number": foreach (var (k, v) in root.PairsOf(value, key)) _dictionaries.ShorthandAfterNumber[k.ToLowerInvariant()] = v; break;
                    case "shorthand_before_number": foreach (var (k, v) in root.PairsOf(value, key)) _dictionaries.ShorthandBeforeNumber[k.ToLowerInvariant()] = v; break;
                    case "uom_codes": LoadUomCodes(root, value); break;
                    case "units": LoadUnits(root, value); break;
                    case "priors": LoadPriors(reader, root, value); break;
                    default: reader.Error(keyNode, $"unknown key '{key}' (known: {string.Join(", ", TopKeys)})"); break;
                }
            }
        }
        _errors.AddRange(reader.Errors);
    }

    /// <summary><c>shorthand_by_domain: { maintenance: { c/o: change out }, logistics: { c/o: care of } }</c>; a later file adds to a domain.</summary>
    /// <summary>The estimate's priors and how sure each is (<see cref="EstimatePriors"/>); a later catalog's value replaces an earlier one.</summary>
    private void LoadPriors(YamlReader reader, YamlSection root, YamlNode node)
    {
        foreach (var (key, text) in root.PairsOf(node, "priors"))
        {
            if (!PriorKeys.Contains(key))
            {
                reader.Error(node, $"priors: unknown key '{key}' (known: {string.Join(", ", PriorKeys)})");
                continue;
            }
            if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                || !double.IsFinite(value) || (key == "unsupported_impact" ? value is < 0 or > 1 : value <= 0))
            {
                reader.Error(node, key == "unsupported_impact"
                    ? $"priors: {key} is the share of accuracy kept, a number in [0, 1], not '{text}'"
                    : $"priors: {key} is a Beta concentration, a number above 0 (larger: surer), not '{text}'");
                continue;
            }
            _dictionaries.Priors = key switch
            {
                "impact_concentration" => _dictionaries.Priors with { ImpactConcentration = value },
                "unsupported_impact" => _dictionaries.Priors with { UnsupportedImpact = value },
                _ => _dictionaries.Priors with { UnsupportedConcentration = value },
            };
        }
    }

    private void LoadShorthandDomains(YamlSection file, YamlNode node)
    {
        if (node is YamlScalarNode { Value: null or "" or "~" or "null" }) return;
        if (node is not YamlMappingNode domains)
        {
            file.Reader.Error(node, "shorthand_by_domain: expected a mapping of domains, such as { maintenance: { c/o: change out } }");
            return;
        }
        foreach (var (domainNode, glossaryNode) in domains.Children)
        {
            var domain = ((YamlScalarNode)domainNode).Value ?? "";
            var index = _dictionaries.ShorthandByDomain.FindIndex(d => d.Domain == domain);
            if (index < 0)
            {
                _dictionaries.ShorthandByDomain.Add((domain, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)));
                index = _dictionaries.ShorthandByDomain.Count - 1;
            }
            foreach (var (k, v) in file.PairsOf(glossaryNode, "shorthand_by_domain." + domain))
                _dictionaries.ShorthandByDomain[index].Glossary[k.ToLowerInvariant()] = v;
        }
    }

    private void LoadRules(YamlSection file, YamlNode node, Dictionary<string, string> idsInThisCatalog)
    {
        var reader = file.Reader;
        if (node is not YamlSequenceNode list)
        {
            reader.Error(node, "rules: expected a list of rules");
            return;
        }
        foreach (var item in list)
        {
            if (item is not YamlMappingNode ruleNode)
            {
                reader.Error(item, "rules: each rule is a mapping with id, kind, columns, severity and impact");
                continue;
            }
            var rule = file.Child(ruleNode, "rule");
            foreach (var (key, keyNode, _) in rule.Entries)
                if (!RuleKeys.Contains(key)) reader.Error(keyNode, $"unknown rule key '{key}' (known: {string.Join(", ", RuleKeys)})");
            var id = rule.String("id");
            if (id is null) { reader.Error(ruleNode, "a rule needs an id"); continue; }
            if (idsInThisCatalog.TryGetValue(id, out var first))
                reader.Error(ruleNode, $"rule id '{id}' is used twice in one catalog (first in {first})");
            idsInThisCatalog[id] = reader.File;
            if (rule.Value("enabled") is { } enabledNode)
            {
                var enabled = (enabledNode as YamlScalarNode)?.Value;
                if (enabled is not ("true" or "false")) reader.Error(enabledNode, $"rule '{id}': enabled is true or false");
                else if (enabled == "false")
                {
                    // A later catalog switches a rule off by its id.
                    _rules.Remove(id);
                    _order.Remove(id);
                    continue;
                }
            }
            var kindName = rule.String("kind");
            if (kindName is null) { reader.Error(ruleNode, $"rule '{id}' needs a kind"); continue; }
            if (!_kinds.TryGetValue(kindName, out var kind))
            {
                reader.Error(rule.Value("kind")!, $"rule '{id}': unknown kind '{kindName}' (known: {string.Join(", ", _kinds.Keys.Order(StringComparer.Ordinal))})");
                continue;
            }
            var severity = Severity.Warn;
            if (rule.String("severity") is { } severityText && !ContractNames.TryParse(severityText.ToLowerInvariant(), out severity))
                reader.Error(rule.Value("severity")!, $"rule '{id}': severity '{severityText}' is not info, warn or fail");
            double impact = 1.0;
            if (rule.Value("impact") is { } impactNode)
            {
                if (impactNode is YamlScalarNode { Value: { } impactText }
                    && double.TryParse(impactText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var read)
                    && read is >= 0 and <= 1)
                    impact = read;
                else reader.Error(impactNode, $"rule '{id}': impact is the share of accuracy kept on an affected row, a number in [0, 1]");
            }
            var selector = Selector(rule, id);
            var parameters = ReadParameters(rule, id, kind);
            if (!_rules.ContainsKey(id)) _order.Add(id);
            _rules[id] = new RuleDefinition(id, kind, selector, severity, impact, parameters, reader.File, (int)ruleNode.Start.Line,
                rule.String("description") ?? "");
        }
    }

    /// <summary>The kind reads its parameters; a parameter it did not ask for is an error, as is a wrong type or range.</summary>
    private static object ReadParameters(YamlSection rule, string id, RuleKind kind)
    {
        var node = rule.Value("params");
        YamlSection? section = null;
        if (node is YamlMappingNode map) section = rule.Child(map, "params");
        else if (node is not null) rule.Reader.Error(node, $"rule '{id}': params must be a mapping");
        var reader = new ParameterReader(section, id);
        var parameters = kind.ReadParameters(reader);
        section?.ReportUnreadKeys(name => $"rule '{id}': kind '{kind.Name}' has no parameter '{name}'" +
            (reader.Names.Count == 0 ? "" : $" (known: {string.Join(", ", reader.Names)})"));
        return parameters;
    }

    private static ColumnSelector Selector(YamlSection rule, string id)
    {
        var node = rule.Value("columns");
        if (node is null || node is YamlScalarNode { Value: "any" }) return ColumnSelector.AnyColumn;
        if (node is not YamlMappingNode map)
        {
            rule.Reader.Error(node, $"rule '{id}': columns is 'any' or a mapping with roles: [...] and/or names: [...]");
            return new ColumnSelector(false, [], []);
        }
        var columns = rule.Child(map, "columns");
        var roleNames = columns.Strings("roles", "roles");
        var roles = new List<ColumnRole>();
        bool any = false;
        foreach (var role in roleNames)
        {
            if (role == "any") any = true;
            else if (JobFileParser.Roles.Contains(role) && ContractNames.TryParse<ColumnRole>(role, out var parsed)) roles.Add(parsed);
            else rule.Reader.Error(columns.Value("roles")!, $"rule '{id}': '{role}' is not a role (use any, {string.Join(", ", JobFileParser.Roles)})");
        }
        var names = columns.Strings("names", "names");
        columns.ReportUnreadKeys(_ => $"rule '{id}': columns takes roles and names only");
        return new ColumnSelector(any, roles, names);
    }

    private void LoadUomCodes(YamlSection file, YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            file.Reader.Error(node, "uom_codes: expected a mapping of canonical code to its synonyms, e.g. EA: [PCS, PC, each]");
            return;
        }
        foreach (var (k, v) in map.Children)
        {
            var code = ((YamlScalarNode)k).Value ?? "";
            if (!_dictionaries.UomCodes.TryGetValue(code, out var list)) _dictionaries.UomCodes[code] = list = new List<string>();
            foreach (var s in file.StringsOf(v, $"uom_codes.{code}"))
                if (!list.Contains(s)) list.Add(s);
        }
    }

    private void LoadUnits(YamlSection file, YamlNode node)
    {
        var reader = file.Reader;
        if (node is not YamlMappingNode map)
        {
            reader.Error(node, "units: expected a mapping of unit name to { dimension, to_base, spellings }");
            return;
        }
        foreach (var (k, v) in map.Children)
        {
            var name = ((YamlScalarNode)k).Value ?? "";
            if (v is not YamlMappingNode unitNode)
            {
                reader.Error(v, $"units.{name}: expected {{ dimension: mass, to_base: 1, spellings: [kg, kgs] }}");
                continue;
            }
            var unit = file.Child(unitNode, $"units.{name}");
            var dimension = unit.String("dimension", $"units.{name}");
            if (dimension is null && !unit.Has("dimension")) reader.Error(unitNode, $"units.{name}: dimension is missing");
            var toBaseNode = unit.Value("to_base");
            double? toBase = toBaseNode is YamlScalarNode { Value: { } toBaseText }
                && double.TryParse(toBaseText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > 0
                ? parsed : null;
            if (toBase is null)
            {
                reader.Error(toBaseNode ?? unitNode, $"units.{name}: to_base must be a positive number (the factor to the dimension's base unit)");
                continue;
            }
            var spellings = unit.Strings("spellings", $"units.{name}.spellings");
            double offset = 0;
            if (unit.Value("offset") is { } offsetNode)
            {
                if (offsetNode is YamlScalarNode { Value: { } offsetText }
                    && double.TryParse(offsetText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var o))
                    offset = o;
                else reader.Error(offsetNode, $"units.{name}: offset must be a number");
            }
            unit.ReportUnreadKeys(key => $"units.{name}: unknown key '{key}' (known: dimension, to_base, offset, spellings)");
            if (dimension is null) continue;
            _dictionaries.Units[name] = new UnitDefinition(name, dimension, toBase.Value, [name, .. spellings], offset);
            foreach (var spelling in spellings.Append(name)) _dictionaries.UnitBySpelling[spelling.ToLowerInvariant()] = name;
        }
    }
}
