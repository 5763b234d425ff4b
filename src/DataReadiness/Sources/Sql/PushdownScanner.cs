using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DataReadiness.Text;
using DataReadiness.Values;

namespace DataReadiness.Sources.Sql;

/// <summary>
/// Profiles a relation (a table, a query, or files DuckDB reads) by pushing the work down to its engine: exact
/// per-column aggregates, exact top values, the seeded bottom-k sample and the duplicate-row sketch are each one
/// query, so only aggregates and the sample cross the wire. Text columns are classified with regular expressions
/// the engine evaluates (integers, decimals, ISO, slash and dotted dates, ISO datetimes, true/false/yes/no);
/// typed columns take their kind from the column type.
/// </summary>
internal sealed class PushdownScanner
{
    // Each column's exact distinct count is a hash table in the engine: five at a time kept DuckDB's 8M-row peak at
    // 340 MB (Parquet) and 480 MB (CSV) where forty at a time reached 460 and 610 MB, spilling and slower for it.
    private const int ColumnsPerQuery = 5;
    private const string RowAlias = "dr_row";
    // Kept in step with ValueClassifier: what it calls an integer, a decimal, a date or a boolean.
    private const string IntegerPattern = "^[-+]?[0-9]+$";
    private const string NumberPattern = "^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]{1,2})?$";
    private const string MonthPart = "(0[1-9]|1[0-2])", DayPart = "(0[1-9]|[12][0-9]|3[01])";
    private const string ShortMonth = "(0?[1-9]|1[0-2])", ShortDay = "(0?[1-9]|[12][0-9]|3[01])";
    private const string IsoDatePattern = "^[0-9]{4}-" + MonthPart + "-" + DayPart + "$";
    private const string IsoDateTimePattern = "^[0-9]{4}-" + MonthPart + "-" + DayPart + "[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?(Z|[-+][0-9]{2}:?[0-9]{2})?$";
    // Either order of day and month, as the classifier reads dd/MM/yyyy and MM/dd/yyyy.
    private const string SlashDatePattern = "^(" + ShortMonth + "/" + ShortDay + "|" + ShortDay + "/" + ShortMonth + ")/[0-9]{4}$";
    private const string DottedDatePattern = "^" + ShortDay + "[.]" + ShortMonth + "[.][0-9]{4}$";
    private const string BooleanPattern = "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy][Ee][Ss]|[Nn][Oo])$";

    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly SqlDialect _dialect;
    private readonly string _relation;
    private readonly FileRowIdentity? _fileRows;
    private readonly Action<string>? _note;

    /// <summary>
    /// For files DuckDB reads: the columns that name each row's file and 0-based row (Parquet has one; DuckDB's CSV
    /// reader does not, and rows are then named by their place in the sample order), and how to show the file.
    /// </summary>
    public sealed record FileRowIdentity(string FileColumn, string? RowColumn, Func<string, string> Display);

    public PushdownScanner(DbConnection connection, DbTransaction? transaction, SqlDialect dialect, string relation,
        FileRowIdentity? fileRows, Action<string>? note)
    {
        _connection = connection;
        _transaction = transaction;
        _dialect = dialect;
        _relation = relation;
        _fileRows = fileRows;
        _note = note;
    }

    public EngineScan Scan(string displayName, int sampleRows, long seed)
    {
        var columns = Describe();
        if (columns.Count == 0) throw new SourceReadException($"{displayName}: has no columns");
        _note?.Invoke($"{displayName}: {columns.Count} columns; aggregates pushed down to {_dialect.Name}");
        // Each step's time is in its line: where the engine spends a pushdown's time differs by engine and layout.
        var step = System.Diagnostics.Stopwatch.StartNew();
        string Took() { var s = step.Elapsed.TotalSeconds; step.Restart(); return s.ToString("0.00", CultureInfo.InvariantCulture) + " s"; }
        var (rows, hashSum, aggregates) = Aggregates(columns);
        var fingerprint = ContentFingerprint(rows, hashSum);
        _note?.Invoke($"{displayName}: {rows:N0} rows, aggregates in {Took()}; top values per column");
        for (int c = 0; c < columns.Count; c++) aggregates[c] = aggregates[c] with { Top = TopValues(columns[c]) };
        _note?.Invoke($"{displayName}: top values in {Took()}; seeded sample of {Math.Min(sampleRows, rows):N0} rows and the duplicate-row sketch");
        var (sample, method) = Sample(columns, sampleRows, seed, displayName);
        var sampled = Took();
        var rowHashes = RowHashes(columns, rows, sampleRows, displayName);
        var byFile = _fileRows is null ? new Dictionary<string, long>() : RowsByFile();
        _note?.Invoke($"{displayName}: sample in {sampled}, duplicate-row sketch in {Took()}");
        return new EngineScan(columns.Select(c => c.Name).ToList(), aggregates, rows, sample, rowHashes, fingerprint, byFile, method, SkippedColumns);
    }

