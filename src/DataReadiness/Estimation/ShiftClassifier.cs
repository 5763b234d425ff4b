using System.Globalization;
using DataReadiness.Findings;
using DataReadiness.Sampling;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace DataReadiness.Estimation;

/// <summary>
/// The classifier's report, and each scored row's out-of-fold probability of being live (rows by their index in their
/// side's sample), which the estimate turns into importance weights.
/// </summary>
public sealed record ShiftMeasurement(ShiftReport Report, int[] LiveRows, float[] LiveProbabilities, int[] PocRows, float[] PocProbabilities, double SizeOdds,
    int[] PocFolds)
{
    /// <summary>A row's odds of being live, the sides' sizes set aside (1: as likely either side).</summary>
    public double Odds(float probability)
    {
        double p = Math.Clamp(probability, 1e-6, 1 - 1e-6);
        return p / (1 - p) / SizeOdds;
    }
}

/// <summary>
/// The domain classifier (issue 18): gradient-boosted trees (ML.NET FastTree) on the two samples as one
/// <see cref="DataFrame"/>, cross-fitted over four folds (fitted side by side) so that no row is scored by a model that saw it, and
/// permutation importance (each column's features shuffled together) on a held-out fold. Features per column: missing or not, length, how common the value is
/// in both samples together, its number (typed, or read from the text); and a number over its category's mean (<see cref="ContextFeatures"/>). Randomness is the run's seed.
/// </summary>
public static class ShiftClassifier
{
    /// <summary>Rows taken from each side (the first of the seeded sample): enough for an AUC to about ±0.01.</summary>
    public const int RowsPerSide = 3000;

    public const int Folds = 4;

    /// <summary>A side needs this many rows for the classifier to say anything.</summary>
    public const int MinRowsPerSide = 50;

    /// <summary>The odds (live to POC, the sides' sizes set aside) from which a live row is outside the POC's support.</summary>
    public const double UnsupportedOdds = 49;

    private const float Missing = -1e30f;

    /// <summary>
    /// Fits a tiny model once, so that ML.NET's loading and compilation (about half a second) happen while the run
    /// reads its sources rather than after. Safe to call at any time, from any thread; errors are of no consequence.
    /// </summary>
    public static void Warm()
    {
        try
        {
            var frame = new DataFrame(
                new PrimitiveDataFrameColumn<float>("f0", Enumerable.Range(0, 200).Select(i => (float)(i % 7))),
                new PrimitiveDataFrameColumn<bool>("Label", Enumerable.Range(0, 200).Select(i => i % 2 == 0)));
            var ml = new MLContext(0);
            var model = Pipeline(ml, ["f0"]).Fit(frame);
            _ = model.Transform(frame).GetColumn<float>("Score").Count();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The real fit reports its own errors.
        }
    }

