using System.Globalization;
using DataReadiness.Configuration;
using DataReadiness.Jobs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DataReadiness.Rules.Catalog;

/// <summary>
/// Reads rule catalogs (folders or files of YAML) and reports every problem at once as file(line,col): message.
/// Later catalogs override earlier rules by id and extend the dictionaries.
/// </summary>
public sealed class CatalogLoader
{
    private static readonly string[] TopKeys = ["rules", "null_tokens", "placeholders", "units", "uom_codes", "legal_forms", "name_abbreviations", "shorthand"];
    private static readonly string[] RuleKeys = ["id", "kind", "columns", "severity", "impact", "params", "description", "enabled"];

    private readonly List<ConfigDiagnostic> _errors = new();
    private readonly Dictionary<string, RuleDefinition> _rules = new(StringComparer.Ordinal);
    private readonly List<string> _order = new();
    private readonly RuleDictionaries _dictionaries = new();
    private readonly List<string> _files = new();

    /// <summary>Loads the catalogs in order; throws <see cref="ConfigException"/> listing every problem.</summary>
    public static RuleCatalog Load(IEnumerable<string> paths)
    {
        var loader = new CatalogLoader();
        foreach (var path in paths) loader.LoadPath(path);
        if (loader._errors.Count > 0)
            throw new ConfigException(loader._errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Column).ToList());
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
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read));
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            Error(file, e.Start, $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
            return;
        }
        if (stream.Documents.Count == 0) return;
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(file, stream.Documents[0].RootNode.Start, $"a rule file is a mapping with keys among {string.Join(", ", TopKeys)}");
            return;
        }
        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            switch (key)
            {
                case "rules": LoadRules(file, value, idsInThisCatalog); break;
                case "null_tokens": foreach (var t in Strings(file, value, key)) _dictionaries.NullTokens.Add(t); break;
                case "placeholders": foreach (var t in Strings(file, value, key)) _dictionaries.Placeholders.Add(t); break;
                case "legal_forms":
                    foreach (var t in Strings(file, value, key)) _dictionaries.LegalForms.Add(Text.NameKey.Simplify(t));
                    _dictionaries.LegalForms.Sort((a, b) => b.Length.CompareTo(a.Length));
                    break;
                case "name_abbreviations":
                    foreach (var (k, v) in Pairs(file, value, key)) _dictionaries.NameAbbreviations[Text.NameKey.Simplify(k)] = Text.NameKey.Simplify(v);
                    break;
                case "shorthand": foreach (var (k, v) in Pairs(file, value, key)) _dictionaries.Shorthand[k.ToLowerInvariant()] = v; break;
                case "uom_codes": LoadUomCodes(file, value); break;
                case "units": LoadUnits(file, value); break;
                default: Error(file, keyNode.Start, $"unknown key '{key}' (known: {string.Join(", ", TopKeys)})"); break;
            }
        }
    }

    private void LoadRules(string file, YamlNode node, Dictionary<string, string> idsInThisCatalog)
    {
        if (node is not YamlSequenceNode list)
        {
            Error(file, node.Start, "rules: expected a list of rules");
            return;
        }
        foreach (var item in list)
        {
            if (item is not YamlMappingNode rule)
            {
                Error(file, item.Start, "rules: each rule is a mapping with id, kind, columns, severity and impact");
                continue;
            }
            foreach (var k in rule.Children.Keys)
                if (!RuleKeys.Contains(((YamlScalarNode)k).Value))
                    Error(file, k.Start, $"unknown rule key '{((YamlScalarNode)k).Value}' (known: {string.Join(", ", RuleKeys)})");
            var id = Scalar(rule, "id");
            var kind = Scalar(rule, "kind");
            if (id is null) { Error(file, rule.Start, "a rule needs an id"); continue; }
            if (idsInThisCatalog.TryGetValue(id, out var first))
                Error(file, rule.Start, $"rule id '{id}' is used twice in one catalog (first in {first})");
            idsInThisCatalog[id] = file;
            if (Scalar(rule, "enabled") is { } enabledText)
            {
                if (enabledText is not ("true" or "false")) Error(file, Node(rule, "enabled")!.Start, $"rule '{id}': enabled is true or false");
                else if (enabledText == "false")
                {
                    // A later catalog switches a rule off by its id.
                    _rules.Remove(id);
                    _order.Remove(id);
                    continue;
                }
            }
            if (kind is null) { Error(file, rule.Start, $"rule '{id}' needs a kind"); continue; }
            if (!RuleKinds.Known.TryGetValue(kind, out var kindInfo))
            {
                Error(file, Node(rule, "kind")!.Start, $"rule '{id}': unknown kind '{kind}' (known: {string.Join(", ", RuleKinds.Known.Keys.Order())})");
                continue;
            }
            var severity = Severity.Warn;
            if (Scalar(rule, "severity") is { } severityText && !Enum.TryParse(severityText, ignoreCase: true, out severity))
                Error(file, Node(rule, "severity")!.Start, $"rule '{id}': severity '{severityText}' is not info, warn or fail");
            double impact = 1.0;
            if (Scalar(rule, "impact") is { } impactText &&
                (!double.TryParse(impactText, NumberStyles.Float, CultureInfo.InvariantCulture, out impact) || impact is < 0 or > 1))
            {
                Error(file, Node(rule, "impact")!.Start, $"rule '{id}': impact is the share of accuracy kept on an affected row, a number in [0, 1]");
                impact = 1.0;
            }
            var selector = Selector(file, rule, id);
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Node(rule, "params") is { } paramsNode)
            {
                if (paramsNode is YamlMappingNode map)
                    foreach (var (pk, pv) in map.Children)
                    {
                        var name = ((YamlScalarNode)pk).Value ?? "";
                        if (!kindInfo.Parameters.Contains(name))
                            Error(file, pk.Start, $"rule '{id}': kind '{kind}' has no parameter '{name}'" +
                                (kindInfo.Parameters.Length == 0 ? "" : $" (known: {string.Join(", ", kindInfo.Parameters)})"));
                        else if (pv is YamlScalarNode { Value: { } text }) parameters[name] = text;
                        else Error(file, pv.Start, $"rule '{id}': parameter '{name}' must be a single value");
                    }
                else Error(file, paramsNode.Start, $"rule '{id}': params must be a mapping");
            }
            if (!_rules.ContainsKey(id)) _order.Add(id);
            _rules[id] = new RuleDefinition(id, kind, selector, severity, impact, parameters, file, (int)rule.Start.Line);
        }
    }

    private ColumnSelector Selector(string file, YamlMappingNode rule, string id)
    {
        var node = Node(rule, "columns");
        if (node is null) return new ColumnSelector(["any"], []);
        if (node is YamlScalarNode { Value: "any" }) return new ColumnSelector(["any"], []);
        if (node is not YamlMappingNode map)
        {
            Error(file, node.Start, $"rule '{id}': columns is 'any' or a mapping with roles: [...] and/or names: [...]");
            return new ColumnSelector([], []);
        }
        var roles = Node(map, "roles") is { } r ? Strings(file, r, "roles").ToList() : [];
        foreach (var role in roles)
            if (role != "any" && !JobFileParser.Roles.Contains(role))
                Error(file, Node(map, "roles")!.Start, $"rule '{id}': '{role}' is not a role (use any, {string.Join(", ", JobFileParser.Roles)})");
        var names = Node(map, "names") is { } n ? Strings(file, n, "names").ToList() : [];
        foreach (var k in map.Children.Keys)
            if (((YamlScalarNode)k).Value is not ("roles" or "names"))
                Error(file, k.Start, $"rule '{id}': columns takes roles and names only");
        return new ColumnSelector(roles, names);
    }

    private void LoadUomCodes(string file, YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(file, node.Start, "uom_codes: expected a mapping of canonical code to its synonyms, e.g. EA: [PCS, PC, each]");
            return;
        }
        foreach (var (k, v) in map.Children)
        {
            var code = ((YamlScalarNode)k).Value ?? "";
            if (!_dictionaries.UomCodes.TryGetValue(code, out var list)) _dictionaries.UomCodes[code] = list = new List<string>();
            foreach (var s in Strings(file, v, $"uom_codes.{code}"))
                if (!list.Contains(s)) list.Add(s);
        }
    }

    private void LoadUnits(string file, YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(file, node.Start, "units: expected a mapping of unit name to { dimension, to_base, spellings }");
            return;
        }
        foreach (var (k, v) in map.Children)
        {
            var name = ((YamlScalarNode)k).Value ?? "";
            if (v is not YamlMappingNode unit)
            {
                Error(file, v.Start, $"units.{name}: expected {{ dimension: mass, to_base: 1, spellings: [kg, kgs] }}");
                continue;
            }
            var dimension = Scalar(unit, "dimension");
            var toBaseText = Scalar(unit, "to_base");
            if (dimension is null) Error(file, unit.Start, $"units.{name}: dimension is missing");
            if (toBaseText is null || !double.TryParse(toBaseText, NumberStyles.Float, CultureInfo.InvariantCulture, out var toBase) || toBase <= 0)
            {
                Error(file, (Node(unit, "to_base") ?? unit).Start, $"units.{name}: to_base must be a positive number (the factor to the dimension's base unit)");
                continue;
            }
            var spellings = Node(unit, "spellings") is { } s ? Strings(file, s, $"units.{name}.spellings").ToList() : [];
            foreach (var key in unit.Children.Keys)
                if (((YamlScalarNode)key).Value is not ("dimension" or "to_base" or "offset" or "spellings"))
                    Error(file, key.Start, $"units.{name}: unknown key '{((YamlScalarNode)key).Value}' (known: dimension, to_base, offset, spellings)");
            double offset = 0;
            if (Scalar(unit, "offset") is { } offsetText && !double.TryParse(offsetText, NumberStyles.Float, CultureInfo.InvariantCulture, out offset))
                Error(file, Node(unit, "offset")!.Start, $"units.{name}: offset must be a number");
            if (dimension is null) continue;
            _dictionaries.Units[name] = new UnitDefinition(name, dimension, toBase, [name, .. spellings], offset);
            foreach (var spelling in spellings.Append(name)) _dictionaries.UnitBySpelling[spelling.ToLowerInvariant()] = name;
        }
    }

    private IEnumerable<string> Strings(string file, YamlNode node, string where)
    {
        if (node is YamlSequenceNode list)
        {
            foreach (var item in list)
            {
                if (item is YamlScalarNode { Value: { } text }) yield return text;
                else Error(file, item.Start, $"{where}: each entry is a single value");
            }
        }
        else Error(file, node.Start, $"{where}: expected a list such as [a, b]");
    }

    private IEnumerable<(string Key, string Value)> Pairs(string file, YamlNode node, string where)
    {
        if (node is not YamlMappingNode map)
        {
            Error(file, node.Start, $"{where}: expected a mapping such as {{ chk: check }}");
            yield break;
        }
        foreach (var (k, v) in map.Children)
        {
            if (v is YamlScalarNode { Value: { Length: > 0 } text }) yield return (((YamlScalarNode)k).Value ?? "", text);
            else Error(file, v.Start, $"{where}.{((YamlScalarNode)k).Value}: expected a single value");
        }
    }

    private static YamlNode? Node(YamlMappingNode map, string key) =>
        map.Children.FirstOrDefault(p => p.Key is YamlScalarNode s && s.Value == key).Value;

    private static string? Scalar(YamlMappingNode map, string key) => (Node(map, key) as YamlScalarNode)?.Value;

    private void Error(string file, Mark at, string message) =>
        _errors.Add(new ConfigDiagnostic(file, (int)Math.Max(1, at.Line), (int)Math.Max(1, at.Column), message));
}