    /// <summary>The content fingerprint: a digest of the row count and the sum of the row hashes (sums add up over partitions).</summary>
    internal static string ContentFingerprint(long rows, string hashSum) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{rows}:{hashSum}")));

    /// <summary>The column's value as an expression over the row alias.</summary>
    private string Reference(SqlColumn column) => column.Expression ?? $"{RowAlias}.{_dialect.Quote(column.Name)}";

    private List<(SqlColumn, string)> HashInputs(List<SqlColumn> columns) => columns.Select(c => (c, Reference(c))).ToList();

    internal List<SqlColumn> Describe()
    {
        // DuckDB names nested types in full (STRUCT(id BIGINT, ...), VARCHAR[], INTERVAL): read as the file pass reads
        // Parquet, a struct's members are columns of their own (customer.id) and lists, maps and intervals are skipped.
        var nested = _dialect is DuckDbDialect ? DuckDbTypes() : new Dictionary<string, string>();
        using var reader = Execute($"SELECT * FROM {_relation} AS {RowAlias} LIMIT 0");
        var columns = new List<SqlColumn>();
        for (int i = 0; i < reader.FieldCount; i++)
        {
            var name = reader.GetName(i);
            if (_fileRows is not null && (name == _fileRows.FileColumn || name == _fileRows.RowColumn)) continue;
            if (nested.TryGetValue(name, out var full))
            {
                AddNested(columns, name, $"{RowAlias}.{_dialect.Quote(name)}", full);
                continue;
            }
            var type = reader.GetDataTypeName(i);
            columns.Add(new SqlColumn(name, _dialect.KindOf(reader.GetFieldType(i), type), type));
        }
        return columns;
    }

