using DataReadiness.Statistics;

namespace DataReadiness.Tests.Comparison;

public class DriftStatisticsTests
{
    private static double[] Normal(int n, double mean, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => mean + Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())).ToArray();
    }

    [Fact]
    public void Kolmogorov_smirnov_keeps_the_same_distribution_and_rejects_a_shift()
    {
        var (_, same) = DriftStatistics.KolmogorovSmirnov(Normal(1000, 0, 1), Normal(1000, 0, 2));
        var (d, shifted) = DriftStatistics.KolmogorovSmirnov(Normal(1000, 0, 1), Normal(1000, 0.3, 3));
        Assert.True(same > 0.05, $"p = {same}");
        Assert.True(shifted < 0.001, $"p = {shifted}");
        Assert.InRange(d, 0.08, 0.2);
    }

    [Fact]
    public void Kolmogorov_smirnov_p_values_are_uniform_under_the_null()
    {
        // Under no drift, about 5% of tests reject at 0.05.
        int rejections = Enumerable.Range(0, 200).Count(i => DriftStatistics.KolmogorovSmirnov(Normal(300, 0, 10 + i), Normal(300, 0, 1000 + i)).PValue < 0.05);
        Assert.InRange(rejections, 2, 22);
    }

    [Fact]
    public void Wasserstein_of_a_shifted_sample_is_the_shift()
    {
        var a = Normal(2000, 0, 4);
        Assert.Equal(0.5, DriftStatistics.Wasserstein(a.Select(v => v + 0.5).ToArray(), a), 9);
        Assert.Equal(0, DriftStatistics.Wasserstein(a, a), 12);
    }

    [Fact]
    public void Wasserstein_is_the_area_between_the_two_empirical_distribution_functions()
    {
        // Unequal sizes, ties within and across the samples, and values one side lacks.
        var random = new Random(5);
        var a = Enumerable.Range(0, 701).Select(_ => Math.Round(random.NextDouble() * 20) / 2).ToArray();
        var b = Enumerable.Range(0, 389).Select(_ => Math.Round(random.NextDouble() * 30) / 2 - 2).ToArray();
        double Cdf(double[] s, double x) => s.Count(v => v <= x) / (double)s.Length;
        var points = a.Concat(b).Distinct().Order().ToArray();
        double area = 0;
        for (int k = 0; k < points.Length - 1; k++) area += Math.Abs(Cdf(a, points[k]) - Cdf(b, points[k])) * (points[k + 1] - points[k]);
        Assert.Equal(area, DriftStatistics.Wasserstein(a, b), 9);
        Assert.Equal(area, DriftStatistics.Wasserstein(b, a), 9);
    }

    [Fact]
    public void Chi_square_p_value_matches_the_table()
    {
        // 3.841 is the 95% point of chi-square with one degree of freedom; 5.991 with two.
        Assert.Equal(0.05, DriftStatistics.UpperRegularizedGamma(0.5, 3.841459 / 2), 5);
        Assert.Equal(0.05, DriftStatistics.UpperRegularizedGamma(1, 5.991465 / 2), 5);
        var (chi, df, p) = DriftStatistics.ChiSquare([50, 50], [50, 50]);
        Assert.Equal((0.0, 1, 1.0), (chi, df, p));
    }

    [Fact]
    public void Jensen_shannon_and_psi_are_zero_for_the_same_mix_and_large_for_disjoint_ones()
    {
        Assert.Equal(0, DriftStatistics.JensenShannon([10, 20, 30], [1, 2, 3]), 9);
        Assert.Equal(1, DriftStatistics.JensenShannon([10, 0], [0, 10]), 9);
        Assert.Equal(0, DriftStatistics.Psi([10, 20, 30], [1, 2, 3]), 9);
        Assert.True(DriftStatistics.Psi([90, 10], [10, 90]) > 1);
        Assert.True(DriftStatistics.PsiNumeric(Normal(5000, 0, 1), Normal(5000, 1, 2)) > 0.25);
        Assert.True(DriftStatistics.PsiNumeric(Normal(5000, 0, 1), Normal(5000, 0, 2)) < 0.02);
    }
}
