using DataReadiness.Cli;
using DataReadiness.Estimation;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Rules;
using DataReadiness.Rules.Catalog;
using DataReadiness.Rules.Kinds;
using DataReadiness.Sampling;
using DataReadiness.Sources;
using DataReadiness.Tests.Support;

namespace DataReadiness.Tests.Rules;

/// <summary>A rule kind is one self-contained unit: typed parameters, its family and signature effect, its evaluation.</summary>
public class RuleKindTests
{
    /// <summary>
    /// A kind the engine has never seen, written as a user of the engine would: one class (here nested in the test)
    /// and one registry entry. It flags values longer than its <c>max_length</c> parameter.
    /// </summary>
    private sealed class TooLongKind : RowRuleKind<TooLongKind.Parameters>
    {
        public sealed record Parameters(int MaxLength);

        public override string Name => "too_long";
        public override string Family => RuleFamilies.Hygiene;
        public override string Description => "values longer than max_length characters";

        protected override Parameters Read(ParameterReader reader) => new(reader.Integer("max_length", 10, 1, 1000));

        protected override CellTest Prepare(ColumnContext column, Parameters parameters) => (string value, out string? suggestion) =>
        {
            suggestion = value[..Math.Min(value.Length, parameters.MaxLength)];
            return value.Length > parameters.MaxLength;
        };
    }

    private static Dictionary<string, RuleKind> WithTooLong() =>
        RuleKinds.All.Append(new TooLongKind()).ToDictionary(k => k.Name, StringComparer.Ordinal);

    private static RuleSide Side(string name, string column, params string?[] values)
    {
        var state = new ColumnProfileState(column);
        foreach (var v in values) if (v is null) state.AddNull(); else state.Add(System.Text.Encoding.UTF8.GetBytes(v));
        var sample = SampleFrame.FromRows([column], values.Select((v, i) => new SampledRow(name + ".csv", i + 1, (ulong)i, [v])).ToList());
        return new RuleSide(name, sample, [ColumnProfileBuilder.Build(state)], new DuplicateRowSketch(10));
    }

    [Fact]
    public void A_kind_the_engine_has_never_seen_is_one_class_and_one_registry_line()
    {
        using var dir = new TempDirectory();
        var catalog = dir.File("site/catalog.yaml", """
            rules:
              - id: site.too_long
                kind: too_long
                columns: any
                severity: warn
                impact: 0.9
                params: { max_length: 5 }
            """);
        var rules = CatalogLoader.Load([catalog], WithTooLong());
        var results = RuleEngine.Run(rules, new Dictionary<string, ColumnSpec>(), Side("live", "code", "ab", "abcdefgh", "abcdef", null),
            Side("poc", "code", "abc", "abcdefghij"));

        var finding = Assert.Single(results.Findings);
        Assert.Equal(("site.too_long", "too_long", "hygiene", 2L, 3L), (finding.Rule, finding.Kind, finding.Family, finding.RowsAffected, finding.RowsChecked));
        Assert.Equal(0.5, finding.PocRate);
        Assert.Equal(["live.csv,2,abcdefgh,abcde", "live.csv,3,abcdef,abcde", "poc.csv,2,abcdefghij,abcde"],
            results.Exceptions.Select(e => $"{e.Source},{e.Row},{e.Value},{e.Suggestion}"));
        // The estimate takes the new kind's family and impact from the rule, by asking nothing but the catalog.
        var input = SignatureBuilder.Build(rules, results, Side("live", "code", "ab", "abcdefgh", "abcdef", null).Sample,
            Side("poc", "code", "abc", "abcdefghij").Sample, null, 0.9, 42);
        Assert.Equal(("hygiene", 0.9), (input.Families["too_long"], input.Impacts["too_long"]));
        Assert.Equal(2, input.LiveSignatures.Count(s => s.Contains("too_long")));
    }

    [Fact]
    public void A_finding_shows_its_most_frequent_hit_values_first_ties_in_ordinal_order_five_at_most()
    {
        using var dir = new TempDirectory();
        var catalog = CatalogLoader.Load([dir.File("c/catalog.yaml", "rules:\n  - { id: n, kind: null_like, columns: any }\n")]);
        string?[] values = [.. Enumerable.Repeat("", 2), .. Enumerable.Repeat(" ", 5), .. Enumerable.Repeat("  ", 3), .. Enumerable.Repeat("\t", 3),
            "   ", "    ", "x"];
        var finding = Assert.Single(RuleEngine.Run(catalog, new Dictionary<string, ColumnSpec>(), Side("live", "c", values), null).Findings);
        Assert.Equal(15, finding.RowsAffected);
        Assert.Equal([(" ", 5L), ("\t", 3L), ("  ", 3L), ("", 2L), ("   ", 1L)], finding.Examples.Select(e => (e.Value, e.Count)));
    }

