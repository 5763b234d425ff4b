using DataReadiness.Findings;
using DataReadiness.Statistics;

namespace DataReadiness.Estimation;

/// <summary>What the estimator needs: each sampled row's defect signature, the POC outcomes or headline accuracy, and each signature element's catalog impact.</summary>
public sealed record EstimateInput(
    IReadOnlyList<IReadOnlySet<string>> LiveSignatures,
    IReadOnlyList<IReadOnlySet<string>> PocSignatures,
    IReadOnlyList<bool>? PocOutcomes,
    double? HeadlineAccuracy,
    IReadOnlyDictionary<string, double> Impacts,
    IReadOnlyDictionary<string, string> Families,
    int BootstrapSamples = 300,
    int Seed = 42);

/// <summary>
/// Estimates the model's accuracy on live data from its accuracy on the POC set (DESIGN section 6).
/// With POC outcomes: post-stratification on each row's defect signature (the rule kinds that hit it). A
/// signature's accuracy is the POC's observed accuracy for it, shrunk toward a product model (clean-row accuracy ×
/// the impact of each kind, itself the POC's evidence shrunk toward the catalog's impact), so signatures
/// too rare in the POC fall back on the model. The expected live accuracy weights these by the live mix.
/// Without outcomes: the headline accuracy scaled by the catalog's impacts over the live mix versus the POC mix.
/// The interval is a percentile bootstrap over both samples (and, without outcomes, over the catalog's impacts too).
/// Pure: the same input and seed give the same estimate.
/// </summary>
public static class AccuracyEstimator
{
    /// <summary>Pseudo-rows of the catalog's impact in a kind's estimated impact.</summary>
    public const double CatalogImpactWeight = 20;
    /// <summary>Pseudo-rows of the product model in a signature's accuracy.</summary>
    public const double SignatureModelWeight = 30;
    /// <summary>Concentration of the Beta distribution around each catalog impact in the prior-based bootstrap.</summary>
    public const double CatalogImpactConcentration = 25;

