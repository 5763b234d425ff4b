using System.Numerics;

namespace DataReadiness.Profiling;

/// <summary>
/// Distinct-count sketch: exact up to <see cref="ExactLimit"/> values, then a HyperLogLog with 2^14 registers
/// (relative standard error 1.04/sqrt(16384) = 0.81%) read with Ertl's improved estimator, which needs no
/// empirical bias tables. Mergeable: merging two sketches equals sketching the union.
/// </summary>
public sealed class DistinctSketch
{
    public const int Precision = 14;
    public const int RegisterCount = 1 << Precision;
    public const int ExactLimit = 4096;
    private const int RemainderBits = 64 - Precision;

    private HashSet<ulong>? _exact = new();
    private const int RecentBits = 8;
    private readonly ulong[] _recent = new ulong[1 << RecentBits];
    private byte[]? _registers;
    // A count an engine computed (pushdown): reported as is, never merged.
    private long? _engineCount;
    private double _engineError;

    /// <summary>A distinct count a database engine computed, with its relative standard error (0 when exact).</summary>
    public static DistinctSketch FromEngine(long count, double relativeStandardError) =>
        new() { _exact = null, _engineCount = count, _engineError = relativeStandardError };

    /// <summary>True while the count is exact (few distinct values).</summary>
    public bool IsExact => _engineCount is not null ? _engineError == 0 : _exact is not null;

    /// <summary>The relative standard error of <see cref="Estimate"/>: 0 while exact.</summary>
    public double RelativeStandardError => _engineCount is not null ? _engineError : IsExact ? 0 : 1.04 / Math.Sqrt(RegisterCount);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Add(ulong hash)
    {
        if (_engineCount is not null) throw new InvalidOperationException("an engine's distinct count cannot take more values");
        if (_exact is not null)
        {
            // A hash once added stays in the set, so a hash seen recently needs no set lookup: columns with few
            // distinct values (units, plants, currencies) are nearly all hits on this one-line cache.
            ref ulong recent = ref _recent[(int)(hash >> (64 - RecentBits))];
            if (recent == hash && hash != 0) return;
            recent = hash;
            if (_exact.Add(hash) && _exact.Count > ExactLimit) Promote();
            return;
        }
        AddToRegisters(_registers!, hash);
    }

    public void Merge(DistinctSketch other)
    {
        if (_engineCount is not null || other._engineCount is not null)
            throw new InvalidOperationException("an engine's distinct count cannot be merged: push the whole source down at once");
        if (other._exact is not null)
        {
            foreach (var h in other._exact) Add(h);
            return;
        }
        if (_exact is not null) Promote();
        var mine = _registers!;
        var theirs = other._registers!;
        for (int i = 0; i < RegisterCount; i++)
            if (theirs[i] > mine[i]) mine[i] = theirs[i];
    }

    public long Estimate()
    {
        if (_engineCount is { } counted) return counted;
        if (_exact is not null) return _exact.Count;
        return (long)Math.Round(ErtlEstimate(_registers!));
    }

    /// <summary>A copy of the registers, for tests that prove merge equals one pass.</summary>
    internal byte[]? RegistersSnapshot() => _registers?.ToArray();

    private void Promote()
    {
        _registers = new byte[RegisterCount];
        foreach (var h in _exact!) AddToRegisters(_registers, h);
        _exact = null;
    }

    private static void AddToRegisters(byte[] registers, ulong hash)
    {
        int index = (int)(hash >> RemainderBits);
        ulong remainder = hash << Precision;
        // rank = leading zeros of the remaining 50 bits + 1, capped at 51 when they are all zero
        int rank = remainder == 0 ? RemainderBits + 1 : Math.Min(BitOperations.LeadingZeroCount(remainder) + 1, RemainderBits + 1);
        if (rank > registers[index]) registers[index] = (byte)rank;
    }

    // Ertl, "New cardinality estimation algorithms for HyperLogLog sketches" (2017), the improved raw estimator.
    private static double ErtlEstimate(byte[] registers)
    {
        const int q = RemainderBits;
        double m = RegisterCount;
        var histogram = new int[q + 2];
        foreach (var r in registers) histogram[r]++;
        double z = m * Tau(1 - histogram[q + 1] / m);
        for (int k = q; k >= 1; k--) z = 0.5 * (z + histogram[k]);
        z += m * Sigma(histogram[0] / m);
        return m * m / (2 * Math.Log(2)) / z;
    }

    private static double Sigma(double x)
    {
        if (x == 1) return double.PositiveInfinity;
        double y = 1, z = x;
        while (true)
        {
            x *= x;
            double previous = z;
            z += x * y;
            y += y;
            if (z == previous) return z;
        }
    }

    private static double Tau(double x)
    {
        if (x == 0 || x == 1) return 0;
        double y = 1, z = 1 - x;
        while (true)
        {
            x = Math.Sqrt(x);
            double previous = z;
            y *= 0.5;
            z -= Math.Pow(1 - x, 2) * y;
            if (z == previous) return z / 3;
        }
    }
}
