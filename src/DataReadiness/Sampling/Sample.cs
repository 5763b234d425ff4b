using System.Globalization;
using DataReadiness.Sources;
using Microsoft.Data.Analysis;

namespace DataReadiness.Sampling;

/// <summary>The seeded sample of one source: its rows in source order and the column names they follow.</summary>
public sealed class Sample
{
    public Sample(IReadOnlyList<string> columns, IReadOnlyList<SampledRow> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<string> Columns { get; }
    public IReadOnlyList<SampledRow> Rows { get; }

    /// <summary>
    /// The sample as a DataFrame of raw text, one column per source column, so rules see values exactly as
    /// written ("27.6 lbs" stays "27.6 lbs"); <see cref="Rows"/> keeps each row's file and row number.
    /// </summary>
    public DataFrame ToDataFrame()
    {
        var columns = new List<DataFrameColumn>(Columns.Count);
        for (int c = 0; c < Columns.Count; c++)
        {
            var column = new StringDataFrameColumn(Columns[c], Rows.Count);
            for (int r = 0; r < Rows.Count; r++) column[r] = Rows[r].Values[c];
            columns.Add(column);
        }
        return new DataFrame(columns);
    }

    /// <summary>One column's values in row order; empty when the sample has no such column.</summary>
    public string?[] Values(string column)
    {
        int index = Columns.ToList().IndexOf(column);
        return index < 0 ? [] : Rows.Select(r => r.Values[index]).ToArray();
    }

    /// <summary>One column parsed as numbers (invariant culture); values that do not parse are null.</summary>
    public PrimitiveDataFrameColumn<double> NumericColumn(string name)
    {
        int index = Columns.ToList().IndexOf(name);
        if (index < 0) throw new ArgumentException($"The sample has no column '{name}'.", nameof(name));
        var column = new PrimitiveDataFrameColumn<double>(name, Rows.Count);
        for (int r = 0; r < Rows.Count; r++)
        {
            var text = Rows[r].Values[index];
            column[r] = text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        }
        return column;
    }
}