    public static AccuracyEstimate Estimate(EstimateInput input)
    {
        bool priorBased = input.PocOutcomes is null;
        if (priorBased && input.HeadlineAccuracy is null)
            throw new ArgumentException("Either POC outcomes or a headline accuracy is needed.", nameof(input));

        // Everything depends on rows only through their signature (and outcome): work on counts per signature,
        // so the bootstrap costs draws, not passes over rows.
        var table = new SignatureTable(input.LiveSignatures, input.PocSignatures, input.PocOutcomes);
        var kinds = table.KindNames;
        var catalogImpacts = kinds.ToDictionary(k => k, k => input.Impacts.GetValueOrDefault(k, 1.0), StringComparer.Ordinal);
        var point = Compute(table, table.LiveCounts, table.PocRows, table.PocCorrect, input.HeadlineAccuracy, catalogImpacts);

        var impactArray = table.KindNames.Select(k => catalogImpacts[k]).ToArray();
        // A kind the POC never shows has no evidence of its own: with outcomes too, its impact is the catalog's prior, and
        // the bootstrap draws it as one (Beta around the prior) rather than taking it as certain.
        var unseenInPoc = table.KindNames.Select(k => table.RowsWith(k, table.PocRows) == 0).ToArray();
        var random = new Random(input.Seed);
        var draws = new List<double>(input.BootstrapSamples);
        long[] pocCells = [.. table.PocCorrect, .. table.PocRows.Select((n, i) => n - table.PocCorrect[i])];
        long liveTotal = table.LiveCounts.Sum(), pocTotal = table.PocRows.Sum();
        for (int b = 0; b < input.BootstrapSamples; b++)
        {
            var live = RandomDraws.Multinomial(random, liveTotal, table.LiveCounts);
            var pocDraw = RandomDraws.Multinomial(random, pocTotal, pocCells);
            var correct = pocDraw[..table.Count];
            var rows = correct.Select((c, i) => c + pocDraw[table.Count + i]).ToArray();
            var drawImpacts = impactArray.Select((p, k) => (priorBased || unseenInPoc[k]) && p < 1
                ? RandomDraws.Beta(random, p * CatalogImpactConcentration, (1 - p) * CatalogImpactConcentration)
                : p).ToArray();
            // The headline is a measurement too: on the POC's rows, so it is drawn as a proportion of that many (with no
            // rule hit at all, the interval is this draw's, not zero wide).
            double? headline = priorBased && input.HeadlineAccuracy is { } h && pocTotal > 0
                ? RandomDraws.Beta(random, h * pocTotal + 1, (1 - h) * pocTotal + 1)
                : input.HeadlineAccuracy;
            draws.Add(Compute(table, live, rows, correct, headline, drawImpacts, withStrata: false).LiveAccuracy);
        }
        draws.Sort();
        double low = draws.Count == 0 ? point.LiveAccuracy : Percentile(draws, 0.025);
        double high = draws.Count == 0 ? point.LiveAccuracy : Percentile(draws, 0.975);

        double dropPoints = 100 * (point.PocAccuracy - point.LiveAccuracy);
        var impacts = kinds.Select(k => new KindImpact(k, catalogImpacts[k], point.Impact[k],
            table.RowsWith(k, table.PocRows), table.Share(k, table.LiveCounts), table.Share(k, table.PocRows))).ToList();
        var contributions = Contributions(impacts, input.Families, dropPoints);
        var strata = point.Strata.OrderByDescending(s => s.LiveRows).ThenBy(s => s.Signature, StringComparer.Ordinal).ToList();
        var method = priorBased
            ? "prior-based: the POC headline accuracy scaled by the catalog's impacts over the live defect mix versus the POC's"
            : "post-stratification on defect signatures (the rule kinds hitting each row), POC accuracy per signature shrunk toward a per-kind impact model, reweighted to the live mix";
        return new AccuracyEstimate(point.PocAccuracy, point.LiveAccuracy, new Interval(low, high), dropPoints, method, priorBased,
            contributions, impacts, strata, Assumptions(priorBased));
    }

    private sealed record Point(double PocAccuracy, double LiveAccuracy, Dictionary<string, double> Impact, List<Stratum> Strata);

    /// <summary>The distinct signatures of both samples, with live rows, POC rows and POC correct rows per signature.</summary>
    private sealed class SignatureTable
    {
        public SignatureTable(IReadOnlyList<IReadOnlySet<string>> live, IReadOnlyList<IReadOnlySet<string>> poc, IReadOnlyList<bool>? outcomes)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            // Rows of one signature usually share one set: its key is then made once, not once per row.
            var bySet = new Dictionary<IReadOnlySet<string>, int>(ReferenceEqualityComparer.Instance);
            int IndexOf(IReadOnlySet<string> s)
            {
                if (bySet.TryGetValue(s, out int i)) return i;
                var key = Key(s);
                if (!index.TryGetValue(key, out i))
                {
                    index[key] = i = Keys.Count;
                    Keys.Add(key);
                    Kinds.Add(s.Order(StringComparer.Ordinal).ToArray());
                }
                return bySet[s] = i;
            }
            var liveIdx = live.Select(IndexOf).ToList();
            var pocIdx = poc.Select(IndexOf).ToList();
            KindNames = Kinds.SelectMany(k => k).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var kindIndex = KindNames.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
            KindIndexes = Kinds.Select(k => k.Select(name => kindIndex[name]).ToArray()).ToArray();
            LiveCounts = new long[Keys.Count];
            PocRows = new long[Keys.Count];
            PocCorrect = new long[Keys.Count];
            foreach (var i in liveIdx) LiveCounts[i]++;
            for (int r = 0; r < pocIdx.Count; r++)
            {
                PocRows[pocIdx[r]]++;
                if (outcomes is not null && outcomes[r]) PocCorrect[pocIdx[r]]++;
            }
        }

