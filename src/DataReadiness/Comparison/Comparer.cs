using System.Globalization;
using System.Runtime.InteropServices;
using DataReadiness.Findings;
using DataReadiness.Rules.Catalog;
using DataReadiness.Sampling;
using DataReadiness.Statistics;
using DataReadiness.Text;
using DataReadiness.Values;
using FuzzySharp;
using FuzzySharp.PreProcess;

namespace DataReadiness.Comparison;

/// <summary>The comparison section of findings.json.</summary>
public sealed record ComparisonReport(SchemaDiff Schema, IReadOnlyList<ColumnDrift> Drift, IReadOnlyList<RateDelta> RuleRateDeltas, OverallDifference Overall);

/// <summary>
/// Compares the live and POC profiles and samples: schema (with renames matched by name and content), per-column
/// drift with the test chosen by type and size, thresholds calibrated against the POC's own half-to-half variation
/// where that is stricter than the fixed one, unseen values, null-rate and rule-rate deltas. Pure.
/// </summary>
public static class Comparer
{
    /// <summary>Below this many values on the smaller side, tests with p-values; above, effect sizes.</summary>
    public const int SmallSample = 5000;
    public const double Alpha = 0.05;
    public const double WassersteinThreshold = 0.1;
    public const double JensenShannonThreshold = 0.1;

    public static ComparisonReport Compare(IReadOnlyList<ColumnProfile> live, IReadOnlyList<ColumnProfile> poc, SampleFrame liveSample, SampleFrame pocSample,
        IReadOnlyDictionary<string, ColumnRole> roles, SchemaDiff schema, IReadOnlyList<Finding> findings)
    {
        var pocByName = poc.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var pairs = live.Select(l => (Live: l, PocName: schema.Renamed.FirstOrDefault(r => r.Live == l.Name)?.Poc ?? l.Name))
            .Where(pair => pocByName.ContainsKey(pair.PocName)).ToList();
        // Columns are compared independently, on all cores; the list keeps the live column order.
        var drift = new ColumnDrift[pairs.Count];
        AllCores.For(pairs.Count, i =>
        {
            var (l, pocName) = pairs[i];
            drift[i] = DriftSeverity.Judge(Drift(l, pocByName[pocName], liveSample, pocSample, roles.GetValueOrDefault(l.Name, ColumnRole.Text)));
        });
        var deltas = findings.Where(f => f.PocRate is not null && f.RowsChecked > 0)
            .Select(f => new RateDelta(f.Rule, f.Column, f.Rate, f.PocRate!.Value, f.Rate - f.PocRate.Value))
            .Where(d => Math.Abs(d.Delta) > 0).OrderByDescending(d => Math.Abs(d.Delta)).ToList();
        var tested = drift.Where(d => d.Test != "none").ToList();
        int drifted = tested.Count(d => d.Drifted);
        double meanPsi = tested.Where(d => d.Psi is not null).Select(d => d.Psi!.Value).DefaultIfEmpty(0).Average();
        double meanUnseen = drift.Select(d => d.UnseenShare).DefaultIfEmpty(0).Average();
        int schemaChanges = schema.MissingInLive.Count + schema.NewInLive.Count + schema.Renamed.Count;
        int columns = Math.Max(1, live.Count);
        // One figure in [0, 1]: the mean of the share of drifted columns, the share of schema changes and the mean unseen share.
        double score = ((double)drifted / Math.Max(1, tested.Count) + Math.Min(1, (double)schemaChanges / columns) + meanUnseen) / 3;
        var summary = $"{drifted} of {tested.Count} compared columns drifted; {schemaChanges} schema change(s); " +
                      $"on average {meanUnseen:P1} of live values are unseen in the POC";
        return new ComparisonReport(schema, drift, deltas, new OverallDifference(tested.Count, drifted,
            tested.Count == 0 ? 0 : (double)drifted / tested.Count, meanPsi, meanUnseen, score, summary));
    }

