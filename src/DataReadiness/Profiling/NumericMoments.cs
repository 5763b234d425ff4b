namespace DataReadiness.Profiling;

/// <summary>Count, min, max, mean and variance of a stream of numbers; merged with Chan's parallel formula.</summary>
public sealed class NumericMoments
{
    public long Count { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public double Mean { get; private set; }
    private double _m2;

    public double Variance => Count > 1 ? _m2 / (Count - 1) : 0;
    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>Moments an engine computed (pushdown); they merge like any other.</summary>
    public static NumericMoments FromSummary(long count, double min, double max, double mean, double sampleVariance) =>
        count == 0 ? new() : new() { Count = count, Min = min, Max = max, Mean = mean, _m2 = sampleVariance * (count - 1) };

    public void Add(double value) => Add(value, 1);

    /// <summary>Adds <paramref name="count"/> copies of <paramref name="value"/> (West's weighted update).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Add(double value, long count)
    {
        if (!double.IsFinite(value) || count <= 0) return;
        Count += count;
        double delta = value - Mean;
        Mean += delta * count / Count;
        _m2 += delta * (value - Mean) * count;
        // Math.Min and Math.Max, as Merge uses: -0 sorts below 0 in both, so the order rows come in does not matter.
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
    }

    public void Merge(NumericMoments other)
    {
        if (other.Count == 0) return;
        if (Count == 0)
        {
            (Count, Min, Max, Mean, _m2) = (other.Count, other.Min, other.Max, other.Mean, other._m2);
            return;
        }
        long n = Count + other.Count;
        double delta = other.Mean - Mean;
        _m2 += other._m2 + delta * delta * Count * other.Count / n;
        Mean += delta * other.Count / n;
        Count = n;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
    }
}
