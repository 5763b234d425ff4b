using DataReadiness.Findings;
using DataReadiness.Rules.Catalog;
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
    int Seed = 42)
{
    /// <summary>The shift classifier's odds of being live for the rows it scored (aligned with the signature lists; null: not scored).</summary>
    public ShiftOdds? Shift { get; init; }

    public EstimatePriors Priors { get; init; } = EstimatePriors.Default;

    /// <summary>Each POC row's true and predicted class (aligned with <see cref="PocSignatures"/>), where the job gives them.</summary>
    public IReadOnlyList<(string Label, string Prediction)>? PocClasses { get; init; }
}

/// <summary>Odds of being live (the sides' sizes set aside) per row, aligned with <see cref="EstimateInput.LiveSignatures"/> and <see cref="EstimateInput.PocSignatures"/>.</summary>
public sealed record ShiftOdds(IReadOnlyList<double?> Live, IReadOnlyList<double?> Poc)
{
    /// <summary>The cross-fitting fold of each scored POC row (aligned with <see cref="Poc"/>): each fold's rows were scored by a model of their own.</summary>
    public IReadOnlyList<int?>? PocFolds { get; init; }
}

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
    /// <summary>A POC row's importance weight is its odds of being live, at most this (one row speaks for at most 20).</summary>
    public const double WeightCap = 20;
    /// <summary>Scored POC rows a signature needs before the weights correct its accuracy.</summary>
    public const int MinRowsForCorrection = 30;

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
        var shift = ShiftPart.From(input, table, priorBased);
        var priors = input.Priors;
        double pointAccuracy = shift is null ? point.LiveAccuracy
            : shift.Combine(table.LiveCounts, point.SignatureAccuracy, point.CleanAccuracy, shift.RowCounts, priors.UnsupportedImpact);
        double modelSpread = shift?.FoldSpread(table.LiveCounts, point.SignatureAccuracy) ?? 0;

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
                ? RandomDraws.Beta(random, p * priors.ImpactConcentration, (1 - p) * priors.ImpactConcentration)
                : p).ToArray();
            // The headline is a measurement too: on the POC's rows, so it is drawn as a proportion of that many (with no
            // rule hit at all, the interval is this draw's, not zero wide).
            double? headline = priorBased && input.HeadlineAccuracy is { } h && pocTotal > 0
                ? RandomDraws.Beta(random, h * pocTotal + 1, (1 - h) * pocTotal + 1)
                : input.HeadlineAccuracy;
            var drawn = Compute(table, live, rows, correct, headline, drawImpacts, withStrata: false);
            if (shift is null)
            {
                draws.Add(drawn.LiveAccuracy);
                continue;
            }
            // The weighted POC rows are resampled too, and the unsupported rows' prior drawn; the weights themselves are
            // held fixed (the classifier is not refit per draw), which the worlds' coverage checks.
            // Each weighted row counted a Poisson(1) number of times: the Poisson bootstrap, a multinomial's cheap twin.
            var weightedRows = new long[shift.WeightedRows.Length];
            for (int r = 0; r < weightedRows.Length; r++) weightedRows[r] = RandomDraws.PoissonOfOne(random);
            double keep = RandomDraws.Beta(random, priors.UnsupportedImpact * priors.UnsupportedConcentration, (1 - priors.UnsupportedImpact) * priors.UnsupportedConcentration);
            // The weights come from four models, one per fold: how far their corrections disagree is added as a normal
            // error, since one classifier fit stands in for the many a refit per draw would give.
            draws.Add(shift.Combine(live, drawn.SignatureAccuracy, drawn.CleanAccuracy, weightedRows, keep) + modelSpread * RandomDraws.StandardNormal(random));
        }
        draws.Sort();
        double low = draws.Count == 0 ? pointAccuracy : RandomDraws.Percentile(draws, 0.025);
        double high = draws.Count == 0 ? pointAccuracy : RandomDraws.Percentile(draws, 0.975);
        point = point with { LiveAccuracy = pointAccuracy };

        double dropPoints = 100 * (point.PocAccuracy - point.LiveAccuracy);
        var impacts = kinds.Select(k => new KindImpact(k, catalogImpacts[k], point.Impact[k],
            table.RowsWith(k, table.PocRows), table.Share(k, table.LiveCounts), table.Share(k, table.PocRows))).ToList();
        // The rule families share the drop the signatures explain; what the shift weights and the unsupported rows' prior
        // add is a cause of its own each.
        var adjustment = shift?.Report(table, point.SignatureAccuracy, point.CleanAccuracy, priors, unseenInPoc);
        double withinSignatures = -(adjustment?.CorrectionPoints ?? 0), outsideSupport = -(adjustment?.UnsupportedPoints ?? 0);
        var kindPoints = KindPoints(impacts, dropPoints - withinSignatures - outsideSupport);
        impacts = impacts.Select(i => i with { Points = kindPoints?.GetValueOrDefault(i.Kind) ?? 0 }).ToList();
        var contributions = Contributions(impacts, input.Families, kindPoints, dropPoints - withinSignatures - outsideSupport);
        if (Math.Abs(withinSignatures) >= 0.005) contributions.Add(new Contribution("shift", withinSignatures));
        if (Math.Abs(outsideSupport) >= 0.005) contributions.Add(new Contribution("unsupported", outsideSupport));
        contributions = contributions.OrderByDescending(c => c.Points).ToList();
        var strata = point.Strata.OrderByDescending(s => s.LiveRows).ThenBy(s => s.Signature, StringComparer.Ordinal).ToList();
        var method = priorBased
            ? "prior-based: the POC headline accuracy scaled by the catalog's impacts over the live defect mix versus the POC's"
            : "post-stratification on defect signatures (the rule kinds hitting each row), POC accuracy per signature shrunk toward a per-kind impact model, reweighted to the live mix";
        if (shift is not null)
            method += !shift.WithOutcomes
                ? "; live rows outside what the POC covers (shift classifier) take a prior on top"
                : "; corrected by POC rows weighted by the shift classifier's odds of being live, and live rows outside what the POC covers take a prior on top";
        return new AccuracyEstimate(point.PocAccuracy, point.LiveAccuracy, new Interval(low, high), dropPoints, method, priorBased,
            contributions, impacts, strata, Assumptions(priorBased, shift is not null))
        {
            ShiftAdjustment = adjustment,
            PerClass = input.PocClasses is { } classes ? ClassRecalls(classes, MostlySupported(input.Shift) ? input.Shift!.Poc : null) : null,
        };
    }

    /// <summary>
    /// Whether at most half of the scored live rows are outside what the POC covers: past that, weighting the POC's rows
    /// says nothing about live (every weight is at its cap), and no per-class expectation is given.
    /// </summary>
    private static bool MostlySupported(ShiftOdds? odds)
    {
        if (odds is null) return false;
        int scored = 0, unsupported = 0;
        foreach (var o in odds.Live)
            if (o is { } value)
            {
                scored++;
                if (value >= ShiftClassifier.UnsupportedOdds) unsupported++;
            }
        return scored > 0 && unsupported * 2 <= scored;
    }

    /// <summary>
    /// Recall per true class on the POC, and, with the shift classifier's odds, the class's expected share of live and
    /// its expected recall there: the POC rows of the class weighted by their odds of being live (capped as in the
    /// estimate), with the weights' effective sample size. Accuracy hides a model that stops finding a rare class. Pure.
    /// </summary>
    public static List<ClassRecall> ClassRecalls(IReadOnlyList<(string Label, string Prediction)> classes, IReadOnlyList<double?>? odds)
    {
        var result = new List<ClassRecall>();
        double totalWeight = 0;
        if (odds is not null)
            for (int i = 0; i < classes.Count && i < odds.Count; i++)
                if (odds[i] is { } o) totalWeight += Math.Min(o, WeightCap);
        foreach (var group in Enumerable.Range(0, classes.Count).GroupBy(i => classes[i].Label, StringComparer.Ordinal)
                     .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var rows = group.ToList();
            double recall = rows.Count(i => classes[i].Prediction == group.Key) / (double)rows.Count;
            double weight = 0, weightedHits = 0, squares = 0;
            if (odds is not null)
                foreach (int i in rows)
                    if (i < odds.Count && odds[i] is { } o)
                    {
                        double w = Math.Min(o, WeightCap);
                        weight += w;
                        squares += w * w;
                        if (classes[i].Prediction == group.Key) weightedHits += w;
                    }
            bool weighted = weight > 0 && totalWeight > 0;
            result.Add(new ClassRecall(group.Key, rows.Count, recall,
                weighted ? Math.Round(weight / totalWeight, 4) : null,
                weighted ? weightedHits / weight : null,
                weighted ? Math.Round(weight * weight / squares, 1) : null));
        }
        return result;
    }

    /// <summary>
    /// The shift classifier's part in the estimate: importance weights on the POC rows it scored, correcting each
    /// signature's accuracy for the shift within it (a doubly robust correction of the signature model, stratum by
    /// stratum), and each signature's share of live rows outside the POC's support.
    /// </summary>
    private sealed class ShiftPart
    {
        public required int[] WeightedSignature { get; init; }
        /// <summary>Each weighted row's cross-fitting fold (-1: unknown).</summary>
        public required int[] WeightedFold { get; init; }
        public required bool[] WeightedOutcome { get; init; }
        public required double[] WeightedRows { get; init; }
        public required long[] RowCounts { get; init; }
        /// <summary>Per signature, the share of its live rows that are unsupported.</summary>
        public required double[] UnsupportedFraction { get; init; }
        public required double UnsupportedShare { get; init; }
        public required int Clipped { get; init; }
        public bool WithOutcomes => WeightedOutcome.Length > 0;

        public static ShiftPart? From(EstimateInput input, SignatureTable table, bool priorBased)
        {
            if (input.Shift is not { } odds) return null;
            var liveIndex = table.LiveIndex;
            var pocIndex = table.PocIndex;
            var scoredLive = new long[table.Count];
            var unsupportedLive = new long[table.Count];
            long scored = 0, unsupported = 0;
            for (int r = 0; r < odds.Live.Count && r < liveIndex.Count; r++)
            {
                if (odds.Live[r] is not { } o) continue;
                scored++;
                scoredLive[liveIndex[r]]++;
                if (o >= ShiftClassifier.UnsupportedOdds)
                {
                    unsupported++;
                    unsupportedLive[liveIndex[r]]++;
                }
            }
            if (scored == 0) return null;
            double overall = (double)unsupported / scored;
            var fraction = Enumerable.Range(0, table.Count).Select(i => scoredLive[i] > 0 ? (double)unsupportedLive[i] / scoredLive[i] : overall).ToArray();
            var signatures = new List<int>();
            var folds = new List<int>();
            var outcomes = new List<bool>();
            var weights = new List<double>();
            int clipped = 0;
            if (!priorBased && input.PocOutcomes is { } y)
                for (int r = 0; r < odds.Poc.Count && r < pocIndex.Count; r++)
                {
                    if (odds.Poc[r] is not { } o) continue;
                    if (o > WeightCap) clipped++;
                    signatures.Add(pocIndex[r]);
                    folds.Add(odds.PocFolds is { } f && r < f.Count && f[r] is { } fold ? fold : -1);
                    outcomes.Add(y[r]);
                    weights.Add(Math.Min(o, WeightCap));
                }
            return new ShiftPart
            {
                WeightedSignature = [.. signatures], WeightedFold = [.. folds], WeightedOutcome = [.. outcomes], WeightedRows = [.. weights],
                RowCounts = Enumerable.Repeat(1L, weights.Count).ToArray(),
                UnsupportedFraction = fraction, UnsupportedShare = overall, Clipped = clipped,
            };
        }

        /// <summary>
        /// The expected live accuracy: each signature's live rows at its accuracy, the unsupported ones at most
        /// <paramref name="keep"/> times a clean row's; the supported ones corrected by the weighted POC residuals (counted as drawn).
        /// </summary>
        public double Combine(long[] live, double[] signatureAccuracy, double cleanAccuracy, long[] weightedRowCounts, double keep,
            int minRows = MinRowsForCorrection)
        {
            var correction = WithinSignatureCorrections(signatureAccuracy, weightedRowCounts, minRows);
            double supported = 0, supportedRows = 0, outside = 0, outsideRows = 0;
            for (int i = 0; i < live.Length; i++)
            {
                if (live[i] == 0) continue;
                double a = signatureAccuracy[i], f = UnsupportedFraction[i];
                supported += live[i] * (1 - f) * Math.Clamp(a + correction[i], 0, 1);
                supportedRows += live[i] * (1 - f);
                // An unsupported row keeps at most the prior's share of a clean row's accuracy: its defects may explain
                // more (a weight in pounds), and then the prior adds nothing; a clean row, or one whose defects explain
                // little, is unlike the POC for a reason nothing here measures.
                outside += live[i] * f * Math.Min(a, cleanAccuracy * keep);
                outsideRows += live[i] * f;
            }
            double total = supportedRows + outsideRows;
            return total == 0 ? double.NaN : Math.Clamp((supported + outside) / total, 0, 1);
        }

        /// <summary>
        /// The standard error the weights' model adds: the correction computed from each fold's rows alone (each fold
        /// scored by its own model), their standard deviation over the square root of the number of folds. 0 without
        /// outcomes or folds.
        /// </summary>
        public double FoldSpread(long[] live, double[] signatureAccuracy)
        {
            var foldIds = WeightedFold.Where(f => f >= 0).Distinct().Order().ToArray();
            if (!WithOutcomes || foldIds.Length < 2) return 0;
            double without = Combine(live, signatureAccuracy, 2, new long[WeightedRows.Length], 1);
            // A fold holds a fifth of the rows: the signatures corrected are those with a fifth of the rows needed in all.
            int minRows = Math.Max(1, MinRowsForCorrection / foldIds.Length);
            var corrections = foldIds.Select(fold =>
                Combine(live, signatureAccuracy, 2, WeightedFold.Select(f => f == fold ? 1L : 0L).ToArray(), 1, minRows) - without).ToArray();
            double mean = corrections.Average();
            double variance = corrections.Sum(c => (c - mean) * (c - mean)) / (corrections.Length - 1);
            return Math.Sqrt(variance / corrections.Length);
        }

        /// <summary>
        /// Per signature, the weighted mean of its scored POC rows' residuals (outcome minus the signature's accuracy)
        /// minus their plain mean: the shift within a signature that its accuracy misses (an item mix, a class mix),
        /// and not the signature's own shrinkage, which the plain mean would undo. Signatures with fewer than
        /// <see cref="MinRowsForCorrection"/> scored POC rows get none.
        /// </summary>
        private double[] WithinSignatureCorrections(double[] signatureAccuracy, long[] weightedRowCounts, int minRows)
        {
            var correction = new double[signatureAccuracy.Length];
            if (!WithOutcomes) return correction;
            var weightSum = new double[correction.Length];
            var weightedResidual = new double[correction.Length];
            var rows = new double[correction.Length];
            var residual = new double[correction.Length];
            for (int r = 0; r < WeightedRows.Length; r++)
            {
                long count = weightedRowCounts[r];
                if (count == 0) continue;
                int sig = WeightedSignature[r];
                double e = (WeightedOutcome[r] ? 1 : 0) - signatureAccuracy[sig];
                weightSum[sig] += count * WeightedRows[r];
                weightedResidual[sig] += count * WeightedRows[r] * e;
                rows[sig] += count;
                residual[sig] += count * e;
            }
            for (int i = 0; i < correction.Length; i++)
                if (rows[i] >= minRows && weightSum[i] > 0)
                    correction[i] = weightedResidual[i] / weightSum[i] - residual[i] / rows[i];
            return correction;
        }

        public ShiftAdjustment Report(SignatureTable table, double[] signatureAccuracy, double cleanAccuracy, EstimatePriors priors, bool[] unseenKinds)
        {
            double squares = WeightedRows.Sum(w => w * w);
            double ess = squares > 0 ? Math.Pow(WeightedRows.Sum(), 2) / squares : 0;
            var live = table.LiveCounts;
            double withKeep = Combine(live, signatureAccuracy, cleanAccuracy, RowCounts, priors.UnsupportedImpact);
            double without = Combine(live, signatureAccuracy, 2, RowCounts, 1);
            // The weights' part: the estimate with them against the same without (unsupported rows as they are).
            double? correction = WithOutcomes ? without - Combine(live, signatureAccuracy, 2, new long[RowCounts.Length], 1) : null;
            long liveTotal = live.Sum();
            double onPriors = 0;
            for (int i = 0; i < table.Count; i++)
            {
                bool unseenKind = !WithOutcomes || table.KindIndexes[i].Any(k => unseenKinds[k]);
                onPriors += live[i] * (unseenKind ? 1 : UnsupportedFraction[i]);
            }
            return new ShiftAdjustment(WeightedRows.Length, Math.Round(ess, 1), Clipped, WeightCap,
                correction is { } c ? Math.Round(100 * c, 2) : null, Math.Round(UnsupportedShare, 4),
                priors.UnsupportedImpact, priors.UnsupportedConcentration, Math.Round(100 * (withKeep - without), 2),
                liveTotal == 0 ? 0 : Math.Round(onPriors / liveTotal, 4));
        }
    }

    private sealed record Point(double PocAccuracy, double LiveAccuracy, Dictionary<string, double> Impact, List<Stratum> Strata, double[] SignatureAccuracy, double CleanAccuracy);

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
            LiveIndex = liveIdx;
            PocIndex = pocIdx;
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
        /// <summary>Each live row's signature, by index into <see cref="Keys"/>.</summary>
        public List<int> LiveIndex { get; }
        /// <summary>Each POC row's signature, by index into <see cref="Keys"/>.</summary>
        public List<int> PocIndex { get; }
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
        return new Point(point.PocAccuracy, point.LiveAccuracy, impact, point.Strata!, point.SignatureAccuracy, point.CleanAccuracy);
    }

    /// <summary>One estimate: accuracies, each kind's impact, and every signature's accuracy (whether or not live has it).</summary>
    private sealed record ArrayPoint(double PocAccuracy, double LiveAccuracy, double[] Impact, List<Stratum>? Strata, double[] SignatureAccuracy, double CleanAccuracy);

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
            var byPrior = Enumerable.Range(0, s).Select(i => baseAccuracy * Product(i, catalogImpacts)).ToArray();
            return new ArrayPoint(headline.Value, liveAccuracy, catalogImpacts, strata, byPrior, baseAccuracy);
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
        var signatureAccuracy = new double[s];
        for (int i = 0; i < s; i++)
        {
            double model = Math.Min(1, clean * Product(i, impact));
            double accuracy = signatureAccuracy[i] = (pocCorrect[i] + SignatureModelWeight * model) / (pocRows[i] + SignatureModelWeight);
            if (live[i] == 0) continue;
            weighted += live[i] * accuracy;
            strataList?.Add(new Stratum(table.Keys[i], live[i], pocRows[i], pocRows[i] == 0 ? null : (double)pocCorrect[i] / pocRows[i], accuracy));
        }
        return new ArrayPoint(pocAccuracy, liveTotal == 0 ? pocAccuracy : weighted / liveTotal, impact, strataList, signatureAccuracy, Math.Min(1, clean));
    }

    /// <summary>A signature's name: its kinds in order, joined by '+'; "clean" for none.</summary>
    public static string Key(IReadOnlySet<string> kinds) => kinds.Count == 0 ? "clean" : string.Join('+', kinds.Order(StringComparer.Ordinal));

    /// <summary>
    /// Splits the drop the signatures explain by kind with the log of each kind's factor under independence,
    /// ln(1 − p_live(1 − r)) − ln(1 − p_poc(1 − r)), scaled so the kinds add up to that drop; null when the factors
    /// do not point the way the drop does (it is then unexplained).
    /// </summary>
    private static Dictionary<string, double>? KindPoints(IReadOnlyList<KindImpact> impacts, double dropPoints)
    {
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var r in impacts)
        {
            double keep = Math.Min(r.EstimatedImpact, 1);
            terms[r.Kind] = Math.Log(1 - r.PocPrevalence * (1 - keep)) - Math.Log(1 - r.LivePrevalence * (1 - keep));
        }
        double total = terms.Values.Sum();
        if (Math.Abs(total) < 1e-12 || Math.Sign(total) != Math.Sign(dropPoints)) return null;
        return terms.ToDictionary(t => t.Key, t => dropPoints * t.Value / total, StringComparer.Ordinal);
    }

    /// <summary>The drop by cause (rule family): the sum of its kinds' points.</summary>
    private static List<Contribution> Contributions(IReadOnlyList<KindImpact> impacts, IReadOnlyDictionary<string, string> families,
        Dictionary<string, double>? kindPoints, double dropPoints)
    {
        if (kindPoints is null) return [new Contribution("unexplained", dropPoints)];
        var byFamily = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var r in impacts)
        {
            var family = families.GetValueOrDefault(r.Kind, r.Kind);
            byFamily[family] = byFamily.GetValueOrDefault(family) + kindPoints[r.Kind];
        }
        return byFamily.OrderByDescending(f => f.Value).Select(f => new Contribution(f.Key, f.Value)).ToList();
    }

    private static List<string> Assumptions(bool priorBased, bool withShift)
    {
        var list = new List<string>
        {
            "The rules find the defects that matter to the model; defects they miss are not in the estimate.",
            withShift
                ? "Rows with the same defect signature behave alike on live data and on the POC set, once POC rows are weighted by how like live rows they are (the shift classifier's odds); live rows unlike any POC row keep a prior share of their accuracy (the catalog's priors.unsupported_impact)."
                : "Rows with the same defect signature behave alike on live data and on the POC set (no other shift, e.g. new products or seasons, changes the model's accuracy).",
            "Defects of different kinds act independently where the POC has too few rows with both.",
            "The interval covers sampling variation of both samples (a percentile bootstrap), not a change in the model or the labels.",
        };
        if (priorBased)
            list.Add("Without per-row POC outcomes, each kind's effect is the catalog's impact, not measured: treat the number as a planning figure, with a wider interval that includes the uncertainty of the catalog's impacts.");
        return list;
    }
}