    // JSON has no NaN or infinity; a PSI that is neither is not reported.
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static ColumnDrift Drift(ColumnProfile live, ColumnProfile poc, SampleFrame liveSample, SampleFrame pocSample, ColumnRole role)
    {
        var liveValues = liveSample.Text(live.Name);
        var pocValues = pocSample.Text(poc.Name);
        double nullLive = 1 - live.Completeness, nullPoc = 1 - poc.Completeness;
        bool numeric = live.InferredType.IsNumeric() && poc.InferredType.IsNumeric();
        bool dates = live.InferredType.IsDate() && poc.InferredType.IsDate();
        string type = role is ColumnRole.Key or ColumnRole.Id ? "key" : role is ColumnRole.FreeText ? "free_text" : numeric ? "numeric" : dates ? "date" : "categorical";
        int livePresent = liveValues.Count(v => !string.IsNullOrWhiteSpace(v)), pocPresent = pocValues.Count(v => !string.IsNullOrWhiteSpace(v));
        if (livePresent == 0 || pocPresent == 0)
        {
            // A side with no values has no distribution: the null rates above say what changed.
            return new ColumnDrift(live.Name, poc.Name, type, "none", 0, null, 0, "no values on " + (livePresent == 0 ? "the live side" : "the POC side"),
                false, null, 0, nullLive, nullPoc, nullLive - nullPoc, livePresent, pocPresent);
        }
        if (type is "free_text" or "key")
        {
            // A key or free text has no distribution to compare; only how much of it the POC has never seen.
            double unseenShare = UnseenShare(liveValues, pocValues);
            return new ColumnDrift(live.Name, poc.Name, type, "none", 0, null, 0, "n/a", false, null, unseenShare, nullLive, nullPoc, nullLive - nullPoc,
                liveValues.Count(v => v is not null), pocValues.Count(v => v is not null));
        }
        if (numeric || dates)
        {
            var a = SampleNumbers.Of(liveSample, live.Name, dates);
            var b = SampleNumbers.Of(pocSample, poc.Name, dates);
            double unseen = 0;
            if (a.Length > 0 && b.Length > 0)
            {
                double pocMin = b.Min(), pocMax = b.Max();
                unseen = a.Count(v => v < pocMin || v > pocMax) / (double)a.Length;
            }
            double? psi = Finite(DriftStatistics.PsiNumeric(b, a));
            if (Math.Min(a.Length, b.Length) < SmallSample)
            {
                var (d, p) = DriftStatistics.KolmogorovSmirnov(a, b);
                double chunkD = ChunkVariation(b, (x, y) => DriftStatistics.KolmogorovSmirnov(x, y).D);
                return new ColumnDrift(live.Name, poc.Name, type, "kolmogorov_smirnov", d, p, Alpha, "fixed p-value, and D above the POC's chunk-to-chunk D",
                    p < Alpha && d > chunkD, psi, unseen, nullLive, nullPoc, nullLive - nullPoc, a.Length, b.Length);
            }
            double scale = StandardDeviation(b) is > 0 and var s ? s : 1;
            double w = DriftStatistics.Wasserstein(a, b) / scale;
            var (threshold, from) = Calibrate(b, (x, y) => DriftStatistics.Wasserstein(x, y) / scale, WassersteinThreshold);
            return new ColumnDrift(live.Name, poc.Name, type, "wasserstein_normalised", w, null, threshold, from, w > threshold, psi, unseen,
                nullLive, nullPoc, nullLive - nullPoc, a.Length, b.Length);
        }
        var liveText = liveValues.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToArray();
        var pocText = pocValues.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToArray();
        double unseenCategories = UnseenShare(liveValues, pocValues);
        var (ca, cb) = Counts(liveText, pocText, mergeSmall: true);
        double? catPsi = Finite(DriftStatistics.Psi(cb, ca));
        if (Math.Min(liveText.Length, pocText.Length) < SmallSample)
        {
            var (chi, _, p) = DriftStatistics.ChiSquare(ca, cb);
            double js0 = DriftStatistics.JensenShannon(ca, cb);
            double chunkJs = ChunkVariation(pocText, (x, y) => { var (p1, p2) = Counts(x, y, mergeSmall: false); return DriftStatistics.JensenShannon(p1, p2); });
            return new ColumnDrift(live.Name, poc.Name, type, "chi_square", chi, p, Alpha, "fixed p-value, and Jensen-Shannon above the POC's chunk-to-chunk value",
                p < Alpha && js0 > chunkJs, catPsi, unseenCategories, nullLive, nullPoc, nullLive - nullPoc, liveText.Length, pocText.Length);
        }
        double js = DriftStatistics.JensenShannon(ca, cb);
        var (jsThreshold, jsFrom) = Calibrate(pocText, (x, y) => { var (p1, p2) = Counts(x, y, mergeSmall: false); return DriftStatistics.JensenShannon(p1, p2); },
            JensenShannonThreshold);
        return new ColumnDrift(live.Name, poc.Name, type, "jensen_shannon", js, null, jsThreshold, jsFrom, js > jsThreshold, catPsi, unseenCategories,
            nullLive, nullPoc, nullLive - nullPoc, liveText.Length, pocText.Length);
    }

