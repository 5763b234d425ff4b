using DataReadiness.Statistics;

namespace DataReadiness.Tests.Statistics;

public class RandomDrawsTests
{
    [Theory]
    [InlineData(7, 0.5)]
    [InlineData(1_000, 0.3)]
    [InlineData(100_000, 0.002)]
    [InlineData(100_000, 0.61)]
    [InlineData(5_000_000, 0.9999)]
    public void Binomial_has_the_binomial_mean_and_variance(long trials, double p)
    {
        var random = new Random(7);
        const int draws = 20_000;
        var values = Enumerable.Range(0, draws).Select(_ => (double)RandomDraws.Binomial(random, trials, p)).ToArray();
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (draws - 1);
        double expectedMean = trials * p, expectedVariance = trials * p * (1 - p);

        // Six standard errors: a biased split (say, off by one in the order statistic) moves these far further.
        Assert.InRange(mean, expectedMean - 6 * Math.Sqrt(expectedVariance / draws), expectedMean + 6 * Math.Sqrt(expectedVariance / draws));
        Assert.InRange(variance, expectedVariance * (1 - 6 * Math.Sqrt(2.0 / draws)), expectedVariance * (1 + 6 * Math.Sqrt(2.0 / draws)));
        Assert.All(values, v => Assert.InRange(v, 0, trials));
    }

    [Fact]
    public void Binomial_matches_the_exact_distribution_cell_by_cell()
    {
        const long trials = 120;
        const double p = 0.37;
        const int draws = 40_000;
        var random = new Random(11);
        var observed = new long[trials + 1];
        for (int i = 0; i < draws; i++) observed[RandomDraws.Binomial(random, trials, p)]++;

        // Chi-square over the cells expecting at least 5 draws; df is about 35, so 80 is far in the tail.
        double chiSquare = 0, logChoose = 0;
        for (long k = 0; k <= trials; k++)
        {
            if (k > 0) logChoose += Math.Log(trials - k + 1) - Math.Log(k);
            double expected = draws * Math.Exp(logChoose + k * Math.Log(p) + (trials - k) * Math.Log(1 - p));
            if (expected >= 5) chiSquare += (observed[k] - expected) * (observed[k] - expected) / expected;
        }
        Assert.True(chiSquare < 80, $"chi-square {chiSquare:F1}");
    }

    [Fact]
    public void Binomial_edges_are_exact()
    {
        var random = new Random(1);
        Assert.Equal(0, RandomDraws.Binomial(random, 1_000, 0));
        Assert.Equal(1_000, RandomDraws.Binomial(random, 1_000, 1));
        Assert.Equal(0, RandomDraws.Binomial(random, 0, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomDraws.Binomial(random, -1, 0.5));
    }

    [Fact]
    public void Multinomial_spreads_every_draw_over_the_weighted_cells()
    {
        long[] weights = [60_000, 0, 25_000, 10_000, 4_990, 10];
        const int replicates = 3_000;
        var random = new Random(3);
        var sums = new double[weights.Length];
        for (int r = 0; r < replicates; r++)
        {
            var counts = RandomDraws.Multinomial(random, 100_000, weights);
            Assert.Equal(100_000, counts.Sum());
            Assert.Equal(0, counts[1]);
            for (int i = 0; i < counts.Length; i++) sums[i] += counts[i];
        }
        for (int i = 0; i < weights.Length; i++)
        {
            double p = weights[i] / 100_000.0, expected = 100_000 * p;
            double standardError = Math.Sqrt(100_000 * p * (1 - p) / replicates);
            Assert.InRange(sums[i] / replicates, expected - 6 * standardError - 1e-9, expected + 6 * standardError + 1e-9);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_draws()
    {
        long[] weights = [5, 50, 500, 5_000];
        Assert.Equal(RandomDraws.Multinomial(new Random(9), 5_555, weights), RandomDraws.Multinomial(new Random(9), 5_555, weights));
    }
}
