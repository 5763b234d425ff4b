namespace DataReadiness.Estimation;

/// <summary>What the estimator needs: each sampled row's defect signature, the POC outcomes or headline accuracy, and the catalog's priors.</summary>
public sealed record EstimateInput(
    IReadOnlyList<IReadOnlySet<string>> LiveSignatures,
    IReadOnlyList<IReadOnlySet<string>> PocSignatures,
    IReadOnlyList<bool>? PocOutcomes,
    double? HeadlineAccuracy,
    IReadOnlyDictionary<string, double> Priors,
    IReadOnlyDictionary<string, string> Families,
    int BootstrapSamples = 300,
    int Seed = 42);

/// <summary>The share of the accuracy drop one cause accounts for, in accuracy points.</summary>
public sealed record Contribution(string Cause, double Points);

/// <summary>One defect signature: its share of live and POC rows and the accuracy the estimate gives it.</summary>
public sealed record Stratum(string Signature, long LiveRows, long PocRows, double? PocAccuracyObserved, double Accuracy);

/// <summary>How much accuracy a row keeps when a rule kind hits it: the POC's evidence shrunk toward the catalog's prior.</summary>
public sealed record Retention(string Kind, double Prior, double Estimate, long PocRows, double LivePrevalence, double PocPrevalence);

/// <summary>The expected live accuracy with its interval, the method, the causes of the drop and the evidence behind it.</summary>
public sealed record AccuracyEstimate(
    double PocAccuracy,
    double ExpectedLiveAccuracy,
    double[] Interval,
    double DropPoints,
    string Method,
    bool PriorBased,
    IReadOnlyList<Contribution> Contributions,
    IReadOnlyList<Retention> Retention,
    IReadOnlyList<Stratum> Strata,
    IReadOnlyList<string> Assumptions);

/// <summary>
/// Estimates the model's accuracy on live data from its accuracy on the POC set (DESIGN section 6).
/// With POC outcomes: post-stratification on each row's defect signature (the rule kinds that hit it). A
/// signature's accuracy is the POC's observed accuracy for it, shrunk toward a product model (clean-row accuracy ×
/// the retention of each kind, itself the POC's evidence shrunk toward the catalog's impact prior), so signatures
/// too rare in the POC fall back on the model. The expected live accuracy weights these by the live mix.
/// Without outcomes: the headline accuracy scaled by the catalog's priors over the live mix versus the POC mix.
/// The interval is a percentile bootstrap over both samples (and, without outcomes, over the priors too).
/// Pure: the same input and seed give the same estimate.
/// </summary>
public static class AccuracyEstimator
{
    /// <summary>Pseudo-rows of the prior in a kind's retention estimate.</summary>
    public const double RetentionPriorWeight = 20;
    /// <summary>Pseudo-rows of the product model in a signature's accuracy.</summary>
    public const double SignatureModelWeight = 30;
    /// <summary>Concentration of the Beta distribution around each prior in the prior-based bootstrap.</summary>
    public const double PriorConcentration = 25;