    /// <summary>
    /// The POC's own variation, chunk to chunk: the POC sample in source order cut into four chunks, the statistic
    /// between neighbouring chunks and between the halves; the largest. Contiguous chunks keep rows that belong
    /// together (lines of one order share a date and a vendor) in one chunk, as they are in the data.
    /// </summary>
    private static double ChunkVariation<T>(T[] poc, Func<T[], T[], double> statistic)
    {
        if (poc.Length < 200) return 0;
        int q = poc.Length / 4;
        var chunks = new[] { poc[..q], poc[q..(2 * q)], poc[(2 * q)..(3 * q)], poc[(3 * q)..] };
        double largest = statistic(poc[..(2 * q)], poc[(2 * q)..]);
        for (int i = 0; i < 3; i++) largest = Math.Max(largest, statistic(chunks[i], chunks[i + 1]));
        return largest;
    }

    /// <summary>
    /// The effect-size threshold: twice the POC's chunk-to-chunk variation where that is stricter than the fixed
    /// threshold (a stable POC makes smaller live changes count), else the fixed one.
    /// </summary>
    private static (double Threshold, string From) Calibrate<T>(T[] poc, Func<T[], T[], double> statistic, double fixedThreshold)
    {
        if (poc.Length < 200) return (fixedThreshold, "fixed");
        double calibrated = Math.Max(2 * ChunkVariation(poc, statistic), 0.01);
        return calibrated < fixedThreshold ? (calibrated, "poc chunk-to-chunk variation") : (fixedThreshold, "fixed");
    }

    private static (double[] Live, double[] Poc) Counts(string[] live, string[] poc, bool mergeSmall)
    {
        var categories = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in live) CollectionsMarshal.GetValueRefOrAddDefault(categories, v, out _)++;
        foreach (var v in poc) CollectionsMarshal.GetValueRefOrAddDefault(categories, v, out _)++;
        // Categories too rare for the chi-square's expected counts go to one "other" bucket.
        var kept = categories.Where(c => !mergeSmall || c.Value >= 10).Select(c => c.Key).ToArray();
        Array.Sort(kept, StringComparer.Ordinal);
        var index = new Dictionary<string, int>(kept.Length, StringComparer.Ordinal);
        for (int i = 0; i < kept.Length; i++) index[kept[i]] = i;
        var a = new double[index.Count + 1];
        var b = new double[index.Count + 1];
        foreach (var v in live) a[index.TryGetValue(v, out var i) ? i : index.Count]++;
        foreach (var v in poc) b[index.TryGetValue(v, out var i) ? i : index.Count]++;
        return (a, b);
    }

    private static double UnseenShare(IReadOnlyList<string?> live, IReadOnlyList<string?> poc)
    {
        var known = poc.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToHashSet(StringComparer.Ordinal);
        var present = live.Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
        return present.Count == 0 ? 0 : present.Count(v => !known.Contains(v!.Trim())) / (double)present.Count;
    }

    private static double StandardDeviation(double[] values)
    {
        if (values.Length < 2) return 0;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }
}
