using DataReadiness.Comparison;
using DataReadiness.Demo;
using DataReadiness.Jobs;
using DataReadiness.Rules.Catalog;
using DataReadiness.Runs;
using DataReadiness.Tests.Support;

namespace DataReadiness.Tests.Comparison;

public class ComparisonTests
{
    private static RunResult RunWorld(TempDirectory dir, DefectRates live, int seed = 5)
    {
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 12_000, Seed = seed, Live = live }, Path.Combine(dir.Path, "demo"));
        return JobRunner.Run(JobFileParser.Load(demo.JobPath),
            new RunContext(new FixedClock(DateTimeOffset.UnixEpoch), new SilentLog(), Path.Combine(dir.Path, "reports"), []));
    }

    [Fact]
    public void The_renamed_column_is_matched_the_added_one_is_new_and_the_outcome_is_not_missing()
    {
        using var dir = new TempDirectory();
        var findings = RunWorld(dir, DefectRates.LiveDefault).Findings;
        var renamed = Assert.Single(findings.Schema!.Renamed);
        Assert.Equal(("requested_delivery_date", "req_delivery_date"), (renamed.Poc, renamed.Live));
        Assert.True(renamed.Confidence > 0.8);
        Assert.Equal(["buyer_id"], findings.Schema.NewInLive);
        Assert.Empty(findings.Schema.MissingInLive);
        // The rename lets the rules compare the date column with its POC counterpart.
        Assert.Contains(findings.Findings, f => f.Column == "req_delivery_date" && f.PocRate is not null);
    }

    [Fact]
    public void Drift_is_found_where_the_generator_changed_the_data_and_not_where_it_did_not()
    {
        using var dir = new TempDirectory();
        var drift = RunWorld(dir, DefectRates.LiveDefault).Findings.Drift.ToDictionary(d => d.Column);
        // Live orders favour fewer vendors, and carry UoM synonyms: both mixes changed.
        Assert.True(drift["vendor_name"].Drifted);
        Assert.True(drift["uom"].Drifted);
        Assert.True(drift["vendor_name"].UnseenShare > 0.05);
        // Items, quantities, currencies and line numbers come from the same distributions on both sides.
        foreach (var same in new[] { "item_desc", "qty", "currency", "line_no" })
            Assert.False(drift[same].Drifted, $"{same}: {drift[same].Test} {drift[same].Statistic} (threshold {drift[same].Threshold})");
        Assert.Equal("none", drift["notes"].Test);
        Assert.Equal("key", drift["po_number"].Type);
    }

    [Fact]
    public void A_live_extract_as_clean_as_the_poc_drifts_little()
    {
        using var dir = new TempDirectory();
        var run = RunWorld(dir, DefectRates.PocDefault with { UnseenVendor = 0 });
        var overall = run.Findings.Comparison!.Overall;
        var cleanDrift = run.Findings.Drift.Where(d => d.Column != "vendor_name" && d.Drifted).Select(d => d.Column).ToList();
        // The vendor mix differs by design (live favours fewer vendors); nothing else should.
        Assert.True(cleanDrift.Count <= 1, string.Join(", ", cleanDrift));
        Assert.True(overall.Score < 0.15, overall.Summary);
    }

    [Fact]
    public void Column_names_match_with_abbreviations_expanded()
    {
        var dictionaries = CatalogLoader.Load([DefaultCatalog.Directory]).Dictionaries;
        Assert.True(Comparer.NameSimilarity("requested_delivery_date", "req_delivery_date", dictionaries) > 0.85);
        Assert.True(Comparer.NameSimilarity("vendor_name", "plant", dictionaries) < 0.5);
    }
}
