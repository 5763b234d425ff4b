using System.Globalization;
using DataReadiness.Findings;
using DataReadiness.Statistics;

namespace DataReadiness.Estimation;

/// <summary>
/// The model's scores for the estimate: live rows' readable scores, and POC rows with both a readable score and an
/// outcome (none when the POC has no outcomes), with how many rows on each side had no readable score.
/// </summary>
public sealed record ScoreInput(
    IReadOnlyList<double> LiveScores,
    int LiveRowsWithoutScore,
    IReadOnlyList<(double Score, bool Correct)> PocRows,
    int PocRowsWithoutScore,
    ScoreMeaning Meaning,
    string LiveColumn,
    string? PocColumn,
    int BootstrapSamples = 300,
    int Seed = 42);

/// <summary>
/// Confidence-based performance estimation, as NannyML's CBPE: a row's score is the probability its prediction is
/// right, so the expected accuracy of live rows is their mean score, once the scores are calibrated. The POC's outcomes
/// check that (expected calibration error over ten bins of equal rows, with its p-value under perfect calibration) and
/// fix it (an isotonic fit of outcome on score, pool-adjacent-violators, through which live scores are read). The
/// interval is a Poisson bootstrap over both samples, the isotonic fit refit per draw, with each live row's own
/// Bernoulli variation on top. Pure: the same input and seed give the same estimate.
/// </summary>
public static class ScoreBasedEstimator
{
    /// <summary>POC rows with a score and an outcome needed to check and fit the calibration.</summary>
    public const int MinPocRows = 50;

    public const int CalibrationBins = 10;

    /// <summary>A calibration error below this (2 points) is too small to matter, whatever its p-value.</summary>
    public const double NegligibleCalibrationError = 0.02;

    private const int CalibrationSimulations = 200;

