using DataReadiness.Configuration;
using DataReadiness.Rules.Catalog;
using DataReadiness.Tests.Support;

namespace DataReadiness.Tests.Rules;

/// <summary>`rules candidates`: a run's unknown shorthand as a glossary stub that loads as written and as filled in.</summary>
public class GlossaryCandidatesTests
{
    [Fact]
    public void The_unknown_tokens_of_a_run_become_a_stub_that_loads_empty_and_fills_in_line_by_line()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "live.csv"), "id,notes\n" + string.Concat(Enumerable.Range(0, 60).Select(i =>
            $"{i},{(i % 3 == 0 ? "xfr grs to mnt shop" : i % 3 == 1 ? "chk brg temp hi" : "pls rvw the qty")}\n")));
        var job = dir.File("notes.yaml", "name: notes\nlive: { path: live.csv }\n");
        var reports = Path.Combine(dir.Path, "reports");
        TestCli.Run("run", job, "--out", reports);
        var stubDir = Directory.CreateDirectory(Path.Combine(dir.Path, "site-rules")).FullName;
        var stub = Path.Combine(stubDir, "glossary.yaml");

        var (code, output, err) = TestCli.Run("rules", "candidates", Path.Combine(reports, "notes", "latest"), "--output", stub);
        Assert.True(code == 0, err);
        Assert.Contains("candidates", output);
        var lines = File.ReadAllLines(stub);
        // Unknown tokens only, most rows first; glossary tokens (chk, brg) are not candidates.
        var candidates = lines.Where(l => l.StartsWith("  # ", StringComparison.Ordinal)).ToList();
        Assert.Contains(candidates, l => l.StartsWith("  # xfr:", StringComparison.Ordinal) && l.Contains("20 rows in notes"));
        Assert.DoesNotContain(candidates, l => l.StartsWith("  # chk:", StringComparison.Ordinal));

        // As written it is a valid, empty glossary; a line filled in is an entry; one left without an expansion is an error.
        Assert.DoesNotContain("xfr", CatalogLoader.Load([DefaultCatalog.Directory, stubDir]).Dictionaries.Shorthand.Keys);
        File.WriteAllLines(stub, lines.Select(l => l.StartsWith("  # xfr:", StringComparison.Ordinal) ? "  xfr: transfer" : l));
        Assert.Equal("transfer", CatalogLoader.Load([DefaultCatalog.Directory, stubDir]).Dictionaries.Shorthand["xfr"]);
        File.WriteAllLines(stub, lines.Select(l => l.StartsWith("  # xfr:", StringComparison.Ordinal) ? "  xfr:" : l));
        Assert.Throws<ConfigException>(() => CatalogLoader.Load([DefaultCatalog.Directory, stubDir]));
        // Never over an existing file.
        Assert.Equal(3, TestCli.Run("rules", "candidates", Path.Combine(reports, "notes", "latest"), "--output", stub).Code);
    }
}