        public List<string> Keys { get; } = new();
        /// <summary>Every kind of any signature, in ordinal order.</summary>
        public List<string> KindNames { get; }
        /// <summary>Each signature's kinds as indexes into <see cref="KindNames"/>, ascending.</summary>
        public int[][] KindIndexes { get; }
        public List<string[]> Kinds { get; } = new();
        public long[] LiveCounts { get; }
        public long[] PocRows { get; }
        public long[] PocCorrect { get; }
        public int Count => Keys.Count;

        /// <summary>The rows, of the given counts per signature, whose signature has the kind.</summary>
        public long RowsWith(string kind, long[] counts)
        {
            long rows = 0;
            for (int i = 0; i < Count; i++)
                if (Array.IndexOf(Kinds[i], kind) >= 0) rows += counts[i];
            return rows;
        }

        /// <summary>The share of the rows, of the given counts per signature, whose signature has the kind.</summary>
        public double Share(string kind, long[] counts)
        {
            long total = counts.Sum();
            return total == 0 ? 0 : RowsWith(kind, counts) / (double)total;
        }
    }

    private static Point Compute(SignatureTable table, long[] live, long[] pocRows, long[] pocCorrect, double? headline, IReadOnlyDictionary<string, double> catalogImpacts)
    {
        // Kinds by index, in the table's kind order, so the bootstrap's few hundred replicates loop over arrays.
        var kinds = table.KindNames;
        var catalog = kinds.Select(k => catalogImpacts.GetValueOrDefault(k, 1.0)).ToArray();
        var point = Compute(table, live, pocRows, pocCorrect, headline, catalog, withStrata: true);
        var impact = catalogImpacts.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        for (int k = 0; k < kinds.Count; k++) impact[kinds[k]] = point.Impact[k];
        return new Point(point.PocAccuracy, point.LiveAccuracy, impact, point.Strata!);
    }

    private sealed record ArrayPoint(double PocAccuracy, double LiveAccuracy, double[] Impact, List<Stratum>? Strata);

    private static ArrayPoint Compute(SignatureTable table, long[] live, long[] pocRows, long[] pocCorrect, double? headline, double[] catalogImpacts, bool withStrata)
    {
        int s = table.Count;
        var signatureKinds = table.KindIndexes;
        double Product(int sig, double[] r)
        {
            double product = 1.0;
            foreach (int k in signatureKinds[sig]) product *= r[k];
            return product;
        }
        double Mean(long[] weights, Func<int, double> f)
        {
            long total = 0;
            for (int i = 0; i < s; i++) total += weights[i];
            if (total == 0) return double.NaN;
            double sum = 0;
            for (int i = 0; i < s; i++) sum += weights[i] * f(i);
            return sum / total;
        }
        long liveTotal = live.Sum(), pocTotal = pocRows.Sum();

        if (headline is not null)
        {
            double pocFactor = pocTotal == 0 ? 1 : Mean(pocRows, i => Product(i, catalogImpacts));
            double baseAccuracy = Math.Min(1, headline.Value / pocFactor);
            double liveAccuracy = liveTotal == 0 ? headline.Value : baseAccuracy * Mean(live, i => Product(i, catalogImpacts));
            var strata = !withStrata ? null : Enumerable.Range(0, s).Where(i => live[i] > 0)
                .Select(i => new Stratum(table.Keys[i], live[i], pocRows[i], null, baseAccuracy * Product(i, catalogImpacts))).ToList();
            return new ArrayPoint(headline.Value, liveAccuracy, catalogImpacts, strata);
        }

        double pocAccuracy = pocTotal == 0 ? 0 : pocCorrect.Sum() / (double)pocTotal;
        var impact = (double[])catalogImpacts.Clone();
        int cleanIndex = table.Keys.IndexOf("clean");
        long cleanRows = cleanIndex < 0 ? 0 : pocRows[cleanIndex];
        // Clean-row accuracy, then each kind's impact, refined a few times because rows carry several kinds.
        double clean = cleanRows >= 30 ? (double)pocCorrect[cleanIndex] / cleanRows : pocAccuracy / Math.Max(1e-9, Mean(pocRows, i => Product(i, impact)));
        for (int iteration = 0; iteration < 4; iteration++)
        {
            for (int kind = 0; kind < impact.Length; kind++)
            {
                double expected = 0, correct = 0;
                long rows = 0;
                for (int i = 0; i < s; i++)
                {
                    if (pocRows[i] == 0 || Array.IndexOf(signatureKinds[i], kind) < 0) continue;
                    rows += pocRows[i];
                    correct += pocCorrect[i];
                    double others = 1.0;
                    foreach (int k in signatureKinds[i])
                        if (k != kind) others *= impact[k];
                    expected += pocRows[i] * clean * others;
                }
                double perRow = rows == 0 ? clean : expected / rows;
                impact[kind] = Math.Clamp((correct + CatalogImpactWeight * catalogImpacts[kind] * perRow) / (expected + CatalogImpactWeight * perRow), 0, 1.5);
            }
        }
        double weighted = 0;
        var strataList = withStrata ? new List<Stratum>() : null;
        for (int i = 0; i < s; i++)
        {
            if (live[i] == 0) continue;
            double model = Math.Min(1, clean * Product(i, impact));
            double accuracy = (pocCorrect[i] + SignatureModelWeight * model) / (pocRows[i] + SignatureModelWeight);
            weighted += live[i] * accuracy;
            strataList?.Add(new Stratum(table.Keys[i], live[i], pocRows[i], pocRows[i] == 0 ? null : (double)pocCorrect[i] / pocRows[i], accuracy));
        }
        return new ArrayPoint(pocAccuracy, liveTotal == 0 ? pocAccuracy : weighted / liveTotal, impact, strataList);
    }

    /// <summary>A signature's name: its kinds in order, joined by '+'; "clean" for none.</summary>
    public static string Key(IReadOnlySet<string> kinds) => kinds.Count == 0 ? "clean" : string.Join('+', kinds.Order(StringComparer.Ordinal));

    /// <summary>
    /// Splits the drop by cause (rule family) with the log of each kind's factor under independence,
    /// ln(1 − p_live(1 − r)) − ln(1 − p_poc(1 − r)), scaled so the causes add up to the total drop.
    /// </summary>
    private static List<Contribution> Contributions(IReadOnlyList<KindImpact> impacts, IReadOnlyDictionary<string, string> families, double dropPoints)
    {
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var r in impacts)
        {
            double keep = Math.Min(r.EstimatedImpact, 1);
            double term = Math.Log(1 - r.PocPrevalence * (1 - keep)) - Math.Log(1 - r.LivePrevalence * (1 - keep));
            var family = families.GetValueOrDefault(r.Kind, r.Kind);
            terms[family] = terms.GetValueOrDefault(family) + term;
        }
        double total = terms.Values.Sum();
        var result = new List<Contribution>();
        if (Math.Abs(total) < 1e-12 || Math.Sign(total) != Math.Sign(dropPoints))
        {
            result.Add(new Contribution("unexplained", dropPoints));
            return result;
        }
        foreach (var (family, term) in terms.OrderByDescending(t => t.Value))
            result.Add(new Contribution(family, dropPoints * term / total));
        return result;
    }

    private static double Percentile(List<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    private static List<string> Assumptions(bool priorBased)
    {
        var list = new List<string>
        {
            "The rules find the defects that matter to the model; defects they miss are not in the estimate.",
            "Rows with the same defect signature behave alike on live data and on the POC set (no other shift, e.g. new products or seasons, changes the model's accuracy).",
            "Defects of different kinds act independently where the POC has too few rows with both.",
            "The interval covers sampling variation of both samples (a percentile bootstrap), not a change in the model or the labels.",
        };
        if (priorBased)
            list.Add("Without per-row POC outcomes, each kind's effect is the catalog's impact, not measured: treat the number as a planning figure, with a wider interval that includes the uncertainty of the catalog's impacts.");
        return list;
    }
}
