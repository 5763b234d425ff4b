using System.Globalization;
using DataReadiness.Comparison;
using DataReadiness.Demo;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Rules.Catalog;
using DataReadiness.Runs;
using DataReadiness.Sampling;
using DataReadiness.Schema;
using DataReadiness.Sources;
using DataReadiness.Statistics;
using DataReadiness.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DataReadiness.Tests.Comparison;

public class ComparisonTests
{
    private static RunResult RunWorld(TempDirectory dir, DefectRates live, int seed = 5)
    {
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 12_000, Seed = seed, Live = live }, Path.Combine(dir.Path, "demo"));
        return JobRunner.Run(JobFileParser.Load(demo.JobPath),
            new RunContext(new FakeTimeProvider(DateTimeOffset.UnixEpoch), new SilentLog(), Path.Combine(dir.Path, "reports"), []));
    }

    private static ColumnProfile Category(string name, int rows) =>
        new(name, ColumnType.Text, rows, 0, 0, rows, 1, new Dictionary<string, long> { ["text"] = rows }, rows, 0, 1,
            new DistinctCount(22, true, 0), [], true, null, null, new LengthSummary(1, 3, 1), 0, 0);

    [Fact]
    public void Categories_too_rare_for_the_chi_square_share_one_bucket_and_the_counts_line_up_by_category()
    {
        // Small samples take the chi-square: B and A in either order, plus rare values: twenty seen once in live,
        // ten of them twice in the POC. Apart they would be 20 cells of expected counts near 1; together, one.
        string[] live = [.. Enumerable.Repeat("B", 480), .. Enumerable.Repeat("A", 500), .. Enumerable.Range(0, 20).Select(i => $"rare {i}")];
        string[] poc = [.. Enumerable.Repeat("A", 500), .. Enumerable.Repeat("B", 500), .. Enumerable.Range(0, 20).Select(i => $"rare {i % 10}")];
        SampleFrame Of(string[] values) => SampleFrame.FromRows(["category"], values.Select((v, i) => new SampledRow("f", i + 1, (ulong)i, [v])).ToList());
        var report = Comparer.Compare([Category("category", live.Length)], [Category("category", poc.Length)], Of(live), Of(poc),
            new Dictionary<string, ColumnRole> { ["category"] = ColumnRole.Category }, new SchemaDiff([], [], []), []);
        var drift = Assert.Single(report.Drift);
        Assert.Equal("chi_square", drift.Test);
        var (expected, degrees, p) = DriftStatistics.ChiSquare([500, 480, 20], [500, 500, 20]);
        Assert.Equal(2, degrees);
        Assert.Equal(expected, drift.Statistic, 9);
        Assert.Equal(p, drift.PValue!.Value, 9);
    }

    private static ColumnProfile Number(string name, int rows) =>
        new(name, ColumnType.Decimal, rows, 0, 0, rows, 1, new Dictionary<string, long> { ["decimal"] = rows }, rows, 0, 1,
            new DistinctCount(rows, false, 0.01), [], false, new NumericSummary(rows, 0, 1, 0, 1), null, new LengthSummary(1, 8, 6), 0, 0);

    private static ColumnDrift DriftOf(double[] live, double[] poc)
    {
        SampleFrame Of(double[] values) => SampleFrame.FromRows(["x"],
            values.Select((v, i) => new SampledRow("f", i + 1, (ulong)i, [v.ToString("R", CultureInfo.InvariantCulture)])).ToList(), "x");
        return Assert.Single(Comparer.Compare([Number("x", live.Length)], [Number("x", poc.Length)], Of(live), Of(poc),
            new Dictionary<string, ColumnRole> { ["x"] = ColumnRole.Number }, new SchemaDiff([], [], []), []).Drift);
    }

    /// <summary>
    /// Evenly spread values in [0, 1) moved by <paramref name="shift"/> standard deviations, in a seeded random order:
    /// one distribution, with no sampling noise between the sides beyond the order.
    /// </summary>
    private static double[] Spread(int n, double shift, int seed)
    {
        var random = new Random(seed);
        double sd = Math.Sqrt(1.0 / 12);
        return Enumerable.Range(0, n).Select(i => (i + 0.5) / n + shift * sd).OrderBy(_ => random.Next()).ToArray();
    }

    [Fact]
    public void A_steady_poc_makes_a_small_shift_count_as_drift_below_the_fixed_threshold()
    {
        // 20,000 POC values whose chunks agree closely: the calibrated threshold (twice the chunk-to-chunk distance) is
        // far below the fixed 0.1, so a live shift of 0.05 standard deviations is drift; the fixed threshold alone misses it.
        var drift = DriftOf(Spread(20_000, 0.05, 1), Spread(20_000, 0, 2));
        Assert.Equal("wasserstein_normalised", drift.Test);
        Assert.Equal("poc chunk-to-chunk variation", drift.ThresholdFrom);
        Assert.InRange(drift.Statistic, 0.045, 0.055);
        Assert.True(drift.Threshold < 0.045, $"threshold {drift.Threshold}");
        Assert.True(drift.Drifted);
        // The same live data against a POC that is itself unsteady (sorted: its chunks differ wholly) keeps the fixed one.
        var unsteady = DriftOf(Spread(20_000, 0.05, 1), Spread(20_000, 0, 2).Order().ToArray());
        Assert.Equal(("fixed", Comparer.WassersteinThreshold), (unsteady.ThresholdFrom, unsteady.Threshold));
        Assert.False(unsteady.Drifted);
    }

    [Fact]
    public void A_p_value_test_also_needs_its_effect_above_the_pocs_own_chunk_to_chunk_variation()
    {
        // Small samples take Kolmogorov-Smirnov. A shift of 0.5 standard deviations over 2,000 values has p far below
        // 0.05; against a POC whose rows come in sorted order (chunk to chunk, D is 1) it is not drift, against a
        // shuffled POC it is.
        var live = Spread(2_000, 0.5, 3);
        var shuffled = DriftOf(live, Spread(2_000, 0, 4));
        var sorted = DriftOf(live, Spread(2_000, 0, 4).Order().ToArray());
        Assert.Equal(("kolmogorov_smirnov", "kolmogorov_smirnov"), (shuffled.Test, sorted.Test));
        Assert.True(shuffled.PValue < 1e-6 && sorted.PValue < 1e-6);
        Assert.True(shuffled.Drifted);
        Assert.False(sorted.Drifted);
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
        Assert.True(SchemaMatcher.NameSimilarity("requested_delivery_date", "req_delivery_date", dictionaries.Shorthand) > 0.85);
        Assert.True(SchemaMatcher.NameSimilarity("vendor_name", "plant", dictionaries.Shorthand) < 0.5);
    }
}
