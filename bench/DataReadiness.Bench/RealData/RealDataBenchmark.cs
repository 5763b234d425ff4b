using System.Globalization;
using System.Text;
using CsvHelper;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Rules;
using DataReadiness.Rules.Catalog;
using DataReadiness.Rules.Kinds;
using DataReadiness.Runs;
using DataReadiness.Text;

namespace DataReadiness.Bench.RealData;

/// <summary>One category of truth errors (by how the dirty cell differs from the clean one): how many, how many found.</summary>
public sealed record CategoryScore(string Category, int Errors, int Found)
{
    public double Recall => Errors == 0 ? 1 : (double)Found / Errors;
}

/// <summary>One rule kind on a data set: cells it flagged and how many of them are errors of the truth.</summary>
public sealed record KindScore(string Kind, int Flagged, int Correct)
{
    public double Precision => Flagged == 0 ? 1 : (double)Correct / Flagged;
}

/// <summary>A data set scored: cells in error, cells flagged, both; the verdict of the plain job; per category and kind.</summary>
public sealed record DataSetScore(string Name, string Part, int Rows, int Errors, int Flagged, int Correct, Verdict Verdict,
    IReadOnlyList<CategoryScore> Categories, IReadOnlyList<KindScore> Kinds, string Note)
{
    public double Precision => Flagged == 0 ? 1 : (double)Correct / Flagged;
    public double Recall => Errors == 0 ? 1 : (double)Correct / Errors;
}

/// <summary>
/// The real-data benchmark: plain job files (no <c>columns:</c>), as a new user writes them, over public data with
/// published truth. Dirty-versus-clean sets (beers, hospital, rayyan: live = dirty, POC = clean, a cell is an error
/// where the two differ) are scored cell by cell, per category of error and per rule kind; name sets (fodors/zagats
/// pairs, chicago sites) by the vendor rules' suggestions against the true matches; abt_buy by the unit signs in its
/// prices. The cell sets are scored twice: on all rows, and on the second half alone, run as a job of its own (the
/// first half is where rules may be tuned; the second is reported).
/// </summary>
public static class RealDataBenchmark
{
    /// <summary>Columns whose published truth is not usable (rayyan: one layout change and spreadsheet-mangled cells, see the data's README).</summary>
    private static readonly Dictionary<string, string[]> ExcludedColumns = new(StringComparer.Ordinal)
    {
        ["rayyan"] = ["article_jcreated_at", "article_pagination", "journal_issn"],
    };

