using System.Globalization;
using System.Text.RegularExpressions;
using DataReadiness.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DataReadiness.Jobs;

/// <summary>
/// Reads a job file and reports every mistake at once, each with its line and column, instead of stopping at
/// the first: unknown keys (with the closest known one), wrong types, values out of range, missing keys.
/// </summary>
public sealed partial class JobFileParser
{
    public static readonly string[] Roles = ["key", "vendor", "measure", "uom", "free_text", "category", "date", "id", "number", "text", "ignore"];

    private static readonly string[] TopKeys = ["name", "live", "poc", "sample", "columns", "rules", "gate"];
    private static readonly string[] SourceKeys = ["path", "format", "separator", "encoding", "header", "engine", "sheet", "database", "connection", "table", "query"];
    private static readonly string[] PocKeys = [.. SourceKeys, "outcome", "accuracy"];
    private static readonly string[] SampleKeys = ["rows", "seed"];
    private static readonly string[] ColumnKeys = ["role", "unit", "per", "group_by"];
    private static readonly string[] GateKeys = ["min_expected_accuracy", "max_drop_points"];

    private readonly string _file;
    private readonly List<ConfigDiagnostic> _errors = new();

    private JobFileParser(string file) => _file = file;

    /// <summary>Parses the job file at <paramref name="path"/>; throws <see cref="ConfigException"/> listing every problem.</summary>
    public static JobSpec Load(string path)
    {
        if (!File.Exists(path))
            throw new ConfigException([new ConfigDiagnostic(path, 1, 1, Directory.Exists(path) ? "is a directory, not a job file" : "job file not found")]);
        using var stream = FileHash.OpenReadOnly(path);
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), path);
    }

    /// <summary>Parses job-file text; <paramref name="path"/> names it in messages and anchors relative paths.</summary>
    public static JobSpec Parse(string text, string path)
    {
        var parser = new JobFileParser(path);
        var job = parser.ParseText(text);
        if (parser._errors.Count > 0 || job is null)
            throw new ConfigException(parser._errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList());
        return job;
    }

    private JobSpec? ParseText(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            Error(e.Start, $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's document model gives up on some broken flow mappings without a position: find it with the parser.
            Error(LastParsedPosition(text), "not valid YAML: an unclosed '{', '[' or quote");
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var at = stream.Documents.Count > 0 ? stream.Documents[0].RootNode.Start : Mark.Empty;
            Error(at, "a job file is a mapping with at least 'name' and 'live'");
            return null;
        }
        CheckKeys(root, TopKeys, "job");
        var name = RequiredString(root, "name");
        if (name is not null && !SafeName().IsMatch(name))
            Error(Value(root, "name")!.Start, $"name '{name}' names a folder under reports/: use letters, digits, '.', '_' or '-'");
        var live = Source(root, "live", required: true, SourceKeys);
        PocSpec? poc = null;
        if (Value(root, "poc") is { } pocNode)
        {
            var source = Source(root, "poc", required: true, PocKeys);
            var map = pocNode as YamlMappingNode;
            var outcome = map is null ? null : OptionalString(map, "outcome");
            var accuracy = map is null ? null : OptionalNumber(map, "accuracy", 0, 1);
            poc = source is null ? null : new PocSpec(source, outcome, accuracy);
        }
        var sample = new SampleSpec(SampleSpec.DefaultRows, SampleSpec.DefaultSeed);
        if (Mapping(root, "sample") is { } sampleNode)
        {
            CheckKeys(sampleNode, SampleKeys, "sample");
            sample = new SampleSpec(
                (int)(OptionalInteger(sampleNode, "rows", 1, SampleSpec.MaxRows) ?? SampleSpec.DefaultRows),
                OptionalInteger(sampleNode, "seed", long.MinValue, long.MaxValue) ?? SampleSpec.DefaultSeed);
        }
        var columns = new Dictionary<string, ColumnSpec>(StringComparer.Ordinal);
        if (Mapping(root, "columns") is { } columnsNode)
        {
            foreach (var (keyNode, valueNode) in columnsNode.Children)
            {
                var column = ((YamlScalarNode)keyNode).Value ?? "";
                if (valueNode is not YamlMappingNode spec)
                {
                    Error(valueNode.Start, $"columns.{column}: expected a mapping such as {{ role: vendor }}");
                    continue;
                }
                CheckKeys(spec, ColumnKeys, $"columns.{column}");
                var role = OptionalString(spec, "role");
                if (role is not null && !Roles.Contains(role))
                    Error(Value(spec, "role")!.Start, $"columns.{column}.role: '{role}' is not a role; use one of {string.Join(", ", Roles)}");
                columns[column] = new ColumnSpec(role, OptionalString(spec, "unit"), OptionalString(spec, "per"), OptionalString(spec, "group_by"));
            }
        }
        var rules = new List<string>();
        if (Value(root, "rules") is { } rulesNode)
        {
            if (rulesNode is YamlSequenceNode list)
            {
                foreach (var item in list)
                {
                    if (item is YamlScalarNode { Value: { Length: > 0 } rulePath }) rules.Add(rulePath);
                    else Error(item.Start, "rules: each entry is a path to a rule catalog folder or file");
                }
            }
            else Error(rulesNode.Start, "rules: expected a list of paths, such as [ rules/ ]");
        }
        GateSpec? gate = null;
        if (Mapping(root, "gate") is { } gateNode)
        {
            CheckKeys(gateNode, GateKeys, "gate");
            gate = new GateSpec(OptionalNumber(gateNode, "min_expected_accuracy", 0, 1), OptionalNumber(gateNode, "max_drop_points", 0, 100));
        }
        if (name is null || live is null) return null;
        return new JobSpec(name, _file, live, poc, sample, columns, rules, gate);
    }

    private SourceSpec? Source(YamlMappingNode root, string key, bool required, string[] allowed)
    {
        var node = Value(root, key);
        if (node is null)
        {
            if (required) Error(root.Start, $"'{key}' is missing: it says where the {key} data is, e.g. {key}: {{ path: extracts/po.csv }}");
            return null;
        }
        if (node is YamlScalarNode { Value: { Length: > 0 } shortPath }) return new SourceSpec(shortPath);
        if (node is not YamlMappingNode map)
        {
            Error(node.Start, $"{key}: expected a mapping such as {{ path: extracts/po.csv }}");
            return null;
        }
        CheckKeys(map, allowed, key);
        if (Value(map, "database") is not null) return DatabaseSource(map, key);
        foreach (var databaseKey in new[] { "connection", "table", "query" })
            if (Value(map, databaseKey) is { } stray)
                Error(stray.Start, $"{key}.{databaseKey}: only for a database source; add database: postgres or database: duckdb");
        var path = RequiredString(map, "path", key);
        var format = Choice(map, key, "format", "a format", SourceFormat.Auto,
            ("csv", SourceFormat.Csv), ("parquet", SourceFormat.Parquet), ("xlsx", SourceFormat.Xlsx));
        var engine = Choice(map, key, "engine", "an engine", ScanEngine.Auto,
            ("auto", ScanEngine.Auto), ("stream", ScanEngine.Stream), ("duckdb", ScanEngine.DuckDb));
        var sheet = OptionalString(map, "sheet");
        char? separator = null;
        if (OptionalString(map, "separator") is { } separatorText)
        {
            separator = separatorText switch
            {
                "\\t" or "tab" or "\t" => '\t',
                { Length: 1 } when separatorText[0] < 128 && separatorText[0] is not ('"' or '\r' or '\n') => separatorText[0],
                _ => null,
            };
            if (separator is null)
                Error(Value(map, "separator")!.Start, $"{key}.separator: '{separatorText}' must be one ASCII character, or tab");
        }
        var encoding = OptionalString(map, "encoding");
        if (encoding is not null)
        {
            if (!TextEncodings.TryResolve(encoding, out _))
                Error(Value(map, "encoding")!.Start, $"{key}.encoding: unknown encoding '{encoding}' (try utf-8, utf-16, latin1 or windows-1252)");
        }
        bool header = OptionalBoolean(map, "header") ?? true;
        return path is null ? null : new SourceSpec(path, format, separator, encoding, header, engine, sheet);
    }

    private SourceSpec? DatabaseSource(YamlMappingNode map, string key)
    {
        DatabaseKind? kind = Choice<DatabaseKind?>(map, key, "database", "a database", null,
            ("postgres", DatabaseKind.Postgres), ("duckdb", DatabaseKind.DuckDb), ("postgresql", DatabaseKind.Postgres));
        var connection = RequiredString(map, "connection", key);
        var table = OptionalString(map, "table");
        var query = OptionalString(map, "query");
        if ((table is null) == (query is null))
            Error(map.Start, $"{key}: a database source names exactly one of table (e.g. table: public.work_orders) or query");
        foreach (var fileKey in new[] { "path", "format", "separator", "encoding", "header", "engine", "sheet" })
            if (Value(map, fileKey) is { } stray) Error(stray.Start, $"{key}.{fileKey}: not used by a database source");
        if (kind is null || connection is null || (table is null) == (query is null)) return null;
        var path = $"{(kind == DatabaseKind.Postgres ? "postgres" : "duckdb")}:{table ?? "query"}";
        return new SourceSpec(path, Database: new DatabaseSpec(kind.Value, connection, table, query));
    }

    /// <summary>
    /// A key whose value is one of a few names; anything else is reported with the names to use (the first ones
    /// given: later names are accepted aliases). Absent, it is <paramref name="absent"/>; wrong, the default too.
    /// </summary>
    private T Choice<T>(YamlMappingNode map, string where, string key, string what, T absent, params (string Name, T Value)[] options)
    {
        if (OptionalString(map, key) is not { } text) return absent;
        foreach (var (name, value) in options)
            if (name == text) return value;
        var shown = options.Select(o => o.Value).Distinct().Select(v => options.First(o => Equals(o.Value, v)).Name).ToList();
        Error(Value(map, key)!.Start, $"{where}.{key}: '{text}' is not {what}; use {string.Join(", ", shown[..^1])} or {shown[^1]}");
        return absent;
    }

    private void CheckKeys(YamlMappingNode map, string[] allowed, string where)
    {
        foreach (var keyNode in map.Children.Keys)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (allowed.Contains(key)) continue;
            var closest = allowed.OrderBy(a => Levenshtein(a, key)).First();
            var hint = Levenshtein(closest, key) <= Math.Max(2, key.Length / 3) ? $"; did you mean '{closest}'?" : "";
            Error(keyNode.Start, $"{where}: unknown key '{key}'{hint} (known: {string.Join(", ", allowed)})");
        }
    }

    private static Mark LastParsedPosition(string text)
    {
        var parser = new Parser(new StringReader(text));
        var last = Mark.Empty;
        try
        {
            while (parser.MoveNext()) last = parser.Current!.Start;
        }
        catch (YamlException e)
        {
            return e.Start;
        }
        catch (InvalidOperationException)
        {
        }
        return last;
    }

    private static YamlNode? Value(YamlMappingNode map, string key) =>
        map.Children.FirstOrDefault(p => p.Key is YamlScalarNode s && s.Value == key).Value;

    private YamlMappingNode? Mapping(YamlMappingNode map, string key)
    {
        var node = Value(map, key);
        if (node is null || node is YamlMappingNode) return node as YamlMappingNode;
        Error(node.Start, $"{key}: expected a mapping");
        return null;
    }

    private string? RequiredString(YamlMappingNode map, string key, string? where = null)
    {
        var value = OptionalString(map, key, where);
        if (value is null && Value(map, key) is null)
            Error(map.Start, $"{(where is null ? "" : where + ".")}{key} is missing");
        return value;
    }

    private string? OptionalString(YamlMappingNode map, string key, string? where = null)
    {
        var node = Value(map, key);
        if (node is null) return null;
        if (node is YamlScalarNode { Value: { Length: > 0 } text }) return text;
        Error(node.Start, $"{(where is null ? "" : where + ".")}{key}: expected text");
        return null;
    }

    private double? OptionalNumber(YamlMappingNode map, string key, double min, double max)
    {
        var node = Value(map, key);
        if (node is null) return null;
        if (node is YamlScalarNode { Value: { } text } &&
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            if (value >= min && value <= max) return value;
            Error(node.Start, $"{key}: {text} is out of range [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
            return null;
        }
        Error(node.Start, $"{key}: expected a number");
        return null;
    }

    private long? OptionalInteger(YamlMappingNode map, string key, long min, long max)
    {
        var node = Value(map, key);
        if (node is null) return null;
        if (node is YamlScalarNode { Value: { } text } &&
            long.TryParse(text.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            if (value >= min && value <= max) return value;
            Error(node.Start, $"{key}: {text} is out of range [{min}, {max}]");
            return null;
        }
        Error(node.Start, $"{key}: expected a whole number");
        return null;
    }

    private bool? OptionalBoolean(YamlMappingNode map, string key)
    {
        var node = Value(map, key);
        if (node is null) return null;
        if (node is YamlScalarNode { Value: "true" or "false" } s) return s.Value == "true";
        Error(node.Start, $"{key}: expected true or false");
        return null;
    }

    private void Error(Mark at, string message) =>
        _errors.Add(new ConfigDiagnostic(_file, (int)Math.Max(1, at.Line), (int)Math.Max(1, at.Column), message));

    private static int Levenshtein(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeName();
}
