using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace DataReadiness.Profiling;

/// <summary>The shape of one non-empty value, from most to least specific.</summary>
public enum ValueKind { Integer, Decimal, Boolean, Date, DateTime, Text }

/// <summary>Classifies UTF-8 field values without materialising strings, in the invariant culture.</summary>
public static class ValueClassifier
{
    /// <summary>Date-only layouts tried, in order; the first that parses names the value's format.</summary>
    public static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy/MM/dd", "dd.MM.yyyy", "dd/MM/yyyy", "MM/dd/yyyy", "dd-MMM-yyyy", "d-MMM-yy"];

    /// <summary>Date-and-time layouts tried, in order.</summary>
    public static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "dd.MM.yyyy HH:mm", "dd.MM.yyyy HH:mm:ss",
        "dd/MM/yyyy HH:mm", "dd/MM/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm", "MM/dd/yyyy HH:mm:ss",
    ];

    private const NumberStyles IntegerStyle = NumberStyles.AllowLeadingSign;
    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>True when the value is empty or only whitespace.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
            if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r' && b != (byte)'\n') return false;
        return true;
    }

    /// <summary>Classifies a non-blank value; <paramref name="number"/> is set for numbers, <paramref name="when"/> and <paramref name="format"/> for dates.</summary>
    public static ValueKind Classify(ReadOnlySpan<byte> utf8, out double number, out DateTime when, out int format)
    {
        number = double.NaN;
        when = default;
        format = -1;
        if (utf8.Length == 0) return ValueKind.Text;
        byte first = utf8[0];
        bool startsNumeric = (first >= (byte)'0' && first <= (byte)'9') || first == (byte)'-' || first == (byte)'+' || first == (byte)'.';
        if (startsNumeric && utf8.Length <= 32)
        {
            if (long.TryParse(utf8, IntegerStyle, CultureInfo.InvariantCulture, out long integer))
            {
                number = integer;
                // Eight digits that form a valid yyyyMMdd are still integers: a number column is the likelier story.
                return ValueKind.Integer;
            }
            if (double.TryParse(utf8, DecimalStyle, CultureInfo.InvariantCulture, out number) && double.IsFinite(number))
                return ValueKind.Decimal;
            number = double.NaN;
            if (TryDate(utf8, out when, out format, out bool hasTime))
                return hasTime ? ValueKind.DateTime : ValueKind.Date;
        }
        else if (first >= (byte)'0' && first <= (byte)'9' || IsAsciiLetter(first))
        {
            if (IsBoolean(utf8)) return ValueKind.Boolean;
            if (utf8.Length <= 32 && TryDate(utf8, out when, out format, out bool hasTime))
                return hasTime ? ValueKind.DateTime : ValueKind.Date;
        }
        return ValueKind.Text;
    }

    /// <summary>The format index of slash dates that read as both dd/MM/yyyy and MM/dd/yyyy (day and month both at most 12).</summary>
    public static int AmbiguousSlashDate => DateFormats.Length + DateTimeFormats.Length;

    /// <summary>How many format indexes <see cref="Classify"/> can return.</summary>
    public static int FormatCount => AmbiguousSlashDate + 1;

    /// <summary>The layout name of a date format index from <see cref="Classify"/>.</summary>
    public static string FormatName(int format) =>
        format == AmbiguousSlashDate ? "dd/MM/yyyy or MM/dd/yyyy"
        : format < DateFormats.Length ? DateFormats[format]
        : DateTimeFormats[format - DateFormats.Length].Replace("'", "");

    private static bool IsAsciiLetter(byte b) => (b | 0x20) >= (byte)'a' && (b | 0x20) <= (byte)'z';

    private static bool IsBoolean(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 5) return false;
        Span<byte> lower = stackalloc byte[5];
        for (int i = 0; i < utf8.Length; i++) lower[i] = (byte)(utf8[i] | 0x20);
        var v = lower[..utf8.Length];
        return v.SequenceEqual("true"u8) || v.SequenceEqual("false"u8) || v.SequenceEqual("yes"u8) || v.SequenceEqual("no"u8);
    }

    private static bool TryDate(ReadOnlySpan<byte> utf8, out DateTime when, out int format, out bool hasTime)
    {
        when = default;
        format = -1;
        hasTime = false;
        if (utf8.Length < 6 || utf8.Length > 32) return false;
        Span<char> chars = stackalloc char[32];
        if (Utf8.ToUtf16(utf8, chars, out _, out int written) != System.Buffers.OperationStatus.Done) return false;
        var text = chars[..written];
        if (text.IndexOfAny('-', '/', '.') < 0) return false;
        hasTime = text.Contains(':');
        var formats = hasTime ? DateTimeFormats : DateFormats;
        for (int i = 0; i < formats.Length; i++)
        {
            if (DateTime.TryParseExact(text, formats[i], CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out when))
            {
                format = hasTime ? DateFormats.Length + i : i;
                if (!hasTime && formats[i] == "dd/MM/yyyy" && when.Day != when.Month && when.Day <= 12 &&
                    DateTime.TryParseExact(text, "MM/dd/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    format = AmbiguousSlashDate;
                return true;
            }
        }
        return false;
    }
}
