using System.Text.RegularExpressions;
using DataReadiness.Configuration;
using DataReadiness.Findings;
using YamlDotNet.RepresentationModel;

namespace DataReadiness.Jobs;

/// <summary>
/// Reads a job file and reports every mistake at once, each with its line and column, instead of stopping at
/// the first: unknown keys (with the closest known one), wrong types, values out of range, missing keys.
/// </summary>
public static partial class JobFileParser
{
    /// <summary>The roles a job file may give a column (every role but the one table rules report under).</summary>
    public static readonly IReadOnlyList<string> Roles = Enum.GetValues<ColumnRole>().Where(r => r != ColumnRole.Table).Select(r => ContractNames.Of(r)).ToList();

    private static readonly string[] TopKeys = ["name", "live", "poc", "sample", "columns", "rules", "gate"];
    private static readonly string[] SourceKeys = ["path", "format", "separator", "encoding", "header", "engine", "sheet", "database", "connection", "table", "query"];
    private static readonly string[] LiveKeys = [.. SourceKeys, "score"];
    private static readonly string[] PocKeys = [.. SourceKeys, "outcome", "accuracy", "label", "prediction", "score", "score_is"];
    private static readonly string[] SampleKeys = ["rows", "seed"];
    private static readonly string[] ColumnKeys = ["role", "unit", "per", "group_by"];
    private static readonly string[] GateKeys = ["min_expected_accuracy", "max_drop_points", "max_shift_auc", "max_unsupported_share",
        "min_expected_accuracy_over_last", "max_drop_vs_previous_points", "max_malformed_share"];

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
        var reader = new YamlReader(path);
        var job = reader.Root(text, "a job file is a mapping with at least 'name' and 'live'") is { } root ? Read(root) : null;
        reader.ThrowIfErrors();
        return job ?? throw new ConfigException([new ConfigDiagnostic(path, 1, 1, "a job file is a mapping with at least 'name' and 'live'")]);
    }

    private static JobSpec? Read(YamlSection root)
    {
        var reader = root.Reader;
        root.CheckKeys(TopKeys, "job");
        var name = root.RequiredString("name");
        if (name is not null && !SafeName().IsMatch(name))
            reader.Error(root.Value("name")!, $"name '{(name.Length > 40 ? name[..40] + "..." : name)}' names a folder under reports/: use letters, digits, '.', '_' or '-', " +
                                              "starting with a letter or digit (so never '.' or '..'), at most 100 characters");
        var live = Source(root, "live", LiveKeys);
        var liveScore = root.Value("live") is YamlMappingNode ? root.Mapping("live")?.String("score") : null;
        PocSpec? poc = null;
        if (root.Value("poc") is not null)
        {
            var source = Source(root, "poc", PocKeys);
            var map = root.Value("poc") is YamlMappingNode ? root.Mapping("poc") : null;
            var outcome = map?.String("outcome");
            var accuracy = map?.Number("accuracy", 0, 1);
            var label = map?.String("label");
            var prediction = map?.String("prediction");
            if ((label is null) != (prediction is null))
                reader.Error(root.Value("poc")!, "poc: label and prediction go together (the true class and the model's, per row): give both or neither");
            var score = map?.String("score");
            var scoreIs = ScoreMeaning.Confidence;
            if (map?.String("score_is") is { } meaning)
            {
                if (meaning == "positive_class") scoreIs = ScoreMeaning.PositiveClass;
                else if (meaning != "confidence")
                    reader.Error(map.Value("score_is")!, $"poc.score_is: '{meaning}' is not a meaning; use confidence (the predicted class's probability) or positive_class (a binary model's P(positive))");
            }
            poc = source is null ? null : new PocSpec(source, outcome, accuracy) { Label = label, Prediction = prediction, Score = score, ScoreIs = scoreIs };
        }
        var sample = new SampleSpec(SampleSpec.DefaultRows, SampleSpec.DefaultSeed);
        if (root.Mapping("sample") is { } sampleNode)
        {
            sampleNode.CheckKeys(SampleKeys, "sample");
            sample = new SampleSpec(
                (int)(sampleNode.Integer("rows", 1, SampleSpec.MaxRows) ?? SampleSpec.DefaultRows),
                sampleNode.Integer("seed", long.MinValue, long.MaxValue) ?? SampleSpec.DefaultSeed);
        }
        var columns = new Dictionary<string, ColumnSpec>(StringComparer.Ordinal);
        if (root.Mapping("columns") is { } columnsNode)
        {
            foreach (var (column, keyNode, valueNode) in columnsNode.Entries)
            {
                if (keyNode is not YamlScalarNode { Value.Length: > 0 })
                {
                    reader.Error(keyNode, "columns: each key is a column name, such as vendor_name (not a list or a mapping)");
                    continue;
                }
                if (valueNode is not YamlMappingNode specNode)
                {
                    reader.Error(valueNode, $"columns.{column}: expected a mapping such as {{ role: vendor }}");
                    continue;
                }
                var spec = columnsNode.Child(specNode, $"columns.{column}");
                spec.CheckKeys(ColumnKeys, $"columns.{column}");
                ColumnRole? role = null;
                if (spec.String("role") is { } roleText)
                {
                    if (Roles.Contains(roleText) && ContractNames.TryParse<ColumnRole>(roleText, out var parsed)) role = parsed;
                    else reader.Error(spec.Value("role")!, $"columns.{column}.role: '{roleText}' is not a role; use one of {string.Join(", ", Roles)}");
                }
                columns[column] = new ColumnSpec(role, spec.String("unit"), spec.String("per"), spec.String("group_by"))
                {
                    At = ((int)Math.Max(1, keyNode.Start.Line), (int)Math.Max(1, keyNode.Start.Column)),
                };
            }
        }
        var rules = new List<string>();
        if (root.Value("rules") is { } rulesNode)
        {
            if (rulesNode is YamlSequenceNode list)
            {
                foreach (var item in list)
                {
                    if (item is YamlScalarNode { Value: { Length: > 0 } rulePath }) rules.Add(rulePath);
                    else reader.Error(item, "rules: each entry is a path to a rule catalog folder or file");
                }
            }
            else reader.Error(rulesNode, "rules: expected a list of paths, such as [ rules/ ]");
        }
        GateSpec? gate = null;
        if (root.Mapping("gate") is { } gateNode)
        {
            gateNode.CheckKeys(GateKeys, "gate");
            gate = new GateSpec(gateNode.Number("min_expected_accuracy", 0, 1), gateNode.Number("max_drop_points", 0, 100))
            {
                MaxShiftAuc = gateNode.Number("max_shift_auc", 0.5, 1),
                MaxUnsupportedShare = gateNode.Number("max_unsupported_share", 0, 1),
                MaxDropVsPreviousPoints = gateNode.Number("max_drop_vs_previous_points", 0, 100),
                MaxMalformedShare = gateNode.Number("max_malformed_share", 0, 1),
                MinExpectedAccuracyOverLast = Objective(gateNode.Mapping("min_expected_accuracy_over_last",
                    "gate.min_expected_accuracy_over_last: expected a mapping such as { runs: 7, min: 0.85 }")),
            };
        }
        if (liveScore is not null && poc is null)
            reader.Error(root.Value("live")!, "live.score: the model's scores are read against a POC: add a poc section (with its outcome, and its score to check calibration)");
        if (name is null || live is null) return null;
        return new JobSpec(name, reader.File, live, poc, sample, columns, rules, gate) { LiveScore = liveScore };
    }

    private static AccuracyObjective? Objective(YamlSection? node)
    {
        if (node is null) return null;
        node.CheckKeys(["runs", "min"], "gate.min_expected_accuracy_over_last");
        var runs = node.Integer("runs", 1, 1000, "gate.min_expected_accuracy_over_last");
        var min = node.Number("min", 0, 1, "gate.min_expected_accuracy_over_last");
        if (runs is null || min is null)
        {
            if (!node.Has("runs") || !node.Has("min"))
                node.Reader.Error(node.Node, "gate.min_expected_accuracy_over_last needs runs and min, such as { runs: 7, min: 0.85 }");
            return null;
        }
        return new AccuracyObjective((int)runs, min.Value);
    }

    private static SourceSpec? Source(YamlSection root, string key, string[] allowed)
    {
        var node = root.Value(key);
        if (node is null)
        {
            root.Reader.Error(root.Node, $"'{key}' is missing: it says where the {key} data is, e.g. {key}: {{ path: extracts/po.csv }}");
            return null;
        }
        if (node is YamlScalarNode { Value: { Length: > 0 } shortPath }) return new SourceSpec(shortPath);
        if (node is not YamlMappingNode)
        {
            root.Reader.Error(node, $"{key}: expected a mapping such as {{ path: extracts/po.csv }}");
            return null;
        }
        var map = root.Mapping(key)!;
        map.CheckKeys(allowed, key);
        if (map.Has("database")) return DatabaseSource(map, key);
        foreach (var databaseKey in new[] { "connection", "table", "query" })
            if (map.Value(databaseKey) is { } stray)
                root.Reader.Error(stray, $"{key}.{databaseKey}: only for a database source; add database: postgres or database: duckdb");
        var path = map.RequiredString("path", key);
        var format = map.Choice("format", key, "a format", SourceFormat.Auto,
            ("csv", SourceFormat.Csv), ("parquet", SourceFormat.Parquet), ("xlsx", SourceFormat.Xlsx));
        var engine = map.Choice("engine", key, "an engine", ScanEngine.Auto,
            ("auto", ScanEngine.Auto), ("stream", ScanEngine.Stream), ("duckdb", ScanEngine.DuckDb));
        var sheet = map.String("sheet");
        char? separator = null;
        if (map.String("separator") is { } separatorText)
        {
            separator = separatorText switch
            {
                "\\t" or "tab" or "\t" => '\t',
                { Length: 1 } when separatorText[0] < 128 && separatorText[0] is not ('"' or '\r' or '\n') => separatorText[0],
                _ => null,
            };
            if (separator is null)
                root.Reader.Error(map.Value("separator")!, $"{key}.separator: '{separatorText}' must be one ASCII character, or tab");
        }
        var encoding = map.String("encoding");
        if (encoding is not null && !TextEncodings.TryResolve(encoding, out _))
            root.Reader.Error(map.Value("encoding")!, $"{key}.encoding: unknown encoding '{encoding}' (try utf-8, utf-16, latin1 or windows-1252)");
        bool header = map.Boolean("header") ?? true;
        return path is null ? null : new SourceSpec(path, format, separator, encoding, header, engine, sheet);
    }

    private static SourceSpec? DatabaseSource(YamlSection map, string key)
    {
        DatabaseKind? kind = map.Choice<DatabaseKind?>("database", key, "a database", null,
            ("postgres", DatabaseKind.Postgres), ("duckdb", DatabaseKind.DuckDb), ("postgresql", DatabaseKind.Postgres));
        var connection = map.RequiredString("connection", key);
        var table = map.String("table");
        var query = map.String("query");
        if ((table is null) == (query is null))
            map.Reader.Error(map.Node, $"{key}: a database source names exactly one of table (e.g. table: public.work_orders) or query");
        foreach (var fileKey in new[] { "path", "format", "separator", "encoding", "header", "engine", "sheet" })
            if (map.Value(fileKey) is { } stray) map.Reader.Error(stray, $"{key}.{fileKey}: not used by a database source");
        if (kind is null || connection is null || (table is null) == (query is null)) return null;
        var path = $"{(kind == DatabaseKind.Postgres ? "postgres" : "duckdb")}:{table ?? "query"}";
        return new SourceSpec(path, Database: new DatabaseSpec(kind.Value, connection, table, query));
    }

    // A first letter or digit keeps '.', '..' and hidden folders out; 100 characters leave room under the file
    // system's 255 for the run folder's temporary and lock names.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex SafeName();
}
