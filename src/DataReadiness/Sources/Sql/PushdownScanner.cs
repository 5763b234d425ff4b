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
        var (rows, fingerprint, aggregates) = Aggregates(columns);
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

    /// <summary>The column's value as an expression over the row alias.</summary>
    private string Reference(SqlColumn column) => column.Expression ?? $"{RowAlias}.{_dialect.Quote(column.Name)}";

    private List<SqlColumn> Describe()
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

    private (long Rows, string Fingerprint, List<ColumnAggregates> Aggregates) Aggregates(List<SqlColumn> columns)
    {
        long rows = 0;
        string fingerprint = "";
        var result = new List<ColumnAggregates>();
        var quoted = columns.Select(Reference).ToList();
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
                    ? $"({_dialect.RowHash(RowAlias, quoted, 0)})::numeric AS dr_h"
                    : $"CAST({_dialect.RowHash(RowAlias, quoted, 0)} AS HUGEINT) AS dr_h");
                select.Add(_dialect is PostgresDialect ? "sum(dr_h)::text" : "CAST(sum(dr_h) AS VARCHAR)");
            }
            var plans = batch.Select((c, i) => Plan(c, $"c{i}", inner, select)).ToList();
            using var reader = Execute(
                $"SELECT {string.Join(",\n ", select)} FROM (SELECT {string.Join(",\n ", inner)} FROM {_relation} AS {RowAlias}) AS dr_kinds");
            reader.Read();
            rows = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
            if (first) fingerprint = reader.IsDBNull(1) ? "0" : reader.GetString(1);
            for (int i = 0; i < batch.Count; i++) result.Add(plans[i](reader, rows));
        }
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{rows}:{fingerprint}"));
        return (rows, Convert.ToHexStringLower(digest), result);
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
        {
            var text = _dialect.AsText(q);
            var first = $"substr({text}, 1, 1)";
            // Numbers and dates start with a digit, a sign or a point; booleans with t, f, y or n: the regular
            // expressions run only on values that could match them.
            var numeric = $"({first} BETWEEN '0' AND '9' OR {first} IN ('-', '+', '.'))";
            string Is(string pattern) => _dialect.Matches(text, pattern);
            var kind = $"CASE WHEN {q} IS NULL THEN {KindNull} WHEN {_dialect.IsBlank(text)} THEN {KindBlank} " +
                $"WHEN {numeric} THEN CASE WHEN {Is(IntegerPattern)} THEN {KindInteger} WHEN {Is(NumberPattern)} THEN {KindDecimal} " +
                $"WHEN {Is(IsoDatePattern)} THEN {KindIsoDate} WHEN {Is(IsoDateTimePattern)} THEN {KindIsoDateTime} " +
                $"WHEN {Is(SlashDatePattern)} THEN {KindSlashDate} WHEN {Is(DottedDatePattern)} THEN {KindDottedDate} ELSE {KindText} END " +
                $"WHEN lower({first}) IN ('t', 'f', 'y', 'n') AND {Is(BooleanPattern)} THEN {KindBoolean} ELSE {KindText} END";
            inner.Add($"{text} AS {alias}_v");
            inner.Add($"{kind} AS {alias}_k");
            string v = $"{alias}_v", k = $"{alias}_k";
            int Count(int code) => Add($"count(*) FILTER (WHERE {k} = {code})");
            var number = $"CASE WHEN {k} IN ({KindInteger}, {KindDecimal}) THEN {_dialect.AsDouble(v)} END";
            var length = $"CASE WHEN {k} > {KindBlank} THEN length({v}) END";
            var isoDay = $"CASE WHEN {k} IN ({KindIsoDate}, {KindIsoDateTime}) THEN substr({v}, 1, 10) END";
            int nulls = Count(KindNull), blanks = Count(KindBlank), integers = Count(KindInteger), decimals = Count(KindDecimal);
            int isoDates = Count(KindIsoDate), isoDateTimes = Count(KindIsoDateTime), slashDates = Count(KindSlashDate);
            int dottedDates = Count(KindDottedDate), booleans = Count(KindBoolean), texts = Count(KindText);
            int moments = AddMoments(number, Add), lengths = AddMoments(length, Add);
            int distinct = Add($"count(DISTINCT CASE WHEN {k} > {KindBlank} THEN {v} END)");
            int minDay = Add($"min({isoDay})"), maxDay = Add($"max({isoDay})");
            return (r, rows) => new ColumnAggregates(column.Name, rows, Long(r, nulls), Long(r, blanks),
                [(ValueKind.Integer, Long(r, integers)), (ValueKind.Decimal, Long(r, decimals)),
                 (ValueKind.Date, Long(r, isoDates) + Long(r, slashDates) + Long(r, dottedDates)),
                 (ValueKind.DateTime, Long(r, isoDateTimes)), (ValueKind.Boolean, Long(r, booleans)), (ValueKind.Text, Long(r, texts))],
                [(IsoDateFormat, Long(r, isoDates)), (IsoDateTimeFormat, Long(r, isoDateTimes)),
                 (ValueClassifier.AmbiguousSlashDate, Long(r, slashDates)), (DottedDateFormat, Long(r, dottedDates))],
                ReadMoments(r, moments), ReadMoments(r, lengths), Long(r, distinct), 0, [],
                Day(r, minDay), Day(r, maxDay));
        }

        inner.Add($"{q} AS {alias}_v");
        inner.Add($"{_dialect.AsText(q)} AS {alias}_t");
        string value = $"{alias}_v", valueText = $"{alias}_t";
        int count = Add($"count({value})"), distinctTyped = Add($"count(DISTINCT {value})");
        int typedMoments = column.Kind is SqlColumnKind.Integer or SqlColumnKind.Decimal ? AddMoments(_dialect.AsDouble(value), Add) : -1;
        int typedLengths = AddMoments($"length({valueText})", Add);
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
                typedMoments < 0 ? Moments.None : ReadMoments(r, typedMoments), ReadMoments(r, typedLengths),
                Long(r, distinctTyped), 0, [], min < 0 ? null : Moment(r, min), max < 0 ? null : Moment(r, max));
        };
    }

    private static int AddMoments(string expression, Func<string, int> add)
    {
        int first = add($"count({expression})");
        add($"min({expression})");
        add($"max({expression})");
        add($"avg({expression})");
        add($"var_samp({expression})");
        return first;
    }

    private static Moments ReadMoments(DbDataReader r, int first)
    {
        long count = Long(r, first);
        if (count == 0) return Moments.None;
        double Value(int i) => r.IsDBNull(i) ? 0 : Convert.ToDouble(r.GetValue(i), CultureInfo.InvariantCulture);
        return new Moments(count, Value(first + 1), Value(first + 2), Value(first + 3), Value(first + 4));
    }

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

    private List<(string, long)> TopValues(SqlColumn column)
    {
        var q = Reference(column);
        var value = column.Kind == SqlColumnKind.Text ? _dialect.AsText(q) : q;
        var where = column.Kind == SqlColumnKind.Text
            ? $"v IS NOT NULL AND NOT ({_dialect.IsBlank("v")})"
            : "v IS NOT NULL";
        using var reader = Execute(
            $"SELECT v, count(*) AS n FROM (SELECT {value} AS v FROM {_relation} AS {RowAlias}) AS s WHERE {where} " +
            $"GROUP BY v ORDER BY n DESC, v LIMIT {TopValueCount}");
        var top = new List<(string, long)>();
        while (reader.Read()) top.Add((SqlValueText.Format(reader.GetValue(0), column.Kind), reader.GetInt64(1)));
        return top;
    }

    private (List<SampledRow> Rows, string Method) Sample(List<SqlColumn> columns, int sampleRows, long seed, string displayName)
    {
        var quoted = columns.Select(Reference).ToList();
        bool numbered = _fileRows?.RowColumn is not null;
        string key = numbered
            ? $"hash(parse_filename({RowAlias}.{_fileRows!.FileColumn}), {RowAlias}.{_fileRows.RowColumn}, {seed.ToString(CultureInfo.InvariantCulture)}::BIGINT)"
            : _dialect.RowHash(RowAlias, quoted, seed);
        var identity = _fileRows is null ? "" : numbered
            ? $", {RowAlias}.{_fileRows.FileColumn}, {RowAlias}.{_fileRows.RowColumn}"
            : $", {RowAlias}.{_fileRows.FileColumn}";
        // Two passes instead of one sort of whole rows (which the engine cannot spill): the k-th smallest key first,
        // over keys only; then the rows at or under it stream out, and are put in key order here.
        object? threshold;
        using (var keys = Execute($"SELECT max(dr_key) FROM (SELECT {key} AS dr_key FROM {_relation} AS {RowAlias} ORDER BY dr_key LIMIT {sampleRows}) AS k"))
        {
            keys.Read();
            threshold = keys.IsDBNull(0) ? null : keys.GetValue(0);
        }
        var method = numbered
            ? $"bottom-k by {_dialect.Name}'s hash of (file name, file row number, seed)"
            : $"bottom-k by {_dialect.Name}'s hash of the row's values and the seed ({_dialect.RowHashName})";
        var sample = new List<SampledRow>();
        if (threshold is null) return (sample, method);
        int width = columns.Count;
        var kept = new List<(ulong Key, string?[] Values, string? File, long Row)>();
        // Repeated values (units, plants, dates) are kept once per column, as the streaming pass keeps them.
        var shared = new SharedValues(width);
        using (var reader = Execute(
            $"SELECT {string.Join(", ", quoted)}{identity}, {key} AS dr_key FROM {_relation} AS {RowAlias} " +
            $"WHERE {key} <= {Convert.ToString(threshold, CultureInfo.InvariantCulture)}"))
        {
            while (reader.Read())
            {
                var values = new string?[width];
                for (int c = 0; c < width; c++)
                    values[c] = reader.IsDBNull(c) ? null : shared.Get(c, SqlValueText.Format(reader.GetValue(c), columns[c].Kind));
                var file = _fileRows is null ? null : reader.GetString(width);
                long row = numbered ? Convert.ToInt64(reader.GetValue(width + 1), CultureInfo.InvariantCulture) + 1 : 0;
                kept.Add((_dialect.ToUnsigned(reader.GetValue(reader.FieldCount - 1)), values, file, row));
            }
        }
        // Equal keys are equal rows (a content hash): their order does not matter, but it is made stable anyway.
        kept.Sort((a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key)
            : string.CompareOrdinal(string.Join('\u001f', a.Values), string.Join('\u001f', b.Values)));
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
        var hash = _dialect.RowHash(RowAlias, columns.Select(Reference).ToList(), 0);
        var (min, max) = _dialect.HashRange;
        for (double fraction = Math.Min(1, 4.0 * capacity / rows); ; fraction = Math.Min(1, fraction * 4))
        {
            var threshold = fraction >= 1 ? max : min + (decimal)fraction * (max - min);
            var where = fraction >= 1 ? "" : $"WHERE h.h <= {decimal.Truncate(threshold).ToString(CultureInfo.InvariantCulture)}";
            var found = new List<(object Raw, ulong Hash, long Count)>();
            using (var reader = Execute(
                $"SELECT h.h, count(*) FROM (SELECT {hash} AS h FROM {_relation} AS {RowAlias}) AS h " +
                $"{where} GROUP BY h.h ORDER BY h.h LIMIT {capacity}"))
                while (reader.Read()) found.Add((reader.GetValue(0), _dialect.ToUnsigned(reader.GetValue(0)), reader.GetInt64(1)));
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

    private DbDataReader Execute(string sql)
    {
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
