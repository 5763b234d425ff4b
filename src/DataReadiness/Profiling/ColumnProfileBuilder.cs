using DataReadiness.Findings;
using DataReadiness.Values;

namespace DataReadiness.Profiling;

/// <summary>Turns a column's accumulated state into its reported profile, choosing the inferred type.</summary>
public static class ColumnProfileBuilder
{
    public const int TopValueCount = 10;

    public static ColumnProfile Build(ColumnProfileState s)
    {
        long present = s.Rows - s.Nulls - s.Blanks;
        long dates = s.KindCounts[(int)ValueKind.Date] + s.KindCounts[(int)ValueKind.DateTime];
        var (type, conforming) = TypeAndConforming(s);

        var typeCounts = Enum.GetValues<ValueKind>()
            .Where(k => s.KindCounts[(int)k] > 0)
            .ToDictionary(k => k.ToString().ToLowerInvariant(), k => s.KindCounts[(int)k]);
        var top = s.Frequent.Top(TopValueCount)
            .Select(v => new TopValue(v.Value, v.Count, v.MaxCount, present == 0 ? 0 : (double)v.Count / present))
            .ToList();
        NumericSummary? numbers = s.Numbers.Count == 0 ? null
            : new NumericSummary(s.Numbers.Count, s.Numbers.Min, s.Numbers.Max, s.Numbers.Mean, s.Numbers.StandardDeviation);
        DateSummary? dateSummary = s.MinDate is null ? null
            : new DateSummary(dates, s.MinDate.Value, s.MaxDate!.Value,
                s.DateFormatCounts.Select((count, i) => (count, i)).Where(p => p.count > 0)
                    .ToDictionary(p => ValueClassifier.FormatName(p.i), p => p.count));
        LengthSummary? lengths = s.Lengths.Count == 0 ? null : new LengthSummary(s.Lengths.Min, s.Lengths.Max, s.Lengths.Mean);

        return new ColumnProfile(
            s.Name, type, s.Rows, s.Nulls, s.Blanks, present,
            Completeness: s.Rows == 0 ? 0 : (double)present / s.Rows,
            typeCounts, conforming, present - conforming,
            Conformance: present == 0 ? 0 : (double)conforming / present,
            new DistinctCount(s.Distinct.Estimate(), s.Distinct.IsExact, s.Distinct.RelativeStandardError),
            top, TopValuesExact: s.Frequent.MaxError == 0,
            numbers, dateSummary, lengths, s.InvalidUtf8, s.NulValues);
    }

    /// <summary>The column's type: the largest family of its present values.</summary>
    public static ColumnType TypeOf(ColumnProfileState state) => TypeAndConforming(state).Type;

    // The type is the largest family of values; the rest of the present values do not conform to it.
    private static (ColumnType Type, long Conforming) TypeAndConforming(ColumnProfileState s)
    {
        long present = s.Rows - s.Nulls - s.Blanks;
        long Kind(ValueKind k) => s.KindCounts[(int)k];
        long numeric = Kind(ValueKind.Integer) + Kind(ValueKind.Decimal);
        long dates = Kind(ValueKind.Date) + Kind(ValueKind.DateTime);
        long booleans = Kind(ValueKind.Boolean);
        long text = Kind(ValueKind.Text);
        if (present == 0) return (ColumnType.Empty, 0);
        if (numeric >= dates && numeric >= booleans && numeric >= text)
            return Kind(ValueKind.Decimal) > 0 ? (ColumnType.Decimal, numeric) : (ColumnType.Integer, numeric);
        if (dates >= booleans && dates >= text)
            return Kind(ValueKind.DateTime) > Kind(ValueKind.Date) ? (ColumnType.DateTime, dates) : (ColumnType.Date, dates);
        if (booleans >= text) return (ColumnType.Boolean, booleans);
        return (ColumnType.Text, present);
    }
}
