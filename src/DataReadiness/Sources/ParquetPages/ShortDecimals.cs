using System.Buffers.Text;

namespace DataReadiness.Sources.ParquetPages;

/// <summary>
/// Writes a double the way <c>double.ToString("R", InvariantCulture)</c> does, fast, for the values extracts are
/// full of: prices, weights and quantities with a few decimals. The general shortest-round-trip algorithm costs
/// several times more than a Parquet column's decoding; other values are left to it.
/// </summary>
internal static class ShortDecimals
{
    private const int MaxDecimals = 6;
    private static readonly double[] PowersOfTen = [1, 10, 100, 1e3, 1e4, 1e5, 1e6];

    /// <summary>
    /// True when <paramref name="value"/> is written into <paramref name="destination"/>. The fewest decimals k (up
    /// to six) for which m / 10^k, with m an integer, is exactly the double give its shortest round-trip text: the
    /// division of two exactly representable numbers is correctly rounded, as parsing is, so the text reads back as
    /// the value, and no text with fewer decimals does. Below 1e9 doubles lie closer than 1e-6, so no other text
    /// of k decimals reads back as the value either. Zero, tiny and huge values, which "R" may write with an
    /// exponent or a sign of zero, are refused.
    /// </summary>
    public static bool TryFormat(double value, Span<byte> destination, out int written)
    {
        written = 0;
        double magnitude = Math.Abs(value);
        if (!(magnitude >= 1e-4 && magnitude < 1e9)) return false;
        for (int k = 0; k <= MaxDecimals; k++)
        {
            double scaled = Math.Round(magnitude * PowersOfTen[k]);
            if (scaled / PowersOfTen[k] != magnitude) continue;
            long digits = (long)scaled;
            long unit = (long)PowersOfTen[k];
            int at = 0;
            if (value < 0)
            {
                if (destination.Length < 1) return false;
                destination[at++] = (byte)'-';
            }
            if (!Utf8Formatter.TryFormat(digits / unit, destination[at..], out int whole)) return false;
            at += whole;
            if (k > 0)
            {
                if (destination.Length < at + 1 + k) return false;
                destination[at++] = (byte)'.';
                long fraction = digits % unit;
                for (int d = k - 1; d >= 0; d--)
                {
                    destination[at + d] = (byte)('0' + fraction % 10);
                    fraction /= 10;
                }
                at += k;
            }
            written = at;
            return true;
        }
        return false;
    }
}
