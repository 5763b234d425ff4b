namespace DataReadiness.Profiling;

/// <summary>
/// Count, min, max and mean of value lengths. Lengths are integers, so an exact sum replaces the running mean of
/// <see cref="NumericMoments"/>: no division per value (this runs for every value of every column), and the mean
/// is the exact one, rounded once. Mergeable.
/// </summary>
public sealed class LengthStats
{
    private long _sum;

    public long Count { get; private set; }
    public long Min { get; private set; } = long.MaxValue;
    public long Max { get; private set; }
    public double Mean => Count == 0 ? 0 : (double)_sum / Count;

    /// <summary>Length statistics an engine computed (pushdown): its mean times its count is the sum of integers.</summary>
    public static LengthStats FromMoments(NumericMoments moments) => moments.Count == 0 ? new()
        : new() { Count = moments.Count, Min = (long)moments.Min, Max = (long)moments.Max, _sum = (long)Math.Round(moments.Mean * moments.Count) };

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Add(int length, long count = 1)
    {
        if (count <= 0) return;
        Count += count;
        _sum += length * count;
        if (length < Min) Min = length;
        if (length > Max) Max = length;
    }

    public void Merge(LengthStats other)
    {
        if (other.Count == 0) return;
        Count += other.Count;
        _sum += other._sum;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
    }
}
