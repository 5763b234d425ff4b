using System.Globalization;
using System.Text;
using DataReadiness.Sources.ParquetPages;

namespace DataReadiness.Tests.Sources;

public class ShortDecimalsTests
{
    private static void AssertWrittenAsR(double value)
    {
        Span<byte> buffer = stackalloc byte[64];
        var expected = value.ToString("R", CultureInfo.InvariantCulture);
        if (ShortDecimals.TryFormat(value, buffer, out int written))
            Assert.True(expected == Encoding.ASCII.GetString(buffer[..written]), $"{expected} written as {Encoding.ASCII.GetString(buffer[..written])}");
    }

    [Fact]
    public void Values_with_few_decimals_are_written_as_R_writes_them_and_the_rest_are_refused_or_equal_too()
    {
        var random = new Random(11);
        int accepted = 0;
        Span<byte> buffer = stackalloc byte[64];
        for (int i = 0; i < 200_000; i++)
        {
            int decimals = random.Next(0, 9);
            double value = (random.NextInt64(-2_000_000_000, 2_000_000_000) / Math.Pow(10, decimals)) * (random.Next(3) == 0 ? 1e-3 : 1);
            AssertWrittenAsR(value);
            if (ShortDecimals.TryFormat(value, buffer, out _)) accepted++;
            AssertWrittenAsR(random.NextDouble() * Math.Pow(10, random.Next(-6, 12)));
        }
        // Most extract-like values take the fast path.
        Assert.True(accepted > 100_000, $"{accepted} accepted");
        double[] edges = [0.1 + 0.2, 1e-4, 9.999e-5, 0.0001234, 999_999_999.5, 1e9, 123_456_789.123456, 0.000001, 2.5, -2.5, 100, -0.001,
            double.Epsilon, double.MaxValue, 1.0 / 3, 4.35, 0.29, 1.005, 9007199254740993.0];
        foreach (var edge in edges) AssertWrittenAsR(edge);
        Assert.False(ShortDecimals.TryFormat(0.0, buffer, out _));
        Assert.False(ShortDecimals.TryFormat(-0.0, buffer, out _));
        Assert.False(ShortDecimals.TryFormat(double.NaN, buffer, out _));
        Assert.False(ShortDecimals.TryFormat(double.PositiveInfinity, buffer, out _));
        Assert.False(ShortDecimals.TryFormat(1.5, buffer[..2], out _));
    }
}
