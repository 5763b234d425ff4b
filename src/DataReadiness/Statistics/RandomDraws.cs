namespace DataReadiness.Statistics;

/// <summary>
/// Exact draws from the distributions the bootstrap needs, from a caller's seeded <see cref="Random"/>. A bootstrap
/// replicate of n rows over k cells is one multinomial draw: k binomials, each O(log n), instead of n row draws.
/// </summary>
public static class RandomDraws
{
    // Below this many trials, counting Bernoulli draws is cheaper than another Beta split.
    private const long DirectTrials = 40;

    /// <summary>
    /// How many of <paramref name="total"/> draws with replacement fall in each cell, the cells weighted by
    /// <paramref name="weights"/>: a multinomial draw, as conditional binomials cell by cell.
    /// </summary>
    public static long[] Multinomial(Random random, long total, IReadOnlyList<long> weights)
    {
        var counts = new long[weights.Count];
        long remainingWeight = 0;
        foreach (var w in weights)
        {
            if (w < 0) throw new ArgumentOutOfRangeException(nameof(weights), "Weights cannot be negative.");
            remainingWeight += w;
        }
        long remaining = total;
        for (int i = 0; i < counts.Length && remaining > 0; i++)
        {
            if (weights[i] == 0) continue;
            long n = weights[i] == remainingWeight ? remaining : Binomial(random, remaining, weights[i] / (double)remainingWeight);
            counts[i] = n;
            remaining -= n;
            remainingWeight -= weights[i];
        }
        return counts;
    }

    /// <summary>
    /// The number of successes in <paramref name="trials"/> independent trials of probability
    /// <paramref name="p"/>, exactly. Splits on the median order statistic of the trials' uniforms, which is
    /// Beta(j, n − j + 1) (Devroye, Non-Uniform Random Variate Generation, X.4): the j smallest all succeed or
    /// the rest all fail, and the other side is again binomial.
    /// </summary>
    public static long Binomial(Random random, long trials, double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        long successes = 0;
        while (true)
        {
            if (p <= 0 || trials == 0) return successes;
            if (p >= 1) return successes + trials;
            if (trials <= DirectTrials) break;
            long j = (trials + 1) / 2;
            double median = Beta(random, j, trials - j + 1);
            if (median < p)
            {
                successes += j;
                trials -= j;
                p = (p - median) / (1 - median);
            }
            else
            {
                trials = j - 1;
                p /= median;
            }
        }
        for (long t = 0; t < trials; t++)
            if (random.NextDouble() < p) successes++;
        return successes;
    }

    /// <summary>Beta(a, b) from two gamma draws.</summary>
    public static double Beta(Random random, double a, double b)
    {
        double x = Gamma(random, Math.Max(a, 1e-3)), y = Gamma(random, Math.Max(b, 1e-3));
        return x / (x + y);
    }

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang's squeeze; shapes below 1 by the power boost.</summary>
    public static double Gamma(Random random, double shape)
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

    /// <summary>A standard normal draw (Box-Muller).</summary>
    public static double StandardNormal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A draw from the Poisson distribution of mean 1 (Knuth's product of uniforms): a row's count in a Poisson bootstrap.</summary>
    public static long PoissonOfOne(Random random)
    {
        const double limit = 0.36787944117144233; // e^-1
        long k = 0;
        for (double product = random.NextDouble(); product > limit; product *= random.NextDouble()) k++;
        return k;
    }

    /// <summary>The <paramref name="q"/> quantile of sorted values, linearly interpolated.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