    /// <summary>The columns DuckDB describes with a nested or interval type, by name, with their full type.</summary>
    private Dictionary<string, string> DuckDbTypes()
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = Execute($"DESCRIBE SELECT * FROM {_relation} AS {RowAlias}");
        while (reader.Read())
        {
            var type = reader.GetString(1);
            if (DuckDbType.IsStruct(type) || DuckDbType.IsSkipped(type)) types[reader.GetString(0)] = type;
        }
        return types;
    }

    private void AddNested(List<SqlColumn> columns, string name, string expression, string type)
    {
        if (DuckDbType.IsStruct(type))
        {
            foreach (var (member, memberType) in DuckDbType.StructMembers(type))
                AddNested(columns, $"{name}.{member}", $"struct_extract({expression}, {SqlDialect.Literal(member)})", memberType);
            return;
        }
        if (DuckDbType.IsSkipped(type))
        {
            SkippedColumns.Add(type.Equals("INTERVAL", StringComparison.OrdinalIgnoreCase)
                ? $"column '{name}' has the type INTERVAL, which is not profiled; the other columns are"
                : $"nested or repeated column '{name}' ({type}) is not profiled");
            return;
        }
        columns.Add(new SqlColumn(name, DuckDbType.KindOf(type), type, expression));
    }

    /// <summary>Columns left out of the profile, and why, for the source's report.</summary>
    public List<string> SkippedColumns { get; } = new();

    /// <summary>The rows, the sum of the row hashes (as text) and each column's aggregates.</summary>
    internal (long Rows, string HashSum, List<ColumnAggregates> Aggregates) Aggregates(List<SqlColumn> columns)
    {
        long rows = 0;
        string hashSum = "0";
        var result = new List<ColumnAggregates>();
        var hashInputs = HashInputs(columns);
        // PostgreSQL allows 1,664 expressions in a select list: columns go in batches.
        for (int start = 0; start < columns.Count; start += ColumnsPerQuery)
        {
            var batch = columns.Skip(start).Take(ColumnsPerQuery).ToList();
            // Inner: each value's text and kind, classified once per row; outer: plain aggregates over those.
            var inner = new List<string> { "1 AS dr_one" };
            var select = new List<string> { "count(*)" };
            bool first = start == 0;
            if (first)
            {
                inner.Add(_dialect is PostgresDialect
                    ? $"({_dialect.RowHash(hashInputs, 0)})::numeric AS dr_h"
                    : $"CAST({_dialect.RowHash(hashInputs, 0)} AS HUGEINT) AS dr_h");
                select.Add(_dialect is PostgresDialect ? "sum(dr_h)::text" : "CAST(sum(dr_h) AS VARCHAR)");
            }
            var plans = batch.Select((c, i) => Plan(c, $"c{i}", inner, select)).ToList();
            using var reader = Execute(
                $"SELECT {string.Join(",\n ", select)} FROM (SELECT {string.Join(",\n ", inner)} FROM {_relation} AS {RowAlias}) AS dr_kinds");
            Received(reader.Read());
            rows = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
            if (first) hashSum = reader.IsDBNull(1) ? "0" : reader.GetString(1);
            for (int i = 0; i < batch.Count; i++) result.Add(plans[i](reader, rows));
        }
        return (rows, hashSum, result);
    }

    // Kind codes of a text value, decided once per row by one CASE whose branches run in order.
    private const int KindNull = 0, KindBlank = 1, KindInteger = 2, KindDecimal = 3, KindIsoDate = 4, KindIsoDateTime = 5,
        KindSlashDate = 6, KindDottedDate = 7, KindBoolean = 8, KindText = 9;

    /// <summary>
    /// Adds a column's per-row expressions to <paramref name="inner"/> and its aggregates to <paramref name="select"/>;
    /// returns how to read them back.
    /// </summary>
    private Func<DbDataReader, long, ColumnAggregates> Plan(SqlColumn column, string alias, List<string> inner, List<string> select)
    {
        var q = Reference(column);
        int Add(string expression)
        {
            select.Add(expression);
            return select.Count - 1;
        }

        if (column.Kind == SqlColumnKind.Text)
            return _dialect.InlinesSubqueries ? PlanTextInlined(column, alias, inner, Add) : PlanText(column, alias, inner, Add);

        inner.Add($"{q} AS {alias}_v");
        if (_dialect.MeasuresTypedText) inner.Add($"{_dialect.AsText(q)} AS {alias}_t");
        string value = $"{alias}_v", valueText = $"{alias}_t";
        int count = Add($"count({value})"), distinctTyped = Add($"count(DISTINCT {value})");
        int typedMoments = column.Kind is SqlColumnKind.Integer or SqlColumnKind.Decimal ? AddMoments(_dialect.AsDouble(value), Add) : -1;
        int typedLengths = _dialect.MeasuresTypedText ? AddMoments($"length({valueText})", Add) : -1;
        int min = -1, max = -1;
        if (column.Kind is SqlColumnKind.Date or SqlColumnKind.DateTime)
        {
            min = Add($"min({value})");
            max = Add($"max({value})");
        }
        var typedKind = column.Kind switch
        {
            SqlColumnKind.Integer => ValueKind.Integer,
            SqlColumnKind.Decimal => ValueKind.Decimal,
            SqlColumnKind.Boolean => ValueKind.Boolean,
            SqlColumnKind.Date => ValueKind.Date,
            _ => ValueKind.DateTime,
        };
        return (r, rows) =>
        {
            long present = Long(r, count);
            IReadOnlyList<(int, long)> formats = column.Kind switch
            {
                SqlColumnKind.Date => [(IsoDateFormat, present)],
                SqlColumnKind.DateTime => [(IsoDateTimeFormat, present)],
                _ => [],
            };
            return new ColumnAggregates(column.Name, rows, rows - present, 0, [(typedKind, present)], formats,
                typedMoments < 0 ? Moments.None : ReadMoments(r, typedMoments), typedLengths < 0 ? Moments.None : ReadMoments(r, typedLengths),
                Long(r, distinctTyped), 0, [], min < 0 ? null : Moment(r, min), max < 0 ? null : Moment(r, max));
        };
    }

    /// <summary>A text column's aggregates over a per-row kind the inner select computes once (DuckDB keeps it apart).</summary>
    private Func<DbDataReader, long, ColumnAggregates> PlanText(SqlColumn column, string alias, List<string> inner, Func<string, int> add)
    {
        var text = _dialect.AsText(Reference(column));
        inner.Add($"{text} AS {alias}_v");
        inner.Add($"{KindChain(text, code => code.ToString(CultureInfo.InvariantCulture))} AS {alias}_k");
        string v = $"{alias}_v", k = $"{alias}_k";
        int Count(int code) => add($"count(*) FILTER (WHERE {k} = {code})");
        var number = $"CASE WHEN {k} IN ({KindInteger}, {KindDecimal}) THEN {_dialect.AsDouble(v)} END";
        var length = $"CASE WHEN {k} > {KindBlank} THEN length({v}) END";
        var isoDay = $"CASE WHEN {k} IN ({KindIsoDate}, {KindIsoDateTime}) THEN substr({v}, 1, 10) END";
        int nulls = Count(KindNull), blanks = Count(KindBlank);
        var columns = Enumerable.Range(0, KindText + 1).Select(code => code <= KindBlank ? -1 : Count(code)).ToArray();
        int moments = AddMoments(number, add), lengths = AddMoments(length, add);
        int distinct = add($"count(DISTINCT CASE WHEN {k} > {KindBlank} THEN {v} END)");
        int minDay = add($"min({isoDay})"), maxDay = add($"max({isoDay})");
        return (r, rows) => TextAggregates(column.Name, rows, Long(r, nulls), Long(r, blanks),
            code => Long(r, columns[code]), ReadMoments(r, moments), ReadMoments(r, lengths), Long(r, distinct), Day(r, minDay), Day(r, maxDay));
    }

    /// <summary>
    /// A text column's aggregates for PostgreSQL, which pulls the inner select up into the aggregates (and must, for
    /// postgres_fdw to ship them): a per-row kind read by 25 aggregates was computed 25 times (2.2 s for 10k rows and
    /// five columns). Here the kind chain runs once per row inside one sum whose kinds sit twelve decimal digits apart
    /// (a partition holds fewer than 10^12 rows); counts come from it, avg and var_samp of one float8 share one
    /// transition (PostgreSQL evaluates their argument once), and a character test spares most values the regular
    /// expressions.
    /// </summary>
    private Func<DbDataReader, long, ColumnAggregates> PlanTextInlined(SqlColumn column, string alias, List<string> inner, Func<string, int> add)
    {
        var v = $"{alias}_v";
        inner.Add($"{_dialect.AsText(Reference(column))} AS {v}");
        string Is(string pattern) => _dialect.Matches(v, pattern);
        // Text adds nothing: it is what the other kinds leave.
        int packed = add($"(sum({KindChain(v, code => code == KindText ? "0" : "1" + new string('0', 12 * code))}::numeric))::text");
        var present = $"NOT ({_dialect.IsBlank(v)})";
        var number = $"CASE WHEN {StartsLikeNumber(v)} AND {Is(NumberPattern)} THEN {_dialect.TextAsDouble(v)} END";
        var length = $"CASE WHEN {present} THEN length({v})::float8 END";
        var isoDay = $"CASE WHEN substr({v}, 5, 1) = '-' AND ({Is(IsoDatePattern)} OR {Is(IsoDateTimePattern)}) THEN substr({v}, 1, 10) END";
        int numbers = AddSpread(number, add), lengths = AddSpread(length, add);
        int distinct = add($"count(DISTINCT CASE WHEN {present} THEN {v} END)");
        int minDay = add($"min({isoDay})"), maxDay = add($"max({isoDay})");
        return (r, rows) =>
        {
            var sum = r.IsDBNull(packed) ? System.Numerics.BigInteger.Zero : System.Numerics.BigInteger.Parse(r.GetString(packed), CultureInfo.InvariantCulture);
            var unit = System.Numerics.BigInteger.Pow(10, 12);
            long Kind(int code) => (long)(sum / System.Numerics.BigInteger.Pow(unit, code) % unit);
            long nulls = Kind(KindNull), blanks = Kind(KindBlank);
            return TextAggregates(column.Name, rows, nulls, blanks, Kind, ReadSpread(r, numbers, Kind(KindInteger) + Kind(KindDecimal)),
                ReadSpread(r, lengths, rows - nulls - blanks), Long(r, distinct), Day(r, minDay), Day(r, maxDay));
        };
    }

    /// <summary>A text column's aggregates from its counts by kind (text is what no other kind took).</summary>
    private static ColumnAggregates TextAggregates(string name, long rows, long nulls, long blanks, Func<int, long> kind,
        Moments numbers, Moments lengths, long distinct, DateTime? minDay, DateTime? maxDay)
    {
        long integers = kind(KindInteger), decimals = kind(KindDecimal), isoDates = kind(KindIsoDate), isoDateTimes = kind(KindIsoDateTime);
        long slashDates = kind(KindSlashDate), dottedDates = kind(KindDottedDate), booleans = kind(KindBoolean);
        long texts = rows - nulls - blanks - integers - decimals - isoDates - isoDateTimes - slashDates - dottedDates - booleans;
        return new ColumnAggregates(name, rows, nulls, blanks,
            [(ValueKind.Integer, integers), (ValueKind.Decimal, decimals), (ValueKind.Date, isoDates + slashDates + dottedDates),
             (ValueKind.DateTime, isoDateTimes), (ValueKind.Boolean, booleans), (ValueKind.Text, texts)],
            [(IsoDateFormat, isoDates), (IsoDateTimeFormat, isoDateTimes), (ValueClassifier.AmbiguousSlashDate, slashDates), (DottedDateFormat, dottedDates)],
            numbers, lengths, distinct, 0, [], minDay, maxDay);
    }

    private static int AddMoments(string expression, Func<string, int> add)
    {
        int first = add($"count({expression})");
        AddSpread(expression, add);
        return first;
    }

    /// <summary>Min, max, mean and variance (the count known otherwise); returns the first one's index.</summary>
    private static int AddSpread(string expression, Func<string, int> add)
    {
        int first = add($"min({expression})");
        add($"max({expression})");
        add($"avg({expression})");
        add($"var_samp({expression})");
        return first;
    }

    private static Moments ReadMoments(DbDataReader r, int first) => ReadSpread(r, first + 1, Long(r, first));

    private static Moments ReadSpread(DbDataReader r, int first, long count)
    {
        if (count == 0) return Moments.None;
        double Value(int i) => r.IsDBNull(i) ? 0 : Convert.ToDouble(r.GetValue(i), CultureInfo.InvariantCulture);
        return new Moments(count, Value(first), Value(first + 1), Value(first + 2), Value(first + 3));
    }

    /// <summary>
    /// The kind of a text value as one CASE whose branches run in order, each kind's result given by
    /// <paramref name="result"/>. Numbers and dates start with a digit, a sign or a point; booleans with t, f, y or n:
    /// the regular expressions run only on values that could match them.
    /// </summary>
    private string KindChain(string text, Func<int, string> result)
    {
        string Is(string pattern) => _dialect.Matches(text, pattern);
        return $"CASE WHEN {text} IS NULL THEN {result(KindNull)} WHEN {_dialect.IsBlank(text)} THEN {result(KindBlank)} " +
            $"WHEN {StartsLikeNumber(text)} THEN CASE WHEN {Is(IntegerPattern)} THEN {result(KindInteger)} WHEN {Is(NumberPattern)} THEN {result(KindDecimal)} " +
            $"WHEN {Is(IsoDatePattern)} THEN {result(KindIsoDate)} WHEN {Is(IsoDateTimePattern)} THEN {result(KindIsoDateTime)} " +
            $"WHEN {Is(SlashDatePattern)} THEN {result(KindSlashDate)} WHEN {Is(DottedDatePattern)} THEN {result(KindDottedDate)} ELSE {result(KindText)} END " +
            $"WHEN lower(substr({text}, 1, 1)) IN ('t', 'f', 'y', 'n') AND {Is(BooleanPattern)} THEN {result(KindBoolean)} ELSE {result(KindText)} END";
    }

    private static string StartsLikeNumber(string text) =>
        $"(substr({text}, 1, 1) BETWEEN '0' AND '9' OR substr({text}, 1, 1) IN ('-', '+', '.'))";

    private static long Long(DbDataReader r, int i) => r.IsDBNull(i) ? 0 : Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);

    private static DateTime? Day(DbDataReader r, int i) =>
        !r.IsDBNull(i) && DateTime.TryParseExact(r.GetString(i), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day : null;

    private static DateTime? Moment(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetValue(i) switch
    {
        DateTime d => d,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        DateTimeOffset d => d.UtcDateTime,
        _ => null,
    };

    private static int IsoDateFormat => Array.IndexOf(ValueClassifier.DateFormats, "yyyy-MM-dd");
    private static int IsoDateTimeFormat => ValueClassifier.DateFormats.Length + Array.IndexOf(ValueClassifier.DateTimeFormats, "yyyy-MM-dd'T'HH:mm:ss");
    private static int DottedDateFormat => Array.IndexOf(ValueClassifier.DateFormats, "dd.MM.yyyy");

    internal List<(string Value, long Count)> TopValues(SqlColumn column)
    {
        var (value, where) = PresentValue(column);
        var top = new List<(string, long)>();
        foreach (var row in Rows(
            $"SELECT v, count(*) AS n FROM (SELECT {value} AS v FROM {_relation} AS {RowAlias}) AS s WHERE {where} " +
            $"GROUP BY v ORDER BY n DESC, v LIMIT {TopValueCount}"))
            top.Add((SqlValueText.Format(row.GetValue(0), column.Kind), row.GetInt64(1)));
        return top;
    }

    /// <summary>A column's value as the top values show it, and the test that it is present (not null, not blank).</summary>
    private (string Value, string Present) PresentValue(SqlColumn column)
    {
        var q = Reference(column);
        return column.Kind == SqlColumnKind.Text
            ? (_dialect.AsText(q), $"v IS NOT NULL AND NOT ({_dialect.IsBlank("v")})")
            : (q, "v IS NOT NULL");
    }

    /// <summary>Exact counts of the given values (as <see cref="TopValues"/> prints them) in this relation.</summary>
    internal List<(string Value, long Count)> CountsOf(SqlColumn column, IReadOnlyList<string> values)
    {
        var counts = new List<(string, long)>();
        var (value, where) = PresentValue(column);
        // One plain aggregate per batch, a FILTER per value: a GROUP BY over `v IN ('one value')` was planned as the
        // shard sending that value's rows (3,349 of them, measured at 8M rows), where a plain aggregate always ships.
        // Untyped literals take the column's type, so a date or a number is compared as one.
        const int PerQuery = 200;
        for (int start = 0; start < values.Count; start += PerQuery)
        {
            var batch = values.Skip(start).Take(PerQuery).Select(SqlDialect.Literal).ToList();
            foreach (var row in Rows(
                $"SELECT {string.Join(", ", batch.Select(v => $"count(*) FILTER (WHERE v = {v})"))} " +
                $"FROM (SELECT {value} AS v FROM {_relation} AS {RowAlias}) AS s WHERE {where} AND v IN ({string.Join(", ", batch)})"))
                for (int i = 0; i < batch.Count; i++)
                    if (row.GetInt64(i) > 0) counts.Add((values[start + i], row.GetInt64(i)));
        }
        return counts;
    }

    /// <summary>
    /// The distinct hashes of a column's present values at or under <paramref name="threshold"/>, smallest first, at
    /// most <paramref name="capacity"/> (a KMV sketch's share of this relation), with the hash up to which the list is
    /// complete.
    /// </summary>
    internal (List<ulong> Hashes, ulong CompleteUpTo) ValueHashes(SqlColumn column, ulong threshold, int capacity)
    {
        var (value, where) = PresentValue(column);
        var hashes = new List<ulong>();
        // No ORDER BY ... LIMIT: with one, the planner may sort the shard's rows here instead of grouping them there.
        foreach (var row in Rows(
            $"SELECT h FROM (SELECT {_dialect.ValueHash(column, "v", 0)} AS h FROM (SELECT {value} AS v FROM {_relation} AS {RowAlias}) AS s WHERE {where}) AS d " +
            $"WHERE h <= {_dialect.HashLiteral(threshold)} GROUP BY h"))
            hashes.Add(_dialect.ToUnsigned(row.GetValue(0)));
        hashes.Sort();
        return hashes.Count > capacity ? (hashes.Take(capacity).ToList(), hashes[capacity - 1]) : (hashes, threshold);
    }

    /// <summary>The rows whose seeded row hash is at or under <paramref name="threshold"/>, with their keys, in no order.</summary>
    internal List<(ulong Key, string?[] Values)> RowsUnder(List<SqlColumn> columns, long seed, ulong threshold)
    {
        var key = _dialect.RowHash(HashInputs(columns), seed);
        int width = columns.Count;
        var shared = new SharedValues(width);
        var rows = new List<(ulong, string?[])>();
        foreach (var row in Rows(
            $"SELECT {string.Join(", ", columns.Select(Reference))}, {key} AS dr_key FROM {_relation} AS {RowAlias} " +
            $"WHERE {key} <= {_dialect.HashLiteral(threshold)}"))
            rows.Add((_dialect.ToUnsigned(row.GetValue(width)), Values(row, columns, shared)));
        return rows;
    }

    /// <summary>A result row's first columns as the text the rules see, repeated values kept once per column.</summary>
    private static string?[] Values(DbDataReader row, List<SqlColumn> columns, SharedValues shared)
    {
        var values = new string?[columns.Count];
        for (int c = 0; c < values.Length; c++)
            values[c] = row.IsDBNull(c) ? null : shared.Get(c, SqlValueText.Format(row.GetValue(c), columns[c].Kind));
        return values;
    }

    /// <summary>The distinct row hashes (seed 0) at or under <paramref name="threshold"/> with their counts, in no order.</summary>
    internal List<(ulong Hash, long Count)> RowHashesUnder(List<SqlColumn> columns, ulong threshold)
    {
        var hash = _dialect.RowHash(HashInputs(columns), 0);
        var found = new List<(ulong, long)>();
        foreach (var row in Rows(
            $"SELECT h.h, count(*) FROM (SELECT {hash} AS h FROM {_relation} AS {RowAlias}) AS h " +
            $"WHERE h.h <= {_dialect.HashLiteral(threshold)} GROUP BY h.h"))
            found.Add((_dialect.ToUnsigned(row.GetValue(0)), row.GetInt64(1)));
        return found;
    }

    private (List<SampledRow> Rows, string Method) Sample(List<SqlColumn> columns, int sampleRows, long seed, string displayName)
    {
        var quoted = columns.Select(Reference).ToList();
        var hashInputs = HashInputs(columns);
        bool numbered = _fileRows?.RowColumn is not null;
        string key = numbered
            ? $"hash(parse_filename({RowAlias}.{_fileRows!.FileColumn}), {RowAlias}.{_fileRows.RowColumn}, {seed.ToString(CultureInfo.InvariantCulture)}::BIGINT)"
            : _dialect.RowHash(hashInputs, seed);
        var identity = _fileRows is null ? "" : numbered
            ? $", {RowAlias}.{_fileRows.FileColumn}, {RowAlias}.{_fileRows.RowColumn}"
            : $", {RowAlias}.{_fileRows.FileColumn}";
        // Two passes instead of one sort of whole rows (which the engine cannot spill): the k-th smallest key first,
        // over keys only; then the rows at or under it stream out, and are put in key order here.
        object? threshold = null;
        foreach (var keys in Rows($"SELECT max(dr_key) FROM (SELECT {key} AS dr_key FROM {_relation} AS {RowAlias} ORDER BY dr_key LIMIT {sampleRows}) AS k"))
            threshold = keys.IsDBNull(0) ? null : keys.GetValue(0);
        var method = numbered
            ? $"bottom-k by {_dialect.Name}'s hash of (file name, file row number, seed)"
            : $"bottom-k by {_dialect.Name}'s hash of the row's values and the seed ({_dialect.RowHashName})";
        var sample = new List<SampledRow>();
        if (threshold is null) return (sample, method);
        int width = columns.Count;
        var kept = new List<(ulong Key, string?[] Values, string? File, long Row)>();
        // Repeated values (units, plants, dates) are kept once per column, as the streaming pass keeps them.
        var shared = new SharedValues(width);
        foreach (var reader in Rows(
            $"SELECT {string.Join(", ", quoted)}{identity}, {key} AS dr_key FROM {_relation} AS {RowAlias} " +
            $"WHERE {key} <= {Convert.ToString(threshold, CultureInfo.InvariantCulture)}"))
        {
            var file = _fileRows is null ? null : reader.GetString(width);
            long row = numbered ? Convert.ToInt64(reader.GetValue(width + 1), CultureInfo.InvariantCulture) + 1 : 0;
            kept.Add((_dialect.ToUnsigned(reader.GetValue(reader.FieldCount - 1)), Values(reader, columns, shared), file, row));
        }
        kept.Sort((a, b) => PartitionMerge.SampleOrder(a.Key, a.Values, b.Key, b.Values));
        long position = 0;
        foreach (var (sampleKey, values, file, row) in kept.Take(sampleRows))
        {
            position++;
            // Tables (and CSV read by DuckDB) have no row numbers: a row is named by its place in the seeded sample order.
            var (shownFile, shownRow) = _fileRows is null ? (displayName, position)
                : numbered ? (_fileRows.Display(file!), row) : (_fileRows.Display(file!), position);
            sample.Add(new SampledRow(shownFile, shownRow, sampleKey, values));
        }
        return (sample, method);
    }

    /// <summary>
    /// The k smallest distinct row hashes with exact counts (the same KMV sketch the streaming pass keeps). Only
    /// hashes under a threshold leave the engine: k/N of the hash range, times a margin, widened until k are found.
    /// </summary>
    private List<RowHashCount> RowHashes(List<SqlColumn> columns, long rows, int capacity, string displayName)
    {
        var sketch = new List<RowHashCount>();
        if (rows == 0) return sketch;
        var hash = _dialect.RowHash(HashInputs(columns), 0);
        var (min, max) = _dialect.HashRange;
        for (double fraction = Math.Min(1, 4.0 * capacity / rows); ; fraction = Math.Min(1, fraction * 4))
        {
            var threshold = fraction >= 1 ? max : min + (decimal)fraction * (max - min);
            var where = fraction >= 1 ? "" : $"WHERE h.h <= {decimal.Truncate(threshold).ToString(CultureInfo.InvariantCulture)}";
            var found = new List<(object Raw, ulong Hash, long Count)>();
            foreach (var reader in Rows(
                $"SELECT h.h, count(*) FROM (SELECT {hash} AS h FROM {_relation} AS {RowAlias}) AS h " +
                $"{where} GROUP BY h.h ORDER BY h.h LIMIT {capacity}"))
                found.Add((reader.GetValue(0), _dialect.ToUnsigned(reader.GetValue(0)), reader.GetInt64(1)));
            if (found.Count < capacity && fraction < 1) continue;
            var positions = _fileRows?.RowColumn is null ? [] : Positions(hash, found.Where(f => f.Count > 1).Take(MaxDuplicateGroupsLocated).Select(f => f.Raw).ToList());
            foreach (var (raw, h, count) in found) sketch.Add(new RowHashCount(h, count, positions.GetValueOrDefault(raw) ?? []));
            _note?.Invoke($"{displayName}: duplicate-row sketch over {found.Count:N0} distinct row hashes");
            return sketch;
        }
    }

    /// <summary>Row positions fetched per duplicate hash (the duplicate-row sketch keeps as many); counts stay exact.</summary>
    public const int PositionsPerHash = 8;
    /// <summary>Top values fetched per column, as many as the streaming pass's frequent-values sketch reports.</summary>
    public const int TopValueCount = 128;

    // Positions are fetched for this many duplicate groups; the counts of the others stay exact.
    private const int MaxDuplicateGroupsLocated = 1000;

    /// <summary>Where the rows of the given duplicate groups are (file, 1-based row), at most a few per group.</summary>
    private Dictionary<object, List<(string, long)>> Positions(string hash, List<object> hashes)
    {
        var positions = new Dictionary<object, List<(string, long)>>();
        if (hashes.Count == 0) return positions;
        var list = string.Join(", ", hashes.Select(h => Convert.ToString(h, CultureInfo.InvariantCulture)));
        using var reader = Execute(
            $"SELECT h, f, r FROM (SELECT {hash} AS h, {RowAlias}.{_fileRows!.FileColumn} AS f, {RowAlias}.{_fileRows.RowColumn} AS r " +
            $"FROM {_relation} AS {RowAlias}) AS d WHERE h IN ({list})");
        while (reader.Read())
        {
            var key = reader.GetValue(0);
            if (!positions.TryGetValue(key, out var at)) positions[key] = at = new List<(string, long)>();
            at.Add((_fileRows.Display(reader.GetString(1)), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture) + 1));
        }
        foreach (var key in positions.Keys.ToList())
            positions[key] = positions[key].OrderBy(p => p.Item1, StringComparer.Ordinal).ThenBy(p => p.Item2).Take(PositionsPerHash).ToList();
        return positions;
    }

    private Dictionary<string, long> RowsByFile()
    {
        using var reader = Execute($"SELECT {_fileRows!.FileColumn}, count(*) FROM {_relation} AS {RowAlias} GROUP BY 1");
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read()) rows[reader.GetString(0)] = reader.GetInt64(1);
        return rows;
    }

    /// <summary>Rows and queries this scanner received from the engine, counted as they are read.</summary>
    public long RowsReceived { get; private set; }
    public int Queries { get; private set; }

    /// <summary>Every statement this scanner sent, in order (the tests EXPLAIN them on a cluster).</summary>
    public List<string> Statements { get; } = new();

    private bool Received(bool read)
    {
        if (read) RowsReceived++;
        return read;
    }

    /// <summary>The result rows of a query, counted as they arrive.</summary>
    private IEnumerable<DbDataReader> Rows(string sql)
    {
        using var reader = Execute(sql);
        while (Received(reader.Read())) yield return reader;
    }

    private DbDataReader Execute(string sql)
    {
        Queries++;
        Statements.Add(sql);
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        command.CommandTimeout = 0;
        return command.ExecuteReader();
    }
}

/// <summary>Engine values as the text the rules see, in the invariant culture and the formats the file readers use.</summary>
internal static class SqlValueText
{
    public static string Format(object value, SqlColumnKind kind) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        DateTime d => kind == SqlColumnKind.Date || (d.TimeOfDay == TimeSpan.Zero && kind != SqlColumnKind.DateTime)
            ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : d.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexStringLower(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
