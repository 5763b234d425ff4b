using System.Text;
using DataReadiness.Configuration;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Rules;
using DataReadiness.Rules.Catalog;
using YamlDotNet.RepresentationModel;

namespace DataReadiness.Tests.Rules;

/// <summary>
/// Rule behaviour as small case files (Rules/Cases/&lt;kind&gt;.yaml): a column's values, optionally the POC's values
/// and other columns, and the expected hits with their suggestions. Each case runs with the default catalog's
/// dictionaries, as a user's job would.
/// </summary>
public class RuleCaseTests
{
    private static readonly string CasesDirectory = Path.Combine(AppContext.BaseDirectory, "Rules", "Cases");
    private static readonly Lazy<RuleCatalog> DefaultCatalogLoaded = new(() => CatalogLoader.Load([DefaultCatalog.Directory]));

    public static IEnumerable<object[]> Cases() =>
        Directory.GetFiles(CasesDirectory, "*.yaml").OrderBy(f => f, StringComparer.Ordinal)
            .SelectMany(file => Load(file).Select(c => new object[] { Path.GetFileNameWithoutExtension(file), c.Name }));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_case(string kind, string name)
    {
        var file = Path.Combine(CasesDirectory, kind + ".yaml");
        var @case = Load(file).Single(c => c.Name == name);
        var ruleKind = (IColumnRuleKind)RuleKinds.Known[kind];
        var reader = new YamlReader(file);
        var parameters = RuleKinds.Known[kind].ReadParameters(new ParameterReader(@case.Parameters is null ? null : reader.Section(@case.Parameters, "params"), name));
        Assert.Empty(reader.Errors);
        var definition = RuleDefinition.Of(RuleKinds.Known[kind]) with { Parameters = parameters };
        var state = new ColumnProfileState(@case.Column);
        foreach (var v in @case.Values) if (v is null) state.AddNull(); else state.Add(Encoding.UTF8.GetBytes(v));
        var context = new ColumnContext
        {
            Side = "live",
            Column = @case.Column,
            Role = @case.Role,
            Spec = @case.Spec,
            Values = @case.Values,
            Reference = @case.Reference,
            OtherColumn = n => @case.Others.GetValueOrDefault(n),
            ReferenceColumn = n => @case.ReferenceOthers.GetValueOrDefault(n),
            ColumnNames = [@case.Column, .. @case.Others.Keys],
            Profile = ColumnProfileBuilder.Build(state),
            Dictionaries = DefaultCatalogLoaded.Value.Dictionaries,
        };
        var outcome = ruleKind.Evaluate(context, definition);
        var actual = outcome.Hits.Select(h => $"{h.Value} => {h.Suggestion ?? "(none)"}").ToList();
        var expected = @case.Hits.Select(h => $"{h.Key} => {h.Value ?? "(none)"}").ToList();
        Assert.Equal(expected, actual);
        if (@case.RowsChecked is { } rowsChecked) Assert.Equal(rowsChecked, outcome.RowsChecked);
    }

    [Fact]
    public void Every_column_rule_kind_has_a_case_file()
    {
        var files = Directory.GetFiles(CasesDirectory, "*.yaml").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.All(RuleKinds.All.OfType<IColumnRuleKind>().Cast<RuleKind>(), k => Assert.Contains(k.Name, files));
    }

    private sealed record Case(string Name, string Column, ColumnRole Role, ColumnSpec? Spec, string?[] Values, string?[]? Reference,
        Dictionary<string, IReadOnlyList<string?>> Others, Dictionary<string, IReadOnlyList<string?>> ReferenceOthers, List<KeyValuePair<string, string?>> Hits,
        YamlMappingNode? Parameters, long? RowsChecked);

    private static List<Case> Load(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(file)));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var cases = new List<Case>();
        foreach (YamlMappingNode c in (YamlSequenceNode)root["cases"])
        {
            string? Scalar(YamlMappingNode m, string key) => m.Children.TryGetValue(key, out var n) ? ((YamlScalarNode)n).Value : null;
            string?[] List(YamlNode node) => ((YamlSequenceNode)node).Select(v => v is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "~" or "null" } ? null : ((YamlScalarNode)v).Value).ToArray();
            ColumnSpec? spec = null;
            if (c.Children.TryGetValue("spec", out var specNode))
            {
                var m = (YamlMappingNode)specNode;
                spec = new ColumnSpec(Scalar(m, "role") is { } specRole ? Role(specRole) : null, Scalar(m, "unit"), Scalar(m, "per"), Scalar(m, "group_by"));
            }
            var others = new Dictionary<string, IReadOnlyList<string?>>();
            if (c.Children.TryGetValue("other", out var otherNode))
                foreach (var (k, v) in (YamlMappingNode)otherNode) others[((YamlScalarNode)k).Value!] = List(v);
            var referenceOthers = new Dictionary<string, IReadOnlyList<string?>>();
            if (c.Children.TryGetValue("reference_other", out var referenceOtherNode))
                foreach (var (k, v) in (YamlMappingNode)referenceOtherNode) referenceOthers[((YamlScalarNode)k).Value!] = List(v);
            var hits = new List<KeyValuePair<string, string?>>();
            foreach (YamlMappingNode hit in (YamlSequenceNode)c["hits"])
                hits.Add(new(Scalar(hit, "value")!, Scalar(hit, "suggestion") is "~" or null ? null : Scalar(hit, "suggestion")));
            var parameters = c.Children.TryGetValue("params", out var p) ? (YamlMappingNode)p : null;
            cases.Add(new Case(Scalar(c, "name")!, Scalar(c, "column") ?? "value", Role(Scalar(c, "role") ?? "text"), spec,
                List(c["values"]), c.Children.TryGetValue("reference", out var r) ? List(r) : null, others, referenceOthers, hits, parameters,
                Scalar(c, "rows_checked") is { } rc ? long.Parse(rc) : null));
        }
        return cases;
    }

    private static ColumnRole Role(string name) =>
        ContractNames.TryParse<ColumnRole>(name, out var role) ? role : throw new InvalidDataException($"'{name}' is not a role");
}