    private static EstimatorChain<BinaryPredictionTransformer<Microsoft.ML.Calibrators.CalibratedModelParametersBase<FastTreeBinaryModelParameters, Microsoft.ML.Calibrators.PlattCalibrator>>> Pipeline(
        MLContext ml, string[] features, int threads = 2) =>
        ml.Transforms.Concatenate("Features", features)
            .Append(ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = "Label",
                FeatureColumnName = "Features",
                NumberOfTrees = 40,
                NumberOfLeaves = 16,
                MinimumExampleCountPerLeaf = 20,
                // A fixed number of threads builds the same trees run after run (checked: byte-identical findings).
                NumberOfThreads = threads,
            }));

    /// <summary>
    /// <paramref name="count"/> row indexes spread evenly over a sample of <paramref name="total"/> rows. Samples are in
    /// source order: their first rows would be the extract's first part only (one month, one plant).
    /// </summary>
    public static int[] EvenlySpread(int total, int count) =>
        count >= total ? Enumerable.Range(0, total).ToArray() : Enumerable.Range(0, count).Select(i => (int)((long)i * total / count)).ToArray();

    public static ShiftMeasurement? Measure(SampleFrame live, SampleFrame poc, IReadOnlyDictionary<string, string> pocNameOf,
        IReadOnlyDictionary<string, ColumnRole> roles, IReadOnlyCollection<string> modelColumns, int seed)
    {
        int liveRows = Math.Min(live.Count, RowsPerSide), pocRows = Math.Min(poc.Count, RowsPerSide);
        if (liveRows < MinRowsPerSide || pocRows < MinRowsPerSide) return null;
        var liveIndex = EvenlySpread(live.Count, liveRows);
        var pocIndex = EvenlySpread(poc.Count, pocRows);
        var used = new List<(string Live, string Poc)>();
        var leftOut = new List<string>();
        foreach (var column in live.Columns)
        {
            var pocColumn = pocNameOf.GetValueOrDefault(column) ?? column;
            if (!poc.Has(pocColumn)) continue;
            if (modelColumns.Contains(column) || modelColumns.Contains(pocColumn) || roles.GetValueOrDefault(column) is ColumnRole.Id or ColumnRole.Key or ColumnRole.Date)
            {
                leftOut.Add(column);
                continue;
            }
            used.Add((column, pocColumn));
        }
        if (used.Count == 0) return null;

        // One frame: live rows first (label true), then POC rows.
        int n = liveRows + pocRows;
        var numeric = new List<(string Column, float[] Values)>();
        var categorical = new List<(string Column, float[] Codes, int Categories)>();
        var frame = new DataFrame();
        var featureNames = new List<string>();
        var featureColumn = new List<string>();
        var texts = used.Select(u => (Live: live.Text(u.Live), Poc: poc.Text(u.Poc))).ToList();
        for (int c = 0; c < used.Count; c++)
        {
            var (column, pocColumn) = used[c];
            var (liveText, pocText) = texts[c];
            string? Value(int row) => row < liveRows ? liveText[liveIndex[row]] : pocText[pocIndex[row - liveRows]];
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int r = 0; r < n; r++)
                if (Value(r) is { } v) counts[v] = counts.GetValueOrDefault(v) + 1;
            var missing = new float[n];
            var length = new float[n];
            var share = new float[n];
            var number = new float[n];
            // The value itself, as its rank among the column's values by frequency (values seen once have none): the
            // categories a number is grouped by in its context feature below.
            var code = new float[n];
            var rankOf = counts.Where(p => p.Value >= 2).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
                .Select((p, i) => (p.Key, i)).ToDictionary(p => p.Key, p => (float)p.i, StringComparer.Ordinal);
            var liveNumbers = live.Numbers(column);
            var pocNumbers = poc.Numbers(pocColumn);
            for (int r = 0; r < n; r++)
            {
                var v = Value(r);
                bool blank = string.IsNullOrWhiteSpace(v);
                missing[r] = blank ? 1 : 0;
                length[r] = v?.Length ?? 0;
                share[r] = v is null ? 0 : (float)counts[v] / n;
                code[r] = v is not null && rankOf.TryGetValue(v, out var rank) ? rank : Missing;
                double? typed = r < liveRows ? liveNumbers?[liveIndex[r]] : pocNumbers?[pocIndex[r - liveRows]];
                number[r] = typed is { } t ? (float)t
                    : !blank && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) ? (float)parsed
                    : Missing;
            }
            // The code itself is not a feature: ranked by frequency, it splits as the share does. It serves as a number's context.
            foreach (var values in new[] { missing, length, share, number })
            {
                var name = $"f{featureNames.Count}";
                frame.Columns.Add(new PrimitiveDataFrameColumn<float>(name, values));
                featureNames.Add(name);
                featureColumn.Add(column);
            }
            if (number.Count(x => x != Missing) * 2 >= n) numeric.Add((column, number));
            if (rankOf.Count is >= 2 and <= MaxContextCategories) categorical.Add((column, code, rankOf.Count));
        }
        foreach (var (column, values) in ContextFeatures(numeric, categorical))
        {
            var name = $"f{featureNames.Count}";
            frame.Columns.Add(new PrimitiveDataFrameColumn<float>(name, values));
            featureNames.Add(name);
            featureColumn.Add(column);
        }
        frame.Columns.Add(new PrimitiveDataFrameColumn<bool>("Label", Enumerable.Range(0, n).Select(r => r < liveRows)));

        // Cross-fitting: each row's fold from the seeded generator; each fold scored by the model trained on the others.
        // Folds are stratified (each has live and POC rows in the samples' proportion): a fold whose training rows lean to
        // one side would score its held-out rows against that lean, and pull an AUC of two alike samples below 0.5.
        // Rows with the same values are one group, in one fold: a record on both sides would otherwise be learnt from
        // its twin with the other label, and its side guessed wrong.
        var random = new Random(seed);
        var groupOf = new ulong[n];
        var text = new System.Text.StringBuilder();
        for (int r = 0; r < n; r++)
        {
            text.Clear();
            foreach (var (liveText, pocText) in texts)
                text.Append(r < liveRows ? liveText[liveIndex[r]] : pocText[pocIndex[r - liveRows]]).Append('\u001f');
            groupOf[r] = Values.StableHash.Of(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        }
        var groups = Enumerable.Range(0, n).GroupBy(r => groupOf[r]).Select(g => g.ToArray()).ToList();
        var foldOf = new int[n];
        // Groups of live rows, of POC rows and of both are dealt to the folds in turn, each kind in a seeded order.
        foreach (var kind in groups.GroupBy(g => g.All(r => r < liveRows) ? 0 : g.All(r => r >= liveRows) ? 1 : 2).OrderBy(k => k.Key))
        {
            var order = kind.OrderBy(g => g[0]).Select(g => (Group: g, Key: random.Next())).OrderBy(x => x.Key).Select(x => x.Group).ToList();
            for (int i = 0; i < order.Count; i++)
                foreach (int r in order[i]) foldOf[r] = i % Folds;
        }
        var scores = new float[n];
        var probabilities = new float[n];
        // The folds' fits run side by side, one thread each: a fit's own threads share its tree building only, and
        // the machines this runs on have two cores or more. Each fold has its own context, seeded by the run and the fold.
        var trains = new DataFrame[Folds];
        var tests = new DataFrame[Folds];
        for (int k = 0; k < Folds; k++)
        {
            int fold = k;
            trains[k] = frame.Filter(new PrimitiveDataFrameColumn<bool>("out", foldOf.Select(f => f != fold)));
            tests[k] = frame.Filter(new PrimitiveDataFrameColumn<bool>("in", foldOf.Select(f => f == fold)));
        }
        var models = new TransformerChain<BinaryPredictionTransformer<Microsoft.ML.Calibrators.CalibratedModelParametersBase<FastTreeBinaryModelParameters, Microsoft.ML.Calibrators.PlattCalibrator>>>[Folds];
        var foldScores = new float[Folds][];
        Parallel.For(0, Folds, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(Environment.ProcessorCount, Folds)) }, k =>
        {
            var foldContext = new MLContext(seed + k);
            models[k] = Pipeline(foldContext, featureNames.ToArray(), threads: 1).Fit(trains[k]);
            foldScores[k] = models[k].Transform(tests[k]).GetColumn<float>("Score").ToArray();
        });
        for (int k = 0; k < Folds; k++)
            for (int r = 0, t = 0; r < n; r++)
                if (foldOf[r] == k) scores[r] = foldScores[k][t++];
        var firstModel = models[0];
        DataFrame firstHoldOut = tests[0];
        // Probabilities for the importance weights: ML.NET's calibrator is fitted on the rows the trees were grown on, where
        // they separate the sides better than on new rows, so each fold's held-out scores are calibrated anew (Platt: a
        // logistic curve of the score), by that fold's own labels (two parameters, a negligible leak).
        for (int k = 0; k < Folds; k++)
        {
            var rows = Enumerable.Range(0, n).Where(r => foldOf[r] == k).ToArray();
            var (a, b) = Platt(rows.Select(r => (double)scores[r]).ToArray(), rows.Select(r => r < liveRows).ToArray());
            foreach (int r in rows) probabilities[r] = (float)(1 / (1 + Math.Exp(-(a + b * scores[r]))));
        }
        // The AUC is the mean of the folds' (each fold's rows are ranked by one model; models of different folds do
        // not share a scale), its standard error that of a mean of four.
        var labels = Enumerable.Range(0, n).Select(r => r < liveRows).ToArray();
        double auc = 0, variance = 0;
        for (int k = 0; k < Folds; k++)
        {
            var rows = Enumerable.Range(0, n).Where(r => foldOf[r] == k).ToArray();
            var (foldAuc, foldError) = Auc(rows.Select(r => labels[r]).ToArray(), rows.Select(r => scores[r]).ToArray());
            auc += foldAuc / Folds;
            variance += foldError * foldError / (Folds * Folds);
        }
        double standardError = Math.Sqrt(variance);

        // Permutation importance on the first fold's rows, by the model that did not see them: each column's features
        // shuffled together (seeded), the AUC lost.
        var holdLabels = firstHoldOut.Columns["Label"].Cast<bool?>().Select(b => b == true).ToArray();
        double holdAuc = Auc(holdLabels, firstModel.Transform(firstHoldOut).GetColumn<float>("Score").ToArray()).Auc;
        var dropByColumn = new Dictionary<string, double>(StringComparer.Ordinal);
        // The drops are measured for the columns the trees gain most from (their features' summed split gain), at most
        // MaxImportanceColumns: a column the trees never split on loses nothing when shuffled, and on a 300-column
        // extract scoring a copy of the fold per column took most of a 50 s classifier. The shuffled frame shares
        // every other column with the fold instead of copying it.
        var gains = default(VBuffer<float>);
        firstModel.LastTransformer.Model.SubModel.GetFeatureWeights(ref gains);
        var gain = gains.DenseValues().ToArray();
        var holdRows = (int)firstHoldOut.Rows.Count;
        var featureIndex = featureNames.Select((name, f) => (name, f)).ToDictionary(x => x.name, x => x.f, StringComparer.Ordinal);
        var measuredColumns = featureColumn.Select((column, f) => (column, Gain: f < gain.Length ? gain[f] : 0))
            .GroupBy(x => x.column, StringComparer.Ordinal).Select(g => (Column: g.Key, Gain: g.Sum(x => (double)x.Gain)))
            .Where(g => g.Gain > 0).OrderByDescending(g => g.Gain).ThenBy(g => g.Column, StringComparer.Ordinal)
            .Take(MaxImportanceColumns).Select(g => g.Column).ToHashSet(StringComparer.Ordinal);
        foreach (var (column, _) in used)
        {
            // The seeded order is drawn for every column, measured or not, so the drops do not depend on which are skipped.
            var order = Enumerable.Range(0, holdRows).OrderBy(_ => random.Next()).ToArray();
            if (!measuredColumns.Contains(column))
            {
                dropByColumn[column] = 0;
                continue;
            }
            var shuffled = new DataFrame(firstHoldOut.Columns.Select(c =>
            {
                if (!featureIndex.TryGetValue(c.Name, out int f) || featureColumn[f] != column) return c;
                var original = (PrimitiveDataFrameColumn<float>)c;
                return new PrimitiveDataFrameColumn<float>(c.Name, order.Select(i => original[i] ?? 0f));
            }));
            double permutedAuc = Auc(holdLabels, firstModel.Transform(shuffled).GetColumn<float>("Score").ToArray()).Auc;
            dropByColumn[column] = holdAuc - permutedAuc;
        }
        // Live rows outside what the POC covers: the classifier, out of fold, is near certain they are live (odds of
        // 49 to 1 or more once the sides' sizes are set aside: 98% with as many rows on each side).
        double sizeOdds = (double)liveRows / pocRows;
        int unsupported = 0;
        for (int r = 0; r < liveRows; r++)
        {
            double p = Math.Clamp(probabilities[r], 1e-6, 1 - 1e-6);
            if (p / (1 - p) / sizeOdds >= UnsupportedOdds) unsupported++;
        }
        var drivers = dropByColumn.Where(d => d.Value >= 0.005).OrderByDescending(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal)
            .Take(8).Select(d => new ShiftDriver(d.Key, Math.Round(d.Value, 4))).ToList();
        var report = new ShiftReport(Math.Round(auc, 4), Math.Round(Math.Max(0, auc - 1.96 * standardError), 4), Math.Round(Math.Min(1, auc + 1.96 * standardError), 4),
            liveRows, pocRows, Folds, featureNames.Count, used.Select(u => u.Live).ToList(), leftOut, drivers)
        {
            UnsupportedShare = Math.Round((double)unsupported / liveRows, 4),
        };
        return new ShiftMeasurement(report, liveIndex, probabilities[..liveRows], pocIndex, probabilities[liveRows..], sizeOdds, foldOf[liveRows..]);
    }

    /// <summary>
    /// Permutation importance is measured for at most this many columns, those the trees gain most from; a column
    /// the trees never split on loses nothing when shuffled.
    /// </summary>
    public const int MaxImportanceColumns = 24;

    /// <summary>A category column with more values than this does not serve as a number's context.</summary>
    public const int MaxContextCategories = 200;

    /// <summary>A number's context must explain at least this share of its variance (η²).</summary>
    public const double MinContextExplained = 0.5;

    /// <summary>
    /// Numbers in their context: for each numeric column, the category column that explains most of its variance (η² at
    /// least <see cref="MinContextExplained"/>: a price by its item, a weight by its product), and the number divided by
    /// its category's mean. A price 15% above its item's usual one is then one split, not a split per item. At most
    /// 40 numeric and 40 category columns (the fewest categories first) are paired. Pure.
    /// </summary>
    public static List<(string Column, float[] Values)> ContextFeatures(IReadOnlyList<(string Column, float[] Values)> numeric,
        IReadOnlyList<(string Column, float[] Codes, int Categories)> categorical)
    {
        var result = new List<(string, float[])>();
        var contexts = categorical.OrderBy(c => c.Categories).ThenBy(c => c.Column, StringComparer.Ordinal).Take(40).ToList();
        foreach (var (column, values) in numeric.Take(40))
        {
            double bestExplained = MinContextExplained;
            double[]? bestMeans = null;
            float[]? bestCodes = null;
            foreach (var (other, codes, categories) in contexts)
            {
                if (other == column) continue;
                var sums = new double[categories];
                var counts = new int[categories];
                double total = 0, totalSquares = 0;
                int rows = 0;
                for (int r = 0; r < values.Length; r++)
                {
                    if (values[r] == Missing || codes[r] == Missing) continue;
                    int c = (int)codes[r];
                    sums[c] += values[r];
                    counts[c]++;
                    total += values[r];
                    totalSquares += (double)values[r] * values[r];
                    rows++;
                }
                if (rows < 100) continue;
                double mean = total / rows, totalVariance = totalSquares - rows * mean * mean;
                if (totalVariance <= 0) continue;
                double between = 0;
                var means = new double[categories];
                for (int c = 0; c < categories; c++)
                {
                    if (counts[c] == 0) continue;
                    means[c] = sums[c] / counts[c];
                    between += counts[c] * (means[c] - mean) * (means[c] - mean);
                }
                double explained = between / totalVariance;
                if (explained > bestExplained)
                {
                    (bestExplained, bestMeans, bestCodes) = (explained, means, codes);
                }
            }
            if (bestMeans is null) continue;
            var ratio = new float[values.Length];
            for (int r = 0; r < values.Length; r++)
                ratio[r] = values[r] == Missing || bestCodes![r] == Missing || bestMeans[(int)bestCodes[r]] == 0
                    ? Missing
                    : (float)(values[r] / bestMeans[(int)bestCodes[r]]);
            result.Add((column, ratio));
        }
        return result;
    }

    /// <summary>
    /// Platt scaling: the intercept and slope of a logistic regression of the labels on the scores (Newton's method,
    /// with Platt's targets (N+ + 1)/(N+ + 2) and 1/(N- + 2) so that separable scores keep finite parameters). Pure.
    /// </summary>
    public static (double Intercept, double Slope) Platt(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        int positives = labels.Count(l => l), negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) return (0, 0);
        double high = (positives + 1.0) / (positives + 2.0), low = 1.0 / (negatives + 2.0);
        double a = Math.Log((positives + 1.0) / (negatives + 1.0)), b = 0;
        for (int iteration = 0; iteration < 50; iteration++)
        {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            for (int i = 0; i < scores.Count; i++)
            {
                double p = 1 / (1 + Math.Exp(-(a + b * scores[i])));
                double t = labels[i] ? high : low;
                double w = p * (1 - p), x = scores[i];
                ga += p - t;
                gb += (p - t) * x;
                haa += w;
                hab += w * x;
                hbb += w * x * x;
            }
            double det = haa * hbb - hab * hab;
            if (Math.Abs(det) < 1e-12) break;
            double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
            a -= da;
            b -= db;
            if (Math.Abs(da) + Math.Abs(db) < 1e-9) break;
        }
        return (a, b);
    }

    /// <summary>
    /// The area under the ROC curve of scores for two classes (Mann-Whitney, ties counted half), with its standard
    /// error by Hanley and McNeil (1982). Pure.
    /// </summary>
    public static (double Auc, double StandardError) Auc(IReadOnlyList<bool> labels, IReadOnlyList<float> scores)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSumPositive = 0;
        long positives = 0;
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]]) j++;
            double rank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++)
                if (labels[order[k]])
                {
                    rankSumPositive += rank;
                    positives++;
                }
            i = j;
        }
        long negatives = scores.Count - positives;
        if (positives == 0 || negatives == 0) return (0.5, 0.5);
        double auc = (rankSumPositive - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
        double q1 = auc / (2 - auc), q2 = 2 * auc * auc / (1 + auc);
        double variance = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) / ((double)positives * negatives);
        return (auc, Math.Sqrt(Math.Max(0, variance)));
    }
}