    public static AccuracyEstimate Estimate(EstimateInput input)
    {
        var kinds = input.LiveSignatures.Concat(input.PocSignatures).SelectMany(s => s).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToList();
        var priors = kinds.ToDictionary(k => k, k => input.Priors.GetValueOrDefault(k, 1.0), StringComparer.Ordinal);
        bool priorBased = input.PocOutcomes is null;
        if (priorBased && input.HeadlineAccuracy is null)
            throw new ArgumentException("Either POC outcomes or a headline accuracy is needed.", nameof(input));

        var point = Compute(input.LiveSignatures, input.PocSignatures, input.PocOutcomes, input.HeadlineAccuracy, priors);

        var random = new Random(input.Seed);
        var draws = new List<double>(input.BootstrapSamples);
        for (int b = 0; b < input.BootstrapSamples; b++)
        {
            var liveIdx = Resample(random, input.LiveSignatures.Count);
            var pocIdx = Resample(random, input.PocSignatures.Count);
            var live = liveIdx.Select(i => input.LiveSignatures[i]).ToList();
            var poc = pocIdx.Select(i => input.PocSignatures[i]).ToList();
            var outcomes = input.PocOutcomes is null ? null : pocIdx.Select(i => input.PocOutcomes[i]).ToList();
            var drawPriors = priorBased
                ? priors.ToDictionary(p => p.Key, p => p.Value >= 1 ? 1.0 : Beta(random, p.Value * PriorConcentration, (1 - p.Value) * PriorConcentration))
                : priors;
            draws.Add(Compute(live, poc, outcomes, input.HeadlineAccuracy, drawPriors).LiveAccuracy);
        }
        draws.Sort();
        double low = draws.Count == 0 ? point.LiveAccuracy : Percentile(draws, 0.025);
        double high = draws.Count == 0 ? point.LiveAccuracy : Percentile(draws, 0.975);

        double dropPoints = 100 * (point.PocAccuracy - point.LiveAccuracy);
        var retention = kinds.Select(k => new Retention(k, priors[k], point.Retention[k],
            input.PocSignatures.Count(s => s.Contains(k)),
            Prevalence(input.LiveSignatures, k), Prevalence(input.PocSignatures, k))).ToList();
        var contributions = Contributions(retention, input.Families, dropPoints);
        var strata = point.Strata.OrderByDescending(s => s.LiveRows).ThenBy(s => s.Signature, StringComparer.Ordinal).ToList();
        var method = priorBased
            ? "prior-based: the POC headline accuracy scaled by the catalog's impact priors over the live defect mix versus the POC's"
            : "post-stratification on defect signatures (the rule kinds hitting each row), POC accuracy per signature shrunk toward a per-kind retention model, reweighted to the live mix";
        return new AccuracyEstimate(point.PocAccuracy, point.LiveAccuracy, [low, high], dropPoints, method, priorBased,
            contributions, retention, strata, Assumptions(priorBased));
    }

    private sealed record Point(double PocAccuracy, double LiveAccuracy, Dictionary<string, double> Retention, List<Stratum> Strata);

    private static Point Compute(IReadOnlyList<IReadOnlySet<string>> live, IReadOnlyList<IReadOnlySet<string>> poc,
        IReadOnlyList<bool>? outcomes, double? headline, IReadOnlyDictionary<string, double> priors)
    {
        var liveBySignature = GroupBySignature(live);
        var pocBySignature = GroupBySignature(poc);
        double ProductOf(IReadOnlySet<string> s, IReadOnlyDictionary<string, double> r) =>
            s.Aggregate(1.0, (acc, k) => acc * r.GetValueOrDefault(k, 1.0));

        if (outcomes is null)
        {
            double pocFactor = poc.Count == 0 ? 1 : poc.Average(s => ProductOf(s, priors));
            double baseAccuracy = Math.Min(1, headline!.Value / pocFactor);
            double liveAccuracy = live.Count == 0 ? headline.Value : baseAccuracy * live.Average(s => ProductOf(s, priors));
            var strata = liveBySignature.Select(g => new Stratum(g.Key, g.Value.Count, pocBySignature.GetValueOrDefault(g.Key)?.Count ?? 0, null,
                baseAccuracy * ProductOf(g.Value.Kinds, priors))).ToList();
            return new Point(headline.Value, liveAccuracy, priors.ToDictionary(p => p.Key, p => p.Value), strata);
        }

        double pocAccuracy = outcomes.Count == 0 ? 0 : outcomes.Count(o => o) / (double)outcomes.Count;
        // Clean-row accuracy, then each kind's retention, refined a few times because rows carry several kinds.
        var retention = priors.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        int cleanRows = 0, cleanCorrect = 0;
        for (int i = 0; i < poc.Count; i++)
            if (poc[i].Count == 0) { cleanRows++; if (outcomes[i]) cleanCorrect++; }
        double clean = cleanRows >= 30 ? (double)cleanCorrect / cleanRows : pocAccuracy / Math.Max(1e-9, poc.Average(s => ProductOf(s, retention)));
        for (int iteration = 0; iteration < 4; iteration++)
        {
            foreach (var kind in priors.Keys)
            {
                double expected = 0, correct = 0;
                long rows = 0;
                for (int i = 0; i < poc.Count; i++)
                {
                    if (!poc[i].Contains(kind)) continue;
                    rows++;
                    if (outcomes[i]) correct++;
                    expected += clean * poc[i].Where(k => k != kind).Aggregate(1.0, (acc, k) => acc * retention[k]);
                }
                double perRow = rows == 0 ? clean : expected / rows;
                retention[kind] = Math.Clamp((correct + RetentionPriorWeight * priors[kind] * perRow) / (expected + RetentionPriorWeight * perRow), 0, 1.5);
            }
        }
        var accuracyOf = new Dictionary<string, double>(StringComparer.Ordinal);
        var strataList = new List<Stratum>();
        foreach (var (signature, rowsOfSignature) in liveBySignature)
        {
            double model = Math.Min(1, clean * ProductOf(rowsOfSignature.Kinds, retention));
            int n = 0, c = 0;
            if (pocBySignature.TryGetValue(signature, out var pocRows))
                foreach (var index in pocRows.Indexes) { n++; if (outcomes[index]) c++; }
            double accuracy = (c + SignatureModelWeight * model) / (n + SignatureModelWeight);
            accuracyOf[signature] = accuracy;
            strataList.Add(new Stratum(signature, rowsOfSignature.Count, n, n == 0 ? null : (double)c / n, accuracy));
        }
        double live_ = live.Count == 0 ? pocAccuracy : liveBySignature.Sum(g => g.Value.Count * accuracyOf[g.Key]) / live.Count;
        return new Point(pocAccuracy, live_, retention, strataList);
    }

