using System.Text.Json.Nodes;
using DataReadiness.Cli;
using DataReadiness.Jobs;
using DataReadiness.Rules;
using DataReadiness.Rules.Catalog;
using DataReadiness.Tests.Support;

namespace DataReadiness.Tests.Rules;

public class CatalogTests
{

    [Fact]
    public void The_default_catalog_is_valid_and_uses_every_registered_kind()
    {
        var catalog = CatalogLoader.Load([DefaultCatalog.Directory]);
        Assert.Equal(RuleKinds.Known.Keys.Order(StringComparer.Ordinal), catalog.Rules.Select(r => r.Kind.Name).Distinct().Order(StringComparer.Ordinal));
        int words = catalog.Dictionaries.Shorthand.Count + catalog.Dictionaries.ShorthandByDomain.Sum(d => d.Glossary.Count);
        Assert.True(words >= 300, $"{words} shorthand entries");
        Assert.Equal(["maintenance", "procurement", "logistics"], catalog.Dictionaries.ShorthandByDomain.Select(d => d.Domain));
        // Every kind is evaluated one way or the other, and names its family among the estimate's causes.
        Assert.All(RuleKinds.All, k => Assert.True(k is IColumnRuleKind ^ k is ITableRuleKind, k.Name));
        Assert.All(RuleKinds.All, k => Assert.Contains(k.Family, new[] { RuleFamilies.Nulls, RuleFamilies.Units, RuleFamilies.Vendors, RuleFamilies.Shorthand, RuleFamilies.Hygiene }));
    }

    [Fact]
    public void Rules_validate_prints_every_error_with_file_line_and_column_and_exits_3()
    {
        using var dir = new TempDirectory();
        var file = dir.File("bad/catalog.yaml", """
            rules:
              - id: a
                kind: nul_like
              - id: b
                kind: null_like
                severity: fatal
                params: { foo: 1 }
            units:
              stone: { dimension: mass, to_base: -1 }
            colour: red
            """);
        var (code, _, err) = TestCli.Run("rules", "validate", Path.Combine(dir.Path, "bad"));
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Contains($"{file}(3,11): rule 'a': unknown kind 'nul_like'", err);
        Assert.Contains($"{file}(6,15): rule 'b': severity 'fatal' is not info, warn or fail", err);
        Assert.Contains($"{file}(7,15): rule 'b': kind 'null_like' has no parameter 'foo'", err);
        Assert.Contains($"{file}(9,38): units.stone: to_base must be a positive number", err);
        Assert.Contains($"{file}(10,1): unknown key 'colour'", err);
    }

    [Fact]
    public void The_estimates_priors_come_from_the_catalog_and_a_later_catalog_replaces_them()
    {
        Assert.Equal(EstimatePriors.Default, CatalogLoader.Load([DefaultCatalog.Directory]).Dictionaries.Priors);
        using var dir = new TempDirectory();
        dir.File("mine/priors.yaml", "priors: { unsupported_impact: 0.5, unsupported_concentration: 40 }\n");
        var priors = CatalogLoader.Load([DefaultCatalog.Directory, Path.Combine(dir.Path, "mine")]).Dictionaries.Priors;
        Assert.Equal(new EstimatePriors(25, 0.5, 40), priors);

        var file = dir.File("bad/priors.yaml", "priors: { unsupported_impact: 1.5, impact_concentration: 0, spread: 2 }\n");
        var (code, _, err) = TestCli.Run("rules", "validate", Path.Combine(dir.Path, "bad"));
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Contains("priors: unsupported_impact is the share of accuracy kept, a number in [0, 1], not '1.5'", err);
        Assert.Contains("priors: impact_concentration is a Beta concentration, a number above 0", err);
        Assert.Contains("priors: unknown key 'spread'", err);
        Assert.Contains(file, err);
    }

    [Fact]
    public void Rules_validate_on_the_default_catalog_exits_0_with_a_summary()
    {
        var (code, output, _) = TestCli.Run("rules", "validate");
        Assert.Equal(ExitCodes.Ready, code);
        Assert.Contains("valid. 17 rules", output);
    }

    [Fact]
    public void A_token_a_unit_and_an_abbreviation_added_in_yaml_change_the_result_without_a_rebuild()
    {
        using var dir = new TempDirectory();
        dir.File("extract.csv", "weight_kg,status,notes\n1.5,ok,check pump\n2 st,kaputt,xfrd to stores\n3.5,ok,check valve\n");
        var plain = dir.File("plain.yaml", "name: plain\nlive: { path: extract.csv }\ncolumns: { status: { role: category }, notes: { role: free_text } }\n");
        dir.File("site-rules/site.yaml", """
            null_tokens: [kaputt]
            units:
              stone: { dimension: mass, to_base: 6.35029318, spellings: [st] }
            shorthand:
              xfrd: transferred
            rules:
              - id: nulls.null_like
                kind: null_like
                columns: { roles: [category, measure] }
                severity: fail
                impact: 0.7
              - id: hygiene.case_variant
                enabled: false
            """);
        var custom = dir.File("custom.yaml", "name: custom\nlive: { path: extract.csv }\ncolumns: { status: { role: category }, notes: { role: free_text } }\nrules: [default, site-rules/]\n");
        var reports = Path.Combine(dir.Path, "reports");
        // Both runs complete; their verdicts differ (the site's rules find more), so the exit codes may too.
        Assert.InRange(TestCli.Run("run", plain, "--out", reports).Code, ExitCodes.Ready, ExitCodes.NotReady);
        Assert.Equal(ExitCodes.Conditional, TestCli.Run("run", custom, "--out", reports).Code);
        string Exceptions(string job) => File.ReadAllText(Path.Combine(reports, job, "latest", "exceptions.csv"));
        var before = Exceptions("plain");
        var after = Exceptions("custom");
        Assert.DoesNotContain("kaputt", before);
        Assert.Contains("extract.csv,2,status,nulls.null_like,null_like,kaputt,", after);
        Assert.DoesNotContain("unit_in_value,2 st", before);
        Assert.Contains("extract.csv,2,weight_kg,units.in_value,unit_in_value,2 st,12.700586", after);
        Assert.Contains("xfrd to stores,transferred to stores", after);
        var findings = JsonNode.Parse(File.ReadAllText(Path.Combine(reports, "custom", "latest", "findings.json")))!;
        Assert.DoesNotContain(findings["findings"]!.AsArray(), f => (string)f!["rule"]! == "hygiene.case_variant");
        Assert.Contains(findings["findings"]!.AsArray(), f => (string)f!["rule"]! == "nulls.null_like" && (string)f["severity"]! == "fail");
    }

    [Fact]
    public void A_job_naming_a_missing_catalog_exits_3_before_reading_data()
    {
        using var dir = new TempDirectory();
        var job = dir.File("job.yaml", "name: po\nlive: { path: does-not-matter.csv }\nrules: [no-such-rules/]\n");
        var (code, _, err) = TestCli.Run("run", job, "--out", Path.Combine(dir.Path, "reports"));
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Contains("no such rule catalog", err);
    }
}
