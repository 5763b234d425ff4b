namespace DataReadiness.Findings;

/// <summary>One column's profile over every row read (exact counts) with sketch-based distinct and top values.</summary>
public sealed record ColumnProfile(
    string Name,
    ColumnType InferredType,
    long Rows,
    long Nulls,
    long Blanks,
    long Present,
    double Completeness,
    IReadOnlyDictionary<string, long> TypeCounts,
    long Conforming,
    long Nonconforming,
    double Conformance,
    DistinctCount Distinct,
    IReadOnlyList<TopValue> TopValues,
    bool TopValuesExact,
    NumericSummary? Numeric,
    DateSummary? Dates,
    LengthSummary? Length,
    long InvalidUtf8,
    long NulValues);

/// <summary>A distinct count: exact for few values, else a HyperLogLog estimate with its relative standard error.</summary>
public sealed record DistinctCount(long Estimate, bool Exact, double RelativeStandardError);

/// <summary>A frequent value; <c>count</c> is exact when <c>top_values_exact</c>, else a lower bound and <c>max_count</c> the upper.</summary>
public sealed record TopValue(string Value, long Count, long MaxCount, double Share);

/// <summary>Summary of the values that parse as numbers (invariant culture).</summary>
public sealed record NumericSummary(long Count, double Min, double Max, double Mean, double StdDev);

/// <summary>Summary of the values that parse as dates, with how often each layout occurs.</summary>
public sealed record DateSummary(long Count, DateTime Min, DateTime Max, IReadOnlyDictionary<string, long> Formats);

/// <summary>Lengths of present values, in characters.</summary>
public sealed record LengthSummary(double Min, double Max, double Mean);