    /// <summary>The real data: the copy in the repository's test project, else ../shared/realdata beside the checkout.</summary>
    public static string? DataDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var inRepo = Path.Combine(dir.FullName, "tests", "DataReadiness.Tests", "RealData");
            if (Directory.Exists(Path.Combine(inRepo, "beers"))) return inRepo;
            var shared = Path.Combine(dir.FullName, "..", "shared", "realdata");
            if (Directory.Exists(Path.Combine(shared, "beers"))) return Path.GetFullPath(shared);
        }
        return null;
    }

    public static IReadOnlyList<DataSetScore> Run(string data, string work, IRunLog log)
    {
        var dictionaries = CatalogLoader.Load([DefaultCatalog.Directory]).Dictionaries;
        var scores = new List<DataSetScore>();
        foreach (var name in new[] { "beers", "hospital", "rayyan" })
            foreach (var half in new[] { false, true })
                scores.Add(Cells(name, Path.Combine(data, name, "dirty.csv"), Path.Combine(data, name, "clean.csv"), half, work, log, dictionaries));
        scores.Add(FodorsZagats(data, work, log));
        scores.Add(Chicago(data, work, log));
        scores.Add(AbtPrices(data, work, log));
        return scores;
    }

    internal static RunResult RunJob(string work, string name, string live, string? poc, IRunLog log)
    {
        Directory.CreateDirectory(work);
        var job = Path.Combine(work, name + ".yaml");
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"name: {name}\nlive: {{ path: \"{live.Replace("\\", "/")}\" }}\n");
        if (poc is not null) text.Append(CultureInfo.InvariantCulture, $"poc: {{ path: \"{poc.Replace("\\", "/")}\", accuracy: 0.9 }}\n");
        text.Append("sample: { rows: 100000, seed: 42 }\ngate: { min_expected_accuracy: 0.85, max_drop_points: 10 }\n");
        File.WriteAllText(job, text.ToString());
        return JobRunner.Run(JobFileParser.Load(job), new RunContext(TimeProvider.System, log, Path.Combine(work, "reports"), []));
    }

    /// <summary>Every row of a comma-separated file, header included, as written.</summary>
    internal static List<string[]> ReadCsv(string path)
    {
        using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',', HasHeader = false });
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray());
        return rows;
    }

    private static void WriteCsv(string path, IEnumerable<string[]> rows) =>
        File.WriteAllLines(path, rows.Select(r => string.Join(',', r.Select(v =>
            v.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + v.Replace("\"", "\"\"") + "\"" : v))), new UTF8Encoding(false));

    /// <summary>A dirty-versus-clean set, on all rows or on its second half only.</summary>
    private static DataSetScore Cells(string name, string dirtyPath, string cleanPath, bool secondHalf, string work, IRunLog log, RuleDictionaries dictionaries)
    {
        var dirty = ReadCsv(dirtyPath);
        var clean = ReadCsv(cleanPath);
        var header = dirty[0];
        int first = secondHalf ? 1 + (dirty.Count - 1) / 2 : 1;
        var dir = Path.Combine(work, name + (secondHalf ? "-second-half" : "-all"));
        Directory.CreateDirectory(dir);
        string live = dirtyPath, poc = cleanPath;
        if (secondHalf)
        {
            live = Path.Combine(dir, "dirty.csv");
            poc = Path.Combine(dir, "clean.csv");
            WriteCsv(live, dirty.Take(1).Concat(dirty.Skip(first)));
            WriteCsv(poc, clean.Take(1).Concat(clean.Skip(first)));
        }
        var run = RunJob(dir, name, live, poc, log);
        var excluded = ExcludedColumns.GetValueOrDefault(name) ?? [];
        var errors = new Dictionary<(long Row, string Column), string>();
        for (int r = first; r < dirty.Count; r++)
            for (int c = 0; c < header.Length; c++)
                if (!excluded.Contains(header[c]) && dirty[r][c] != clean[r][c])
                    errors[(r - first + 1, header[c])] = Category(dirty[r][c], clean[r][c], dictionaries);
        var liveSource = run.Findings.Sources.Live.Files[0].Path;
        var flaggedBy = run.Rules.Exceptions.Where(e => e.Source == liveSource && !excluded.Contains(e.Column))
            .GroupBy(e => (e.Row, e.Column)).ToDictionary(g => g.Key, g => g.Select(e => e.Kind).Distinct().ToList());
        int correct = flaggedBy.Keys.Count(errors.ContainsKey);
        var categories = errors.GroupBy(e => e.Value).OrderByDescending(g => g.Count())
            .Select(g => new CategoryScore(g.Key, g.Count(), g.Count(e => flaggedBy.ContainsKey(e.Key)))).ToList();
        var kinds = flaggedBy.SelectMany(f => f.Value.Select(k => (Kind: k, Cell: f.Key))).GroupBy(x => x.Kind)
            .Select(g => new KindScore(g.Key, g.Count(), g.Count(x => errors.ContainsKey(x.Cell)))).OrderByDescending(k => k.Flagged).ToList();
        string note = excluded.Length > 0 ? $"columns left out (their truth is unusable): {string.Join(", ", excluded)}" : "";
        return new DataSetScore(name, secondHalf ? "second half (held out)" : "all rows", dirty.Count - first, errors.Count, flaggedBy.Count, correct,
            run.Findings.Verdict, categories, kinds, note);
    }

    /// <summary>How a dirty cell differs from its clean one.</summary>
    public static string Category(string dirty, string clean, RuleDictionaries dictionaries)
    {
        var d = dirty.Trim();
        var c = clean.Trim();
        if (d.Length == 0 || dictionaries.NullTokens.Contains(d)) return "missing or null token";
        if (c.Length == 0 || dictionaries.NullTokens.Contains(c)) return "value where the truth has none";
        if (Mojibake.LooksDamaged(d) || d.Contains('\uFFFD')) return "encoding damage";
        if (double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _) &&
            (UnitText.TryRead(d, dictionaries, commaIsThousands: false, out _) is not null || d.EndsWith('%')))
            return "unit or number format";
        if (d.StartsWith(c + " ", StringComparison.Ordinal) || d.EndsWith(" " + c, StringComparison.Ordinal)) return "several values in one field";
        if (string.Equals(d, c, StringComparison.OrdinalIgnoreCase)) return "case";
        return d.Length == c.Length ? "typo (characters replaced)" : "other";
    }

    /// <summary>Restaurants: live = zagats, POC = fodors; a zagats name suggested as its matched fodors name is right.</summary>
    private static DataSetScore FodorsZagats(string data, string work, IRunLog log)
    {
        var dir = Path.Combine(work, "fodors-zagats");
        var zagatsPath = Path.Combine(data, "fodors_zagats", "zagats.csv");
        var fodorsPath = Path.Combine(data, "fodors_zagats", "fodors.csv");
        var run = RunJob(dir, "restaurants", zagatsPath, fodorsPath, log);
        var zagats = ReadCsv(zagatsPath);
        var fodors = ReadCsv(fodorsPath).Skip(1).ToDictionary(r => r[0], r => r[1]);
        var matches = ReadCsv(Path.Combine(data, "fodors_zagats", "matches_fodors_zagats.csv")).Skip(1).ToList();
        int nameColumn = Array.IndexOf(zagats[0], "name");
        var zagatsRowById = zagats.Skip(1).Select((r, i) => (r[0], Row: (long)i + 1)).ToDictionary(p => p.Item1, p => p.Row);
        var truth = new Dictionary<long, string>();
        foreach (var m in matches)
            if (zagatsRowById.TryGetValue(m[1], out var row) && fodors.TryGetValue(m[0], out var fodorsName)
                && NameKey.Simplify(zagats[(int)row][nameColumn]) != NameKey.Simplify(fodorsName))
                truth[row] = fodorsName;
        var liveSource = run.Findings.Sources.Live.Files[0].Path;
        var flagged = run.Rules.Exceptions.Where(e => e.Source == liveSource && e.Column == "name" && e.Kind == "vendor_variant")
            .ToDictionary(e => e.Row, e => e.Suggestion ?? "");
        int correct = flagged.Count(f => truth.TryGetValue(f.Key, out var right) && NameKey.Simplify(right) == NameKey.Simplify(f.Value));
        return new DataSetScore("fodors/zagats names", "zagats against fodors", zagats.Count - 1, truth.Count, flagged.Count, correct,
            run.Findings.Verdict, [new CategoryScore("name spelled differently from its fodors match", truth.Count, correct)],
            [new KindScore("vendor_variant", flagged.Count, correct)], Checked(run, "name", "vendor_variant"));
    }

    /// <summary>Childcare sites: a site name suggested as another spelling of the same true site is right.</summary>
    private static DataSetScore Chicago(string data, string work, IRunLog log)
    {
        var path = Path.Combine(data, "chicago_childcare", "csv_example_input_with_true_ids.csv");
        var run = RunJob(Path.Combine(work, "chicago"), "childcare", path, null, log);
        var rows = ReadCsv(path);
        int id = Array.IndexOf(rows[0], "True Id"), site = Array.IndexOf(rows[0], "Site name");
        var idsBySpelling = rows.Skip(1).GroupBy(r => NameKey.Simplify(r[site])).ToDictionary(g => g.Key, g => g.Select(r => r[id]).ToHashSet());
        // A row is a variant when its site's most common spelling is another one.
        var usual = rows.Skip(1).GroupBy(r => r[id]).ToDictionary(g => g.Key,
            g => g.GroupBy(r => NameKey.Simplify(r[site])).OrderByDescending(s => s.Count()).ThenBy(s => s.Key, StringComparer.Ordinal).First().Key);
        var variants = rows.Skip(1).Select((r, i) => (Row: (long)i + 1, r)).Where(x => NameKey.Simplify(x.r[site]) != usual[x.r[id]]).ToDictionary(x => x.Row, x => x.r[id]);
        var liveSource = run.Findings.Sources.Live.Files[0].Path;
        var flagged = run.Rules.Exceptions.Where(e => e.Source == liveSource && e.Column == "Site name" && e.Kind == "vendor_variant").ToList();
        bool SameSite(ExceptionRow e) => idsBySpelling.TryGetValue(NameKey.Simplify(e.Value), out var a) && idsBySpelling.TryGetValue(NameKey.Simplify(e.Suggestion ?? ""), out var b) && a.Overlaps(b);
        int correct = flagged.Count(SameSite);
        int found = flagged.Count(e => variants.ContainsKey(e.Row) && SameSite(e));
        return new DataSetScore("chicago childcare names", "all rows, no POC", rows.Count - 1, variants.Count, flagged.Count, correct,
            run.Findings.Verdict, [new CategoryScore("site name not its site's usual spelling", variants.Count, found)],
            [new KindScore("vendor_variant", flagged.Count, correct)], Checked(run, "Site name", "vendor_variant"));
    }

    /// <summary>Electronics prices with a currency sign or thousands separator ($1,299.99), live = Abt alone.</summary>
    private static DataSetScore AbtPrices(string data, string work, IRunLog log)
    {
        var path = Path.Combine(data, "abt_buy", "AbtBuy_Abt.csv");
        var run = RunJob(Path.Combine(work, "abt"), "abt", path, null, log);
        var rows = ReadCsv(path);
        int price = Array.IndexOf(rows[0], "price");
        var truth = rows.Skip(1).Select((r, i) => (Row: (long)i + 1, Value: r[price])).Where(x => x.Value.Contains('$') || x.Value.Contains(',')).Select(x => x.Row).ToHashSet();
        var liveSource = run.Findings.Sources.Live.Files[0].Path;
        var flagged = run.Rules.Exceptions.Where(e => e.Source == liveSource && e.Column == "price" && e.Kind == "unit_in_value").Select(e => e.Row).ToHashSet();
        int correct = flagged.Count(truth.Contains);
        return new DataSetScore("abt_buy prices", "Abt alone", rows.Count - 1, truth.Count, flagged.Count, correct, run.Findings.Verdict,
            [new CategoryScore("price written with $ or a thousands separator", truth.Count, correct)],
            [new KindScore("unit_in_value", flagged.Count, correct)], Checked(run, "price", "unit_in_value"));
    }

    /// <summary>Whether a kind ran on a column, and why (findings.json's rules.columns), for the table's notes.</summary>
    private static string Checked(RunResult run, string column, string kind)
    {
        var check = run.Findings.Rules.Columns.FirstOrDefault(c => c.Column == column)?.Checks.FirstOrDefault(k => k.Kind == kind);
        return check is null ? $"{kind} on {column}: no such column" : $"{kind} on {column}: {(check.Ran ? "ran" : "not checked")} ({check.Reason})";
    }

    /// <summary>The benchmark's table, in Markdown, as the README quotes it.</summary>
    public static string Table(IReadOnlyList<DataSetScore> scores)
    {
        static string P(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.Append("| data set | part | rows | cells in error | flagged | flagged and in error | precision | recall | verdict |\n");
        text.Append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var s in scores)
            text.Append(CultureInfo.InvariantCulture, $"| {s.Name} | {s.Part} | {s.Rows:N0} | {s.Errors:N0} | {s.Flagged:N0} | {s.Correct:N0} | {P(s.Precision)} | {P(s.Recall)} | {ContractNames.Of(s.Verdict)} |\n");
        text.Append("\nPer category of error (recall) and per rule kind (precision):\n\n");
        text.Append("| data set | part | category or kind | cells | found or correct | recall or precision |\n| --- | --- | --- | --- | --- | --- |\n");
        foreach (var s in scores)
        {
            foreach (var c in s.Categories)
                text.Append(CultureInfo.InvariantCulture, $"| {s.Name} | {s.Part} | error: {c.Category} | {c.Errors:N0} | {c.Found:N0} | recall {P(c.Recall)} |\n");
            foreach (var k in s.Kinds)
                text.Append(CultureInfo.InvariantCulture, $"| {s.Name} | {s.Part} | rule: {k.Kind} | {k.Flagged:N0} | {k.Correct:N0} | precision {P(k.Precision)} |\n");
        }
        var notes = scores.Where(s => s.Note.Length > 0).Select(s => $"- {s.Name}: {s.Note}").Distinct().ToList();
        if (notes.Count > 0) text.Append('\n').Append(string.Join('\n', notes)).Append('\n');
        return text.ToString();
    }
}