    /// <summary>A score from its text: a number in [0, 1] (invariant culture); null otherwise.</summary>
    public static double? ReadScore(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1 ? value : null;

    /// <summary>The probability that the row's prediction is right: the score itself, or for a binary model's P(positive), the larger side of it.</summary>
    public static double Confidence(double score, ScoreMeaning meaning) => meaning == ScoreMeaning.PositiveClass ? Math.Max(score, 1 - score) : score;

    public static ScoreBasedEstimate? Estimate(ScoreInput input)
    {
        if (input.LiveScores.Count == 0) return null;
        var live = input.LiveScores.Select(s => Confidence(s, input.Meaning)).ToArray();
        Array.Sort(live);
        var poc = input.PocRows.Select(p => (Score: Confidence(p.Score, input.Meaning), p.Correct)).OrderBy(p => p.Score).ToArray();
        bool calibrated = poc.Length >= MinPocRows;
        var random = new Random(input.Seed);
        var pocScores = poc.Select(p => p.Score).ToArray();
        var pocCorrect = poc.Select(p => p.Correct).ToArray();
        var ones = Enumerable.Repeat(1L, poc.Length).ToArray();
        var mapped = calibrated ? Apply(Isotonic(pocScores, pocCorrect, ones), live) : live;
        double point = mapped.Average();

        var draws = new List<double>(input.BootstrapSamples);
        var pocWeights = new long[poc.Length];
        for (int b = 0; b < input.BootstrapSamples; b++)
        {
            var drawnMap = mapped;
            if (calibrated)
            {
                for (int i = 0; i < pocWeights.Length; i++) pocWeights[i] = RandomDraws.PoissonOfOne(random);
                drawnMap = Apply(Isotonic(pocScores, pocCorrect, pocWeights), live);
            }
            double sum = 0, variance = 0;
            long rows = 0;
            for (int i = 0; i < drawnMap.Length; i++)
            {
                long w = RandomDraws.PoissonOfOne(random);
                if (w == 0) continue;
                rows += w;
                sum += w * drawnMap[i];
                variance += w * drawnMap[i] * (1 - drawnMap[i]);
            }
            if (rows == 0) continue;
            // Live rows' correctness is a coin of that probability each: the accuracy they will show varies by that much more.
            draws.Add(sum / rows + Math.Sqrt(variance) / rows * RandomDraws.StandardNormal(random));
        }
        draws.Sort();
        var interval = draws.Count == 0 ? new Interval(point, point)
            : new Interval(Math.Clamp(RandomDraws.Percentile(draws, 0.025), 0, 1), Math.Clamp(RandomDraws.Percentile(draws, 0.975), 0, 1));

        var calibration = poc.Length == 0 || input.PocColumn is null ? null : Check(pocScores, pocCorrect, input.PocColumn, input.PocRowsWithoutScore, random);
        string meaning = input.Meaning == ScoreMeaning.PositiveClass
            ? "each row's score read as P(positive class), its prediction's probability of being right max(p, 1 - p)"
            : "each row's score read as the probability of the class it predicts";
        string method = calibrated
            ? $"confidence-based (CBPE): the mean over live rows of the probability that each prediction is right, {meaning}, mapped through an isotonic fit of outcome on score over {poc.Length:N0} POC rows"
            : $"confidence-based (CBPE): the mean over live rows of {meaning}, taken as calibrated: " +
              (poc.Length == 0 ? "the POC gives no rows with both a score and an outcome, so calibration is not checked" : $"only {poc.Length} POC rows have both a score and an outcome, too few to fit a calibration");
        return new ScoreBasedEstimate(point, interval, method, input.LiveColumn, live.Length, input.LiveRowsWithoutScore, live.Average(), calibration);
    }

    /// <summary>The calibration check on the POC: bins of equal rows by score, their error, and its p-value under perfect calibration.</summary>
    private static ScoreCalibration Check(double[] scores, bool[] correct, string column, int withoutScore, Random random)
    {
        int n = scores.Length;
        int bins = Math.Min(CalibrationBins, n);
        var bounds = Enumerable.Range(0, bins + 1).Select(b => (int)((long)b * n / bins)).ToArray();
        double Error(Func<int, double> outcome)
        {
            double total = 0;
            for (int b = 0; b < bins; b++)
            {
                double observed = 0, expected = 0;
                for (int i = bounds[b]; i < bounds[b + 1]; i++)
                {
                    observed += outcome(i);
                    expected += scores[i];
                }
                total += Math.Abs(observed - expected);
            }
            return total / n;
        }
        double error = Error(i => correct[i] ? 1 : 0);
        // Outcomes drawn from the scores themselves: the errors a perfectly calibrated model shows on this many rows.
        int asLarge = 0;
        var simulated = new double[n];
        for (int s = 0; s < CalibrationSimulations; s++)
        {
            for (int i = 0; i < n; i++) simulated[i] = random.NextDouble() < scores[i] ? 1 : 0;
            if (Error(i => simulated[i]) >= error) asLarge++;
        }
        double pValue = (asLarge + 1.0) / (CalibrationSimulations + 1);
        var binReports = Enumerable.Range(0, bins).Where(b => bounds[b + 1] > bounds[b]).Select(b =>
        {
            int from = bounds[b], to = bounds[b + 1];
            int rows = to - from;
            double mean = 0, accuracy = 0;
            for (int i = from; i < to; i++)
            {
                mean += scores[i];
                accuracy += correct[i] ? 1 : 0;
            }
            return new CalibrationBin(scores[from], scores[to - 1], rows, mean / rows, accuracy / rows);
        }).ToList();
        return new ScoreCalibration(column, n, withoutScore, scores.Average(), correct.Count(c => c) / (double)n, error, pValue,
            pValue >= 0.05 || error < NegligibleCalibrationError, binReports);
    }

    /// <summary>One block of the isotonic fit: the scores it spans and the fitted probability.</summary>
    public readonly record struct Block(double Low, double High, double Value);

    /// <summary>
    /// The isotonic (non-decreasing) least-squares fit of outcome on score, by pool-adjacent-violators: scores sorted
    /// ascending, each row counted <paramref name="weights"/> times (zero: left out). Equal scores share one block.
    /// </summary>
    public static Block[] Isotonic(IReadOnlyList<double> sortedScores, IReadOnlyList<bool> correct, IReadOnlyList<long> weights)
    {
        var low = new List<double>();
        var high = new List<double>();
        var sum = new List<double>();
        var weight = new List<double>();
        for (int i = 0; i < sortedScores.Count; i++)
        {
            if (weights[i] == 0) continue;
            double x = sortedScores[i], y = correct[i] ? weights[i] : 0;
            if (high.Count > 0 && high[^1] == x)
            {
                sum[^1] += y;
                weight[^1] += weights[i];
            }
            else
            {
                low.Add(x);
                high.Add(x);
                sum.Add(y);
                weight.Add(weights[i]);
            }
            while (sum.Count >= 2 && sum[^2] / weight[^2] >= sum[^1] / weight[^1])
            {
                int last = sum.Count - 1;
                sum[last - 1] += sum[last];
                weight[last - 1] += weight[last];
                high[last - 1] = high[last];
                low.RemoveAt(last);
                high.RemoveAt(last);
                sum.RemoveAt(last);
                weight.RemoveAt(last);
            }
        }
        return Enumerable.Range(0, sum.Count).Select(b => new Block(low[b], high[b], sum[b] / weight[b])).ToArray();
    }

    /// <summary>
    /// Sorted scores read through an isotonic fit: a block's value inside it, a straight line between neighbouring blocks,
    /// the end blocks' values beyond them. One walk, since both are sorted.
    /// </summary>
    public static double[] Apply(Block[] blocks, double[] sortedScores)
    {
        if (blocks.Length == 0) return sortedScores;
        var result = new double[sortedScores.Length];
        int b = 0;
        for (int i = 0; i < sortedScores.Length; i++)
        {
            double x = sortedScores[i];
            while (b < blocks.Length - 1 && x > blocks[b].High && x >= blocks[b + 1].Low) b++;
            var block = blocks[b];
            if (x <= block.High || b == blocks.Length - 1) result[i] = block.Value;
            else
            {
                var next = blocks[b + 1];
                result[i] = block.Value + (next.Value - block.Value) * (x - block.High) / (next.Low - block.High);
            }
        }
        return result;
    }
}
