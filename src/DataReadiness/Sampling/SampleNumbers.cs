using System.Globalization;
using System.Runtime.InteropServices;
using DataReadiness.Values;

namespace DataReadiness.Sampling;

/// <summary>A sample column's values as numbers (invariant culture), or its dates as days, for distribution tests.</summary>
public static class SampleNumbers
{
    /// <summary>
    /// The column's finite numbers in row order (from the frame's typed column when it has one, else parsed from the
    /// text) or, for dates, the values the classifier reads as dates, in days.
    /// </summary>
    public static double[] Of(SampleFrame sample, string column, bool dates)
    {
        if (!dates && sample.Numbers(column) is { } numbers)
        {
            var finite = new List<double>((int)numbers.Length);
            foreach (var value in numbers)
                if (value is { } n && double.IsFinite(n)) finite.Add(n);
            return finite.ToArray();
        }
        return Of(sample.Text(column), dates);
    }

    /// <summary>The values that parse as finite numbers or, for dates, that the classifier reads as dates, in days.</summary>
    public static double[] Of(IReadOnlyList<string?> values, bool dates)
    {
        var numbers = new List<double>(values.Count);
        // Dates repeat: each distinct text is classified once.
        var days = dates ? new Dictionary<string, double?>(StringComparer.Ordinal) : null;
        foreach (var v in values)
        {
            if (v is null) continue;
            double? number;
            if (days is null) number = double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null;
            else
            {
                ref var known = ref CollectionsMarshal.GetValueRefOrAddDefault(days, v, out bool seen);
                if (!seen)
                {
                    var kind = ValueClassifier.Classify(v.Trim(), out _, out var when, out _);
                    known = kind is ValueKind.Date or ValueKind.DateTime ? when.Ticks / (double)TimeSpan.TicksPerDay : null;
                }
                number = known;
            }
            if (number is { } n) numbers.Add(n);
        }
        return numbers.ToArray();
    }
}
