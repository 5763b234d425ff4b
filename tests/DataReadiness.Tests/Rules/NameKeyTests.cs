using System.Diagnostics;
using System.Text.Json.Nodes;
using DataReadiness.Rules.Catalog;
using DataReadiness.Tests.Support;
using DataReadiness.Text;

namespace DataReadiness.Tests.Rules;

public class NameKeyTests
{
    private static readonly RuleDictionaries Dictionaries = CatalogLoader.Load([DefaultCatalog.Directory]).Dictionaries;

    private static string Key(string name) => NameKey.CompanyKey(name, Dictionaries.LegalForms, Dictionaries.NameAbbreviations);

    [Theory]
    [InlineData("Müller Hydraulik GmbH", "Mueller Hydraulik G.m.b.H.")]
    [InlineData("Müller Hydraulik GmbH", "MULLER HYDRAULIK")]
    [InlineData("Müller Hydraulik GmbH", "MÃ¼ller Hydraulik Gmbh")]
    [InlineData("Böhm Präzisionsteile AG", "Boehm Praezisionsteile Aktiengesellschaft")]
    [InlineData("Rhein Pneumatik GmbH & Co. KG", "Rhein Pneumatik GmbH u. Co. KG")]
    [InlineData("Tri-State Hydraulics International Inc.", "Tri State Hydraulics Intl")]
    [InlineData("Ørsted Industrimontage A/S", "Orsted Industrimontage AS")]
    public void Spellings_of_one_company_share_a_key(string a, string b) => Assert.Equal(Key(a), Key(b));

    [Theory]
    [InlineData("Acme Steel Inc.", "Acme Industrial Supply Inc.")]
    [InlineData("Nordic Bearings AB", "Nordic Seals AB")]
    public void Different_companies_keep_different_keys(string a, string b) => Assert.NotEqual(Key(a), Key(b));

    [Fact]
    public void Accents_fold_from_a_fixed_table()
    {
        Assert.Equal("Muller Societe Orsted Strojirny Lodz ss", Accents.Fold("Müller Société Ørsted Strojírny Łódź ß"));
    }

    // Regression: with .NET's globalization-invariant mode, string.Normalize left "ü" alone, so the command line (which
    // had that mode on) split "Müller" and "Mueller" into two vendors while the tests (with ICU) merged them.
    [Fact]
    public async Task Vendor_clusters_do_not_depend_on_the_machines_globalization_mode()
    {
        using var dir = new TempDirectory();
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "DataReadiness.Cli.dll"), "demo", "--rows", "3000", "--out", dir.Path])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        info.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        Assert.True(process.ExitCode == 0, await stderr);
        var findings = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "demo", "latest", "findings.json")))!;
        var unseen = findings["vendor_clusters"]!.AsArray().Where(c => !(bool)c!["in_poc"]!).Select(c => (string)c!["canonical"]!).ToList();
        Assert.DoesNotContain(unseen, v => v.Contains("Mueller") || v.Contains("Boehm") || v.Contains("Schaefer"));
    }
}
