using System.Text.Json.Serialization;

namespace DataReadiness.Findings;

/// <summary>The type a column's values mostly have, over every row read; empty when no value is present.</summary>
public enum ColumnType
{
    Empty,
    Integer,
    Decimal,
    Boolean,
    Date,
    [JsonStringEnumMemberName("datetime")]
    DateTime,
    Text,
}

/// <summary>Questions about a column type that several stages ask.</summary>
public static class ColumnTypes
{
    public static bool IsNumeric(this ColumnType type) => type is ColumnType.Integer or ColumnType.Decimal;

    public static bool IsDate(this ColumnType type) => type is ColumnType.Date or ColumnType.DateTime;
}
