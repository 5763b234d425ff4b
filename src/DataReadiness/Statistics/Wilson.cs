namespace DataReadiness.Statistics;

/// <summary>The Wilson score interval for a proportion: honest at small n and near 0 or 1, unlike the normal approximation.</summary>
public static class Wilson
{
    /// <summary>The 95% interval (z = 1.96) for <paramref name="successes"/> out of <paramref name="trials"/>; [0, 1] when there are no trials.</summary>
    public static (double Low, double High) Interval(long successes, long trials, double z = 1.959963984540054)
    {
        if (trials <= 0) return (0, 1);
        double n = trials, p = successes / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