    /// <summary>The rows that share one signature: its kinds and their indexes.</summary>
    private sealed class SignatureRows(IReadOnlySet<string> kinds)
    {
        public IReadOnlySet<string> Kinds { get; } = kinds;
        public List<int> Indexes { get; } = new();
        public int Count => Indexes.Count;
    }

    private static Dictionary<string, SignatureRows> GroupBySignature(IReadOnlyList<IReadOnlySet<string>> rows)
    {
        var groups = new Dictionary<string, SignatureRows>(StringComparer.Ordinal);
        for (int i = 0; i < rows.Count; i++)
        {
            var key = Key(rows[i]);
            if (!groups.TryGetValue(key, out var g)) groups[key] = g = new SignatureRows(rows[i]);
            g.Indexes.Add(i);
        }
        return groups;
    }

    /// <summary>A signature's name: its kinds in order, joined by '+'; "clean" for none.</summary>
    public static string Key(IReadOnlySet<string> kinds) => kinds.Count == 0 ? "clean" : string.Join('+', kinds.Order(StringComparer.Ordinal));

    /// <summary>
    /// Splits the drop by cause (rule family) with the log of each kind's factor under independence,
    /// ln(1 − p_live(1 − r)) − ln(1 − p_poc(1 − r)), scaled so the causes add up to the total drop.
    /// </summary>
    private static List<Contribution> Contributions(IReadOnlyList<Retention> retention, IReadOnlyDictionary<string, string> families, double dropPoints)
    {
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var r in retention)
        {
            double keep = Math.Min(r.Estimate, 1);
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

    private static double Prevalence(IReadOnlyList<IReadOnlySet<string>> rows, string kind) =>
        rows.Count == 0 ? 0 : rows.Count(s => s.Contains(kind)) / (double)rows.Count;

    private static int[] Resample(Random random, int n)
    {
        var indexes = new int[n];
        for (int i = 0; i < n; i++) indexes[i] = random.Next(n);
        return indexes;
    }

    private static double Percentile(List<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    // Beta(a, b) from two gamma draws (Marsaglia and Tsang).
    private static double Beta(Random random, double a, double b)
    {
        double x = Gamma(random, Math.Max(a, 1e-3)), y = Gamma(random, Math.Max(b, 1e-3));
        return x / (x + y);
    }

    private static double Gamma(Random random, double shape)
    {
        if (shape < 1) return Gamma(random, shape + 1) * Math.Pow(random.NextDouble(), 1 / shape);
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
                x = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
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
            list.Add("Without per-row POC outcomes, each kind's effect is the catalog's impact prior, not measured: treat the number as a planning figure, with a wider interval that includes the priors' uncertainty.");
        return list;
    }
}
