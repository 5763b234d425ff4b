using System.Globalization;

namespace DataReadiness.Sources.Sql;

/// <summary>How a column's database type maps onto the profile's value kinds.</summary>
internal enum SqlColumnKind { Text, Integer, Decimal, Boolean, Date, DateTime }

/// <summary>
/// A column of a pushed-down relation, as the engine describes it; <paramref name="Expression"/> reads it when it is
/// not a plain column of the relation (a struct's member).
/// </summary>
internal sealed record SqlColumn(string Name, SqlColumnKind Kind, string DatabaseType, string? Expression = null);

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

    /// <summary>
    /// Whether the engine folds a select over a select into one (PostgreSQL does), so an expression of the inner
    /// select is computed again wherever the outer one reads it.
    /// </summary>
    public virtual bool InlinesSubqueries => false;

    /// <summary>A text value (one the kind test called a number) as a double.</summary>
    public virtual string TextAsDouble(string textExpression) => AsDouble(textExpression);

    /// <summary>
    /// Whether a typed column's printed text is measured (its lengths): a dialect says no where the text form would
    /// keep the engine from handing the query on.
    /// </summary>
    public virtual bool MeasuresTypedText => true;

    /// <summary>A 64-bit hash of one value of the column with a seed: equal values, equal hashes.</summary>
    public abstract string ValueHash(SqlColumn column, string reference, long seed);

    /// <summary>True when the text is empty or only spaces, tabs and line breaks (as the file reader's blank test).</summary>
    public abstract string IsBlank(string textExpression);

    /// <summary>
    /// A 64-bit hash of the whole row (and the seed), used both as the seeded sample key and as the duplicate-row key;
    /// <see cref="ToUnsigned"/> maps it onto ulong so the engine's order is the sketch's order. The columns are given
    /// with their values as expressions over the row alias.
    /// </summary>
    public abstract string RowHash(IReadOnlyList<(SqlColumn Column, string Reference)> columns, long seed);

    public abstract ulong ToUnsigned(object hash);

    /// <summary>A hash on <see cref="ToUnsigned"/>'s scale as the engine's literal of <see cref="RowHash"/>'s type.</summary>
    public abstract string HashLiteral(ulong hash);


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

    // Every expression below is one postgres_fdw sends to a foreign server (a shard), so that the aggregate runs
    // there: built-in immutable functions and operators only. A cast through text (`x::float8` on text, `n::text`
    // on a number, `row::text`) is a CoerceViaIO, which postgres_fdw never ships, and nor is text made by an output
    // function (textin(int4out(n))): the shard would send every row. float8in(textout(x)) computes x::float8 and ships.
    public override string TextAsDouble(string textExpression) => $"float8in(textout({textExpression}))";
    public override bool InlinesSubqueries => true;
    public override bool MeasuresTypedText => false;

    private static readonly HashSet<string> TextTypes = new(StringComparer.Ordinal)
    {
        "text", "character varying", "varchar", "character", "bpchar", "name",
    };

    private static string BaseType(SqlColumn column)
    {
        var type = column.DatabaseType.ToLowerInvariant();
        int paren = type.IndexOf('(', StringComparison.Ordinal);
        return paren > 0 ? type[..paren].Trim() : type;
    }

    // Each type by its own extended hash function (the one its hash index uses); dates and timestamps by what they
    // are (days, an interval from a fixed instant), since their text depends on DateStyle and TimeZone.
    public override string ValueHash(SqlColumn column, string reference, long seed)
    {
        var s = seed.ToString(CultureInfo.InvariantCulture);
        var type = BaseType(column);
        if (TextTypes.Contains(type)) return $"hashtextextended({reference}, {s})";
        // Other types read as text (uuid, json): hashed as the text the profile sees.
        if (column.Kind == SqlColumnKind.Text) return $"hashtextextended({AsText(reference)}, {s})";
        return type switch
        {
            "smallint" => $"hashint2extended({reference}, {s})",
            "integer" => $"hashint4extended({reference}, {s})",
            "bigint" => $"hashint8extended({reference}, {s})",
            "numeric" => $"hash_numeric_extended({reference}, {s})",
            "real" => $"hashfloat4extended({reference}, {s})",
            "double precision" => $"hashfloat8extended({reference}, {s})",
            "boolean" => $"hashint4extended(CASE WHEN {reference} THEN 1 ELSE 0 END, {s})",
            "date" => $"hashint4extended({reference} - DATE '2000-01-01', {s})",
            "timestamp without time zone" or "timestamp" => $"timestamp_hash_extended({reference}, {s})",
            "timestamp with time zone" or "timestamptz" => $"interval_hash_extended({reference} - TIMESTAMPTZ '2000-01-01 00:00:00+00', {s})",
            "interval" => $"interval_hash_extended({reference}, {s})",
            "time without time zone" or "time" => $"time_hash_extended({reference}, {s})",
            _ => $"hashtextextended({AsText(reference)}, {s})",
        };
    }

    // The columns' hashes, each with a seed of its own (a value moved to another column changes the row's hash) and
    // a constant of its own for NULL, combined by XOR: only bigint arithmetic, which ships.
    public override string RowHash(IReadOnlyList<(SqlColumn Column, string Reference)> columns, long seed) =>
        "(" + string.Join(" # ", columns.Select((c, i) =>
        {
            long columnSeed = unchecked(seed * 1_000_003 + i);
            long nullMark = unchecked((long)((ulong)(i + 1) * 0x9E37_79B9_7F4A_7C15UL));
            return $"CASE WHEN {c.Reference} IS NULL THEN CAST('{nullMark.ToString(CultureInfo.InvariantCulture)}' AS bigint) " +
                   $"ELSE {ValueHash(c.Column, c.Reference, columnSeed)} END";
        })) + ")";

    public override string RowHashName => "XOR of each column's seeded extended hash (hashtextextended for text)";

    // bigint order -> ulong order: flipping the sign bit is monotonic.
    public override ulong ToUnsigned(object hash) => unchecked((ulong)Convert.ToInt64(hash, CultureInfo.InvariantCulture) ^ 0x8000_0000_0000_0000UL);
    public override (decimal Min, decimal Max) HashRange => (long.MinValue, long.MaxValue);
    public override string HashLiteral(ulong hash) =>
        $"CAST('{unchecked((long)(hash ^ 0x8000_0000_0000_0000UL)).ToString(CultureInfo.InvariantCulture)}' AS bigint)";
    public override SqlColumnKind KindOf(Type clrType, string databaseType) => KindOfClr(clrType, databaseType);
}

