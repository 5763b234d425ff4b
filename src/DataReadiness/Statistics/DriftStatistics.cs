namespace DataReadiness.Statistics;

/// <summary>Two-sample drift statistics: pure functions of the two samples.</summary>
public static class DriftStatistics
{
    /// <summary>Kolmogorov-Smirnov two-sample statistic D and its asymptotic p-value (Stephens' correction).</summary>
    public static (double D, double PValue) KolmogorovSmirnov(double[] a, double[] b)
    {
        if (a.Length == 0 || b.Length == 0) return (0, 1);
        var x = Sorted(a);
        var y = Sorted(b);
        int i = 0, j = 0;
        double d = 0;
        while (i < x.Length && j < y.Length)
        {
            double v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] <= v) i++;
            while (j < y.Length && y[j] <= v) j++;
            d = Math.Max(d, Math.Abs((double)i / x.Length - (double)j / y.Length));
        }
        double ne = (double)x.Length * y.Length / (x.Length + y.Length);
        double lambda = (Math.Sqrt(ne) + 0.12 + 0.11 / Math.Sqrt(ne)) * d;
        return (d, KolmogorovQ(lambda));
    }

    /// <summary>
    /// The two-sample Kolmogorov-Smirnov distance between sorted samples with values within a relative
    /// <paramref name="slack"/> taken as equal (as in Lévy's distance): a value converted between units is rounded
    /// where it is written (40 mm is 1.5748 in, written 1.575), and the plain distance sees two different values.
    /// </summary>
    public static double LooseDistance(double[] sortedA, double[] sortedB, double slack)
    {
        if (sortedA.Length == 0 || sortedB.Length == 0) return 1;
        return Math.Max(RunsAhead(sortedA, sortedB, slack), RunsAhead(sortedB, sortedA, slack));
    }

    // The most by which a's distribution runs ahead of b's, b's values allowed the slack.
    private static double RunsAhead(double[] a, double[] b, double slack)
    {
        double worst = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (i + 1 < a.Length && a[i + 1] == a[i]) continue;
            double x = a[i] + slack * Math.Abs(a[i]) + 1e-12;
            int lo = 0, hi = b.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (b[mid] <= x) lo = mid + 1; else hi = mid;
            }
            worst = Math.Max(worst, (double)(i + 1) / a.Length - (double)lo / b.Length);
        }
        return worst;
    }

    // A sorted copy; the input stays as it was. (Array.Sort on doubles is several times faster than LINQ's stable Order.)
    private static double[] Sorted(double[] values)
    {
        var copy = values.ToArray();
        Array.Sort(copy);
        return copy;
    }

    /// <summary>Two sorted arrays as one sorted array, in linear time.</summary>
    private static double[] Merged(double[] x, double[] y)
    {
        var all = new double[x.Length + y.Length];
        int i = 0, j = 0, k = 0;
        while (i < x.Length && j < y.Length) all[k++] = x[i] <= y[j] ? x[i++] : y[j++];
        while (i < x.Length) all[k++] = x[i++];
        while (j < y.Length) all[k++] = y[j++];
        return all;
    }

    private static double KolmogorovQ(double lambda)
    {
        if (lambda < 0.2) return 1;
        double sum = 0;
        for (int k = 1; k <= 100; k++)
        {
            double term = 2 * (k % 2 == 1 ? 1 : -1) * Math.Exp(-2 * k * k * lambda * lambda);
            sum += term;
            if (Math.Abs(term) < 1e-12) break;
        }
        return Math.Clamp(sum, 0, 1);
    }

    /// <summary>The 1-Wasserstein (earth mover's) distance between two empirical distributions.</summary>
    public static double Wasserstein(double[] a, double[] b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        var x = Sorted(a);
        var y = Sorted(b);
        var all = Merged(x, y);
        double distance = 0;
        int i = 0, j = 0;
        for (int k = 0; k < all.Length - 1; k++)
        {
            while (i < x.Length && x[i] <= all[k]) i++;
            while (j < y.Length && y[j] <= all[k]) j++;
            distance += Math.Abs((double)i / x.Length - (double)j / y.Length) * (all[k + 1] - all[k]);
        }
        return distance;
    }

    /// <summary>Population stability index of <paramref name="actual"/> against <paramref name="expected"/> over decile bins of the expected sample.</summary>
    public static double PsiNumeric(double[] expected, double[] actual, int bins = 10)
    {
        if (expected.Length == 0 || actual.Length == 0) return 0;
        var sorted = Sorted(expected);
        var edges = Enumerable.Range(1, bins - 1).Select(q => sorted[(int)((long)q * (sorted.Length - 1) / bins)]).Distinct().ToArray();
        int Bin(double v) { int lo = Array.BinarySearch(edges, v); return lo >= 0 ? lo : ~lo; }
        var e = new double[edges.Length + 1];
        var a = new double[edges.Length + 1];
        foreach (var v in expected) e[Bin(v)]++;
        foreach (var v in actual) a[Bin(v)]++;
        return Psi(e, a);
    }

    /// <summary>Population stability index over matching category counts.</summary>
    public static double Psi(double[] expectedCounts, double[] actualCounts)
    {
        double te = expectedCounts.Sum(), ta = actualCounts.Sum(), psi = 0;
        for (int k = 0; k < expectedCounts.Length; k++)
        {
            double e = Math.Max(expectedCounts[k] / te, 1e-4), a = Math.Max(actualCounts[k] / ta, 1e-4);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }

    /// <summary>Jensen-Shannon distance (the square root of the divergence, base 2), in [0, 1].</summary>
    public static double JensenShannon(double[] p, double[] q)
    {
        double tp = p.Sum(), tq = q.Sum(), divergence = 0;
        for (int k = 0; k < p.Length; k++)
        {
            double pk = p[k] / tp, qk = q[k] / tq, m = (pk + qk) / 2;
            if (pk > 0) divergence += 0.5 * pk * Math.Log2(pk / m);
            if (qk > 0) divergence += 0.5 * qk * Math.Log2(qk / m);
        }
        return Math.Sqrt(Math.Max(0, divergence));
    }

    /// <summary>Pearson's chi-square test of homogeneity for two rows of counts; categories with tiny expected counts should be merged first.</summary>
    public static (double ChiSquare, int DegreesOfFreedom, double PValue) ChiSquare(double[] a, double[] b)
    {
        double ta = a.Sum(), tb = b.Sum(), total = ta + tb, chi = 0;
        int used = 0;
        for (int k = 0; k < a.Length; k++)
        {
            double column = a[k] + b[k];
            if (column == 0) continue;
            used++;
            double ea = column * ta / total, eb = column * tb / total;
            chi += (a[k] - ea) * (a[k] - ea) / ea + (b[k] - eb) * (b[k] - eb) / eb;
        }
        int df = Math.Max(1, used - 1);
        return (chi, df, used < 2 ? 1 : UpperRegularizedGamma(df / 2.0, chi / 2));
    }

    /// <summary>Q(s, x), the upper regularized incomplete gamma function (Numerical Recipes' series and continued fraction).</summary>
    public static double UpperRegularizedGamma(double s, double x)
    {
        if (x <= 0) return 1;
        double logGamma = LogGamma(s);
        if (x < s + 1)
        {
            double sum = 1 / s, term = sum;
            for (int n = 1; n < 1000; n++)
            {
                term *= x / (s + n);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-15) break;
            }
            return Math.Clamp(1 - sum * Math.Exp(-x + s * Math.Log(x) - logGamma), 0, 1);
        }
        double b = x + 1 - s, c = 1e300, d = 1 / b, h = d;
        for (int i = 1; i < 1000; i++)
        {
            double an = -i * (i - s);
            b += 2;
            d = an * d + b; if (Math.Abs(d) < 1e-300) d = 1e-300;
            c = b + an / c; if (Math.Abs(c) < 1e-300) c = 1e-300;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15) break;
        }
        return Math.Clamp(Math.Exp(-x + s * Math.Log(x) - logGamma) * h, 0, 1);
    }

    private static double LogGamma(double x)
    {
        // Lanczos approximation (g = 7).
        double[] c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        double a = c[0], t = x + 7.5;
        for (int i = 1; i < 9; i++) a += c[i] / (x + i);
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }
}
