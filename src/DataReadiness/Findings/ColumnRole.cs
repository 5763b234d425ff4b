namespace DataReadiness.Findings;

/// <summary>
/// What a column is to the rules: given in the job file's <c>columns:</c> or inferred from its name and values.
/// <see cref="Table"/> is no column's role: it is what a finding of a rule over whole rows (duplicate rows) is reported under.
/// </summary>
public enum ColumnRole { Key, Vendor, Measure, Uom, FreeText, Category, Date, Id, Number, Text, Ignore, Table }
