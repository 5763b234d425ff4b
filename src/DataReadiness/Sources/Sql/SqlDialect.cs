using System.Globalization;

namespace DataReadiness.Sources.Sql;

/// <summary>How a column's database type maps onto the profile's value kinds.</summary>
internal enum SqlColumnKind { Text, Integer, Decimal, Boolean, Date, DateTime }

/// <summary>A column of a pushed-down relation, as the engine describes it.</summary>
internal sealed record SqlColumn(string Name, SqlColumnKind Kind, string DatabaseType);

/// <summary>The SQL that differs between the engines a source can be pushed down to.</summary>
internal abstract class SqlDialect
{
    public abstract string Name { get; }

    /// <summary>An identifier quoted for the engine (standard SQL double quotes; a dialect may quote otherwise).</summary>
    public virtual string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The value as text, as the engine prints it (typed columns are formatted in C# instead).</summary>
    public abstract string AsText(string expression);

    /// <summary>True when the text matches a regular expression anchored with ^ and $ (POSIX for PostgreSQL, RE2 for DuckDB).</summary>
    public abstract string Matches(string textExpression, string anchoredRegex);

    public abstract string AsDouble(string expression);

    /// <summary>True when the text is empty or only spaces, tabs and line breaks (as the file reader's blank test).</summary>
    public abstract string IsBlank(string textExpression);

    /// <summary>
    /// A 64-bit hash of the whole row (and the seed), used both as the seeded sample key and as the duplicate-row key;
    /// <see cref="ToUnsigned"/> maps it onto ulong so the engine's order is the sketch's order.
    /// </summary>
    public abstract string RowHash(string rowAlias, IReadOnlyList<string> quotedColumns, long seed);

    public abstract ulong ToUnsigned(object hash);

    /// <summary>How <see cref="RowHash"/> hashes a row, for the sampling method a report states.</summary>
    public abstract string RowHashName { get; }

    /// <summary>The smallest and largest value <see cref="RowHash"/> can take, as SQL literals.</summary>
    public abstract (decimal Min, decimal Max) HashRange { get; }

    public abstract SqlColumnKind KindOf(Type clrType, string databaseType);

    protected static SqlColumnKind KindOfClr(Type type, string databaseType)
    {
        var name = databaseType.ToLowerInvariant();
        if (type == typeof(bool)) return SqlColumnKind.Boolean;
        if (type == typeof(sbyte) || type == typeof(byte) || type == typeof(short) || type == typeof(ushort) ||
            type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong) ||
            type == typeof(System.Numerics.BigInteger) || type == typeof(Int128) || type == typeof(UInt128))
            return SqlColumnKind.Integer;
        if (type == typeof(float) || type == typeof(double) || type == typeof(decimal)) return SqlColumnKind.Decimal;
        if (type == typeof(DateOnly)) return SqlColumnKind.Date;
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
            return name is "date" ? SqlColumnKind.Date : SqlColumnKind.DateTime;
        return SqlColumnKind.Text;
    }
}

internal sealed class PostgresDialect : SqlDialect
{
    public override string Name => "postgres";
    public override string AsText(string expression) => $"({expression})::text";
    public override string Matches(string textExpression, string anchoredRegex) => $"({textExpression}) ~ {Literal(anchoredRegex)}";
    public override string AsDouble(string expression) => $"({expression})::float8";
    public override string IsBlank(string textExpression) => $"btrim({textExpression}, E' \\t\\r\\n') = ''";

    // The row's text form hashed with the seed: equal rows get equal hashes, whatever the table's column types.
    public override string RowHash(string rowAlias, IReadOnlyList<string> quotedColumns, long seed) =>
        $"hashtextextended({rowAlias}::text, {seed.ToString(CultureInfo.InvariantCulture)})";

    public override string RowHashName => "hashtextextended of the row's text";

    // bigint order -> ulong order: flipping the sign bit is monotonic.
    public override ulong ToUnsigned(object hash) => unchecked((ulong)Convert.ToInt64(hash, CultureInfo.InvariantCulture) ^ 0x8000_0000_0000_0000UL);
    public override (decimal Min, decimal Max) HashRange => (long.MinValue, long.MaxValue);
    public override SqlColumnKind KindOf(Type clrType, string databaseType) => KindOfClr(clrType, databaseType);
}

internal sealed class DuckDbDialect : SqlDialect
{
    public override string Name => "duckdb";
    public override string AsText(string expression) => $"CAST({expression} AS VARCHAR)";
    public override string Matches(string textExpression, string anchoredRegex) => $"regexp_matches({textExpression}, {Literal(anchoredRegex)})";
    public override string AsDouble(string expression) => $"CAST({expression} AS DOUBLE)";
    public override string IsBlank(string textExpression) => $"trim({textExpression}, ' ' || chr(9) || chr(10) || chr(13)) = ''";

    public override string RowHash(string rowAlias, IReadOnlyList<string> quotedColumns, long seed) =>
        $"hash({string.Join(", ", quotedColumns.Select(c => $"{rowAlias}.{c}"))}, {seed.ToString(CultureInfo.InvariantCulture)}::BIGINT)";

    public override ulong ToUnsigned(object hash) => Convert.ToUInt64(hash, CultureInfo.InvariantCulture);
    public override string RowHashName => "hash() of the row's values";
    public override (decimal Min, decimal Max) HashRange => (0, ulong.MaxValue);

    public override SqlColumnKind KindOf(Type clrType, string databaseType)
    {
        var name = databaseType.ToLowerInvariant();
        if (name == "date") return SqlColumnKind.Date;
        if (name.StartsWith("timestamp", StringComparison.Ordinal)) return SqlColumnKind.DateTime;
        return KindOfClr(clrType, databaseType);
    }
}