internal sealed class DuckDbDialect : SqlDialect
{
    public override string Name => "duckdb";
    public override string AsText(string expression) => $"CAST({expression} AS VARCHAR)";
    public override string Matches(string textExpression, string anchoredRegex) => $"regexp_matches({textExpression}, {Literal(anchoredRegex)})";
    public override string AsDouble(string expression) => $"CAST({expression} AS DOUBLE)";
    public override string IsBlank(string textExpression) => $"trim({textExpression}, ' ' || chr(9) || chr(10) || chr(13)) = ''";

    public override string RowHash(IReadOnlyList<(SqlColumn Column, string Reference)> columns, long seed) =>
        $"hash({string.Join(", ", columns.Select(c => c.Reference))}, {seed.ToString(CultureInfo.InvariantCulture)}::BIGINT)";

    public override ulong ToUnsigned(object hash) => Convert.ToUInt64(hash, CultureInfo.InvariantCulture);
    public override string RowHashName => "hash() of the row's values";
    public override (decimal Min, decimal Max) HashRange => (0, ulong.MaxValue);
    public override string HashLiteral(ulong hash) => $"CAST({hash.ToString(CultureInfo.InvariantCulture)} AS UBIGINT)";
    public override string ValueHash(SqlColumn column, string reference, long seed) =>
        $"hash({reference}, {seed.ToString(CultureInfo.InvariantCulture)}::BIGINT)";

    public override SqlColumnKind KindOf(Type clrType, string databaseType)
    {
        var name = databaseType.ToLowerInvariant();
        if (name == "date") return SqlColumnKind.Date;
        if (name.StartsWith("timestamp", StringComparison.Ordinal)) return SqlColumnKind.DateTime;
        return KindOfClr(clrType, databaseType);
    }
}

/// <summary>DuckDB's type names, as DESCRIBE prints them: which are nested, and a struct's members.</summary>
internal static class DuckDbType
{
    public static bool IsStruct(string type) => type.StartsWith("STRUCT(", StringComparison.OrdinalIgnoreCase) && type.EndsWith(')');

    /// <summary>Lists, arrays, maps, unions and intervals: not profiled, as the file pass skips them in Parquet.</summary>
    public static bool IsSkipped(string type) =>
        type.EndsWith(']') || type.StartsWith("MAP(", StringComparison.OrdinalIgnoreCase) ||
        type.StartsWith("UNION(", StringComparison.OrdinalIgnoreCase) || type.Equals("INTERVAL", StringComparison.OrdinalIgnoreCase);

    public static SqlColumnKind KindOf(string type)
    {
        var name = type.ToUpperInvariant();
        if (name is "BOOLEAN") return SqlColumnKind.Boolean;
        if (name is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT" or "UHUGEINT")
            return SqlColumnKind.Integer;
        if (name is "FLOAT" or "DOUBLE" or "REAL" || name.StartsWith("DECIMAL", StringComparison.Ordinal)) return SqlColumnKind.Decimal;
        if (name is "DATE") return SqlColumnKind.Date;
        if (name.StartsWith("TIMESTAMP", StringComparison.Ordinal)) return SqlColumnKind.DateTime;
        return SqlColumnKind.Text;
    }

    /// <summary>The members of <c>STRUCT(a BIGINT, "b c" VARCHAR, d STRUCT(...))</c>: names unquoted, types whole.</summary>
    public static List<(string Name, string Type)> StructMembers(string type)
    {
        var members = new List<(string, string)>();
        var body = type.AsSpan("STRUCT(".Length, type.Length - "STRUCT(".Length - 1);
        int i = 0;
        while (i < body.Length)
        {
            while (i < body.Length && body[i] is ' ' or ',') i++;
            if (i >= body.Length) break;
            var name = new System.Text.StringBuilder();
            if (body[i] == '"')
            {
                for (i++; i < body.Length; i++)
                {
                    if (body[i] == '"' && i + 1 < body.Length && body[i + 1] == '"') { name.Append('"'); i++; }
                    else if (body[i] == '"') { i++; break; }
                    else name.Append(body[i]);
                }
            }
            else
                for (; i < body.Length && body[i] != ' '; i++) name.Append(body[i]);
            while (i < body.Length && body[i] == ' ') i++;
            int start = i, depth = 0;
            bool quoted = false;
            for (; i < body.Length; i++)
            {
                char c = body[i];
                if (c == '"') quoted = !quoted;
                else if (quoted) continue;
                else if (c is '(' or '[') depth++;
                else if (c is ')' or ']') depth--;
                else if (c == ',' && depth == 0) break;
            }
            members.Add((name.ToString(), body[start..i].ToString().Trim()));
        }
        return members;
    }
}