    [Fact]
    public void Rules_validate_rejects_a_wrong_type_an_out_of_range_value_and_an_unknown_parameter_with_their_place()
    {
        using var dir = new TempDirectory();
        var file = dir.File("bad/catalog.yaml", """
            rules:
              - id: v
                kind: vendor_variant
                params: { threshold: eighty-eight }
              - id: m
                kind: unit_magnitude
                params: { tolerance: 2, min_group: 5.5, window: 3 }
              - id: p
                kind: placeholder
                params: [3]
            """);
        var (code, _, err) = TestCli.Run("rules", "validate", Path.Combine(dir.Path, "bad"));
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Contains($"{file}(4,26): rule 'v': params.threshold: expected a whole number, not 'eighty-eight'", err);
        Assert.Contains($"{file}(7,26): rule 'm': params.tolerance: 2 is out of range [0.001, 0.5]", err);
        Assert.Contains($"{file}(7,40): rule 'm': params.min_group: expected a whole number, not '5.5'", err);
        Assert.Contains($"{file}(7,45): rule 'm': kind 'unit_magnitude' has no parameter 'window' (known: tolerance, min_group)", err);
        Assert.Contains($"{file}(10,13): rule 'p': params must be a mapping", err);
    }

    [Fact]
    public void Each_kinds_defaults_live_in_the_kind_and_the_default_catalog_agrees_with_them()
    {
        // One home for a default: where the shipped catalog gives a parameter, it gives the kind's default.
        var catalog = CatalogLoader.Load([DefaultCatalog.Directory]);
        Assert.All(catalog.Rules, r => Assert.Equal(r.Kind.DefaultParameters, r.Parameters));
        Assert.Equal(new VendorParameters(88), RuleKinds.Known["vendor_variant"].DefaultParameters);
        Assert.Equal(new UnitMagnitudeParameters(0.01, 5), RuleKinds.Known["unit_magnitude"].DefaultParameters);
        Assert.Equal(new PlaceholderParameters(3), RuleKinds.Known["placeholder"].DefaultParameters);
        Assert.Equal(new PatternDriftParameters(0.01), RuleKinds.Known["pattern_drift"].DefaultParameters);
    }

    [Fact]
    public void Only_hits_that_restate_another_kinds_hit_are_secondary_and_only_duplicates_stay_out_of_signatures()
    {
        var restating = RuleKinds.All.Where(k => k.Signature == SignatureEffect.RestatesAnother).Select(k => k.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["encoding_damage", "pattern_drift", "type_conformance"], restating);
        Assert.Equal(["duplicate_row"], RuleKinds.All.Where(k => k.Signature == SignatureEffect.None).Select(k => k.Name));
    }

    [Fact]
    public void A_second_rule_of_the_same_kind_keeps_its_own_impact_in_the_estimate()
    {
        using var dir = new TempDirectory();
        var catalog = dir.File("two/catalog.yaml", """
            rules:
              - id: nulls.codes
                kind: null_like
                columns: { names: [code] }
                impact: 0.9
              - id: nulls.weights
                kind: null_like
                columns: { names: [weight] }
                impact: 0.4
            """);
        var rules = CatalogLoader.Load([catalog]);
        var live = SampleFrame.FromRows(["code", "weight"], [
            new SampledRow("live.csv", 1, 0, ["A", "1.5"]), new SampledRow("live.csv", 2, 1, [" ", "2.5"]),
            new SampledRow("live.csv", 3, 2, ["B", ""]), new SampledRow("live.csv", 4, 3, ["C", "3.5"])]);
        ColumnProfile Profile(string column) => ColumnProfileBuilder.Build(new ColumnProfileState(column));
        var results = RuleEngine.Run(rules, new Dictionary<string, ColumnSpec>(), new RuleSide("live", live, [Profile("code"), Profile("weight")], new DuplicateRowSketch(4)), null);
        var input = SignatureBuilder.Build(rules, results, live, null, null, 0.9, 42);
        Assert.Equal(0.9, input.Impacts["nulls.codes"]);
        Assert.Equal(0.4, input.Impacts["nulls.weights"]);
        Assert.Equal([[], ["nulls.codes"], ["nulls.weights"], []], input.LiveSignatures.Select(s => s.ToArray()));
    }
}
