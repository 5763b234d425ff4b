using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace DataReadiness.Values;

/// <summary>Classifies UTF-8 field values without materialising strings, in the invariant culture.</summary>
public static class ValueClassifier
{
    /// <summary>Date-only layouts tried, in order; the first that parses names the value's format.</summary>
    public static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy/MM/dd", "dd.MM.yyyy", "dd/MM/yyyy", "MM/dd/yyyy", "dd-MMM-yyyy", "d-MMM-yy",
         "dd-MM-yyyy", "d MMM yyyy", "MMM d, yyyy", "d MMMM yyyy", "MMMM d, yyyy"];

    /// <summary>Date-and-time layouts tried, in order.</summary>
    public static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "dd.MM.yyyy HH:mm", "dd.MM.yyyy HH:mm:ss",
        "dd/MM/yyyy HH:mm", "dd/MM/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm", "MM/dd/yyyy HH:mm:ss",
        "M/d/yyyy h:mm tt", "d MMM yyyy HH:mm", "dd-MMM-yyyy HH:mm",
    ];

    private const NumberStyles IntegerStyle = NumberStyles.AllowLeadingSign;
    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>True when the value is empty or only whitespace.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static bool IsBlank(ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
            if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r' && b != (byte)'\n') return false;
        return true;
    }

    /// <summary>Classifies a non-blank value; <paramref name="number"/> is set for numbers, <paramref name="when"/> and <paramref name="format"/> for dates.</summary>
    /// <summary>Classifies text as the pass classifies its UTF-8 bytes, encoding short text on the stack.</summary>
    public static ValueKind Classify(string text, out double number, out DateTime when, out int format)
    {
        int most = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> utf8 = most <= 512 ? stackalloc byte[512] : new byte[most];
        int length = System.Text.Encoding.UTF8.GetBytes(text, utf8);
        return Classify(utf8[..length], out number, out when, out format);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
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
            if (TryIsoDate(utf8, out when))
            {
                format = 0;
                return ValueKind.Date;
            }
            switch (TryPlainNumber(utf8, out number))
            {
                case ValueKind.Integer: return ValueKind.Integer;
                case ValueKind.Decimal: return ValueKind.Decimal;
            }
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
        else if (IsAsciiLetter(first))
        {
            if (IsBoolean(utf8)) return ValueKind.Boolean;
            // The only layouts that start with a letter start with a month's name (Jul 5, 2025).
            if (StartsWithMonth(utf8) && HasDigit(utf8) && TryDate(utf8, out when, out format, out bool hasTime))
                return hasTime ? ValueKind.DateTime : ValueKind.Date;
        }
        return ValueKind.Text;
    }

    private static readonly double[] PowersOfTen = Enumerable.Range(0, 23).Select(i => Math.Pow(10, i)).ToArray();

    /// <summary>
    /// The common shapes 123, -4.50 and .5 without the general parser. Exact: with at most 15 significant digits and
    /// 22 decimals, integer / 10^k is one correctly rounded division (Clinger's fast path). Text (returned as
    /// <see cref="ValueKind.Text"/>) means "not this shape": the general parsers decide.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static ValueKind TryPlainNumber(ReadOnlySpan<byte> utf8, out double number)
    {
        number = double.NaN;
        int i = 0;
        bool negative = false;
        if (utf8[0] is (byte)'-' or (byte)'+')
        {
            negative = utf8[0] == (byte)'-';
            i = 1;
        }
        long mantissa = 0;
        int digits = 0, decimals = 0;
        bool point = false;
        for (; i < utf8.Length; i++)
        {
            byte b = utf8[i];
            if (b == (byte)'.' && !point) { point = true; continue; }
            int digit = b - (byte)'0';
            if ((uint)digit > 9) return ValueKind.Text;
            if (mantissa != 0 || digit != 0) digits++;
            if (digits > 15) return ValueKind.Text;
            mantissa = mantissa * 10 + digit;
            if (point) decimals++;
        }
        if (digits == 0 && mantissa == 0 && !HasDigit(utf8)) return ValueKind.Text;
        if (decimals > 22) return ValueKind.Text;
        number = mantissa / PowersOfTen[decimals];
        if (negative) number = -number;
        return point ? ValueKind.Decimal : ValueKind.Integer;
    }

    private static bool HasDigit(ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
            if (b >= (byte)'0' && b <= (byte)'9') return true;
        return false;
    }

    // The common case, yyyy-MM-dd, without the general parser (which costs a few hundred nanoseconds a value).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TryIsoDate(ReadOnlySpan<byte> utf8, out DateTime when)
    {
        when = default;
        if (utf8.Length != 10 || utf8[4] != (byte)'-' || utf8[7] != (byte)'-') return false;
        int year = 0, month = 0, day = 0;
        for (int i = 0; i < 10; i++)
        {
            if (i is 4 or 7) continue;
            int digit = utf8[i] - (byte)'0';
            if ((uint)digit > 9) return false;
            if (i < 4) year = year * 10 + digit;
            else if (i < 7) month = month * 10 + digit;
            else day = day * 10 + digit;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        when = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc);
        return true;
    }

    /// <summary>The format index of slash dates that read as both dd/MM/yyyy and MM/dd/yyyy (day and month both at most 12).</summary>
    public static int AmbiguousSlashDate => DateFormats.Length + DateTimeFormats.Length;

    /// <summary>How many format indexes <see cref="Classify(ReadOnlySpan{byte}, out double, out DateTime, out int)"/> can return.</summary>
    public static int FormatCount => AmbiguousSlashDate + 1;

    /// <summary>The layout name of a date format index from <see cref="Classify(ReadOnlySpan{byte}, out double, out DateTime, out int)"/>.</summary>
    public static string FormatName(int format) =>
        format == AmbiguousSlashDate ? "dd/MM/yyyy or MM/dd/yyyy"
        : format < DateFormats.Length ? DateFormats[format]
        : DateTimeFormats[format - DateFormats.Length].Replace("'", "");

    private static readonly string[] MonthAbbreviations = CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames[..12];

    private static bool StartsWithMonth(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length < 8 || !IsAsciiLetter(utf8[1]) || !IsAsciiLetter(utf8[2])) return false;
        Span<char> head = stackalloc char[3];
        for (int i = 0; i < 3; i++) head[i] = (char)utf8[i];
        foreach (var month in MonthAbbreviations)
            if (head.Equals(month, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>
    /// Eight digits that form a plausible yyyyMMdd date (years 1900 to 2199). The classifier calls them integers; a
    /// column whose other values are dates reads them as its dates in another layout.
    /// </summary>
    public static bool TryCompactDate(string text, out DateTime when)
    {
        when = default;
        return text.Length == 8 && text[0] is '1' or '2' && text.All(char.IsAsciiDigit)
            && DateTime.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out when)
            && when.Year is >= 1900 and < 2200;
    }

    /// <summary>The layout a date format index was read with, for writing a date in it.</summary>
    public static string FormatPattern(int format) =>
        format == AmbiguousSlashDate ? "dd/MM/yyyy"
        : format < DateFormats.Length ? DateFormats[format]
        : DateTimeFormats[format - DateFormats.Length];

    private static bool IsAsciiLetter(byte b) => (b | 0x20) >= (byte)'a' && (b | 0x20) <= (byte)'z';

    private static bool IsBoolean(ReadOnlySpan<byte> utf8) => utf8.Length switch
    {
        2 => System.Text.Ascii.EqualsIgnoreCase(utf8, "no"u8),
        3 => System.Text.Ascii.EqualsIgnoreCase(utf8, "yes"u8),
        4 => System.Text.Ascii.EqualsIgnoreCase(utf8, "true"u8),
        5 => System.Text.Ascii.EqualsIgnoreCase(utf8, "false"u8),
        _ => false,
    };

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TryDate(ReadOnlySpan<byte> utf8, out DateTime when, out int format, out bool hasTime)
    {
        when = default;
        format = -1;
        hasTime = false;
        if (utf8.Length < 6 || utf8.Length > 32) return false;
        Span<char> chars = stackalloc char[32];
        if (Utf8.ToUtf16(utf8, chars, out _, out int written) != System.Buffers.OperationStatus.Done) return false;
        var text = chars[..written];
        // Written dates separate their parts with - / . or, with a month's name, spaces.
        if (text.IndexOfAny('-', '/', '.') < 0 && !(text.Contains(' ') && text.ContainsAnyInRange('A', 'z'))) return false;
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
