using System.Globalization;
using CsvHelper;
using DataReadiness.Jobs;
using DataReadiness.Runs;
using DataReadiness.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace DataReadiness.Tests.Rules;

/// <summary>
/// The rules on real data nobody here wrote: the beers catalogue of the Raha/Baran benchmark (philipp-jung/mimir,
/// datasets/beers, Apache-2.0), whose dirty and clean files are cell-aligned, so every cell that differs is a known
/// error; and excavator work orders with an annotator's abbreviation map (nlp-tlp/lexiclean, data/, MIT).
/// </summary>
public class RealDataRuleTests(ITestOutputHelper output)
{

    /// <summary>A plain job (no columns:) on a dirty-versus-clean data set: live = dirty, POC = clean.</summary>
    private static RunResult PlainDirtyAgainstClean(TempDirectory dir, string dataSet)
    {
        File.Copy(RealData.PathOf($"{dataSet}/dirty.csv"), Path.Combine(dir.Path, "dirty.csv"));
        File.Copy(RealData.PathOf($"{dataSet}/clean.csv"), Path.Combine(dir.Path, "clean.csv"));
        var job = dir.File(dataSet + ".yaml", $"name: {dataSet}\nlive: {{ path: dirty.csv }}\npoc: {{ path: clean.csv, accuracy: 0.9 }}\nsample: {{ rows: 10000 }}\n");
        return JobRunner.Run(JobFileParser.Load(job), new RunContext(new FakeTimeProvider(DateTimeOffset.UnixEpoch), new SilentLog(), Path.Combine(dir.Path, "reports"), []));
    }

    [Fact]
    public void Beers_unit_null_and_type_errors_are_found_where_dirty_and_clean_differ()
    {
        using var dir = new TempDirectory();
        File.Copy(RealData.PathOf("beers/dirty.csv"), Path.Combine(dir.Path, "dirty.csv"));
        var job = dir.File("beers.yaml", """
            name: beers
            live: { path: dirty.csv }
            sample: { rows: 10000 }
            columns:
              ounces: { role: measure, unit: oz }
              abv:    { role: measure }
              ibu:    { role: number }
              state:  { role: category }
            """);
        var run = JobRunner.Run(JobFileParser.Load(job), new RunContext(new FakeTimeProvider(DateTimeOffset.UnixEpoch), new SilentLog(), Path.Combine(dir.Path, "reports"), []));
        var dirty = TestCsv.Read(RealData.PathOf("beers/dirty.csv"));
        var clean = TestCsv.Read(RealData.PathOf("beers/clean.csv"));
        string[] header = ["index", "id", "beer-name", "style", "ounces", "abv", "ibu", "brewery_id", "brewery-name", "city", "state"];

        (double Precision, double Recall) Measure(string kind, string column, Func<string, string, bool> isError)
        {
            int c = Array.IndexOf(header, column);
            var expected = Enumerable.Range(0, dirty.Count).Where(r => isError(dirty[r][c], clean[r][c])).Select(r => (long)r + 1).ToHashSet();
            var flagged = run.Rules.Exceptions.Where(e => e.Kind == kind && e.Column == column).Select(e => e.Row).ToHashSet();
            int both = flagged.Intersect(expected).Count();
            var m = (flagged.Count == 0 ? 0 : (double)both / flagged.Count, expected.Count == 0 ? 0 : (double)both / expected.Count);
            output.WriteLine($"beers {kind} on {column}: precision {m.Item1:P1}, recall {m.Item2:P1} ({flagged.Count} flagged, {expected.Count} errors)");
            return m;
        }

        var ounces = Measure("unit_in_value", "ounces", (d, c) => d != c);
        Assert.Equal(1.0, ounces.Precision);
        // "16.0 oz. Alumi-Tek" carries a trailing word: left to a person, not guessed.
        Assert.InRange(ounces.Recall, 0.9, 1.0);
        // The suggested number is the clean value in every flagged cell.
        foreach (var e in run.Rules.Exceptions.Where(e => e.Kind == "unit_in_value" && e.Column == "ounces"))
            Assert.Equal(double.Parse(clean[(int)e.Row - 1][4], CultureInfo.InvariantCulture), double.Parse(e.Suggestion!, CultureInfo.InvariantCulture), 6);

        var ibu = Measure("null_like", "ibu", (d, c) => d != c);
        Assert.Equal((1.0, 1.0), ibu);
        var state = Measure("null_like", "state", (d, c) => d.Length == 0 && c.Length > 0);
        Assert.Equal((1.0, 1.0), state);
        var abv = Measure("type_conformance", "abv", (d, c) => d != c && d.Length > 0);
        Assert.Equal(1.0, abv.Precision);
        Assert.InRange(abv.Recall, 0.9, 1.0);
    }

    [Fact]
    public void Beers_ounces_a_fifth_of_which_are_written_in_millilitres_are_found_by_a_plain_job()
    {
        // POC = the clean file's even rows; live = its odd rows, every fifth one's ounces written in millilitres.
        using var dir = new TempDirectory();
        var rows = TestCsv.Read(RealData.PathOf("beers/clean.csv"), out var header);
        int ounces = Array.IndexOf(header, "ounces");
        string Line(IEnumerable<string> values) => string.Join(',', values.Select(v => v.Contains(',') || v.Contains('"') ? "\"" + v.Replace("\"", "\"\"") + "\"" : v));
        var poc = new List<string> { Line(header) };
        var live = new List<string> { Line(header) };
        var converted = new HashSet<long>();
        for (int i = 0; i < rows.Count; i++)
        {
            if (i % 2 == 0)
            {
                poc.Add(Line(rows[i]));
                continue;
            }
            var row = rows[i].ToArray();
            if (live.Count % 5 == 0 && double.TryParse(row[ounces], CultureInfo.InvariantCulture, out var oz))
            {
                row[ounces] = (oz * 29.5735).ToString("0.0", CultureInfo.InvariantCulture);
                converted.Add(live.Count);
            }
            live.Add(Line(row));
        }
        File.WriteAllLines(Path.Combine(dir.Path, "live.csv"), live);
        File.WriteAllLines(Path.Combine(dir.Path, "poc.csv"), poc);
        var job = dir.File("beers.yaml", """
            name: beers-ml
            live: { path: live.csv }
            poc: { path: poc.csv, accuracy: 0.9 }
            """);
        var run = JobRunner.Run(JobFileParser.Load(job), new RunContext(new FakeTimeProvider(DateTimeOffset.UnixEpoch), new SilentLog(), Path.Combine(dir.Path, "reports"), []));
        var flagged = run.Rules.Exceptions.Where(e => e.Source == "live.csv" && e.Column == "ounces" && e.Kind == "unit_magnitude").ToList();
        var rowsFlagged = flagged.Select(e => e.Row).ToHashSet();
        double precision = (double)rowsFlagged.Count(converted.Contains) / rowsFlagged.Count, recall = (double)rowsFlagged.Count(converted.Contains) / converted.Count;
        output.WriteLine($"beers ounces in ml: {converted.Count} converted, {rowsFlagged.Count} flagged, precision {precision:P1}, recall {recall:P1}");
        Assert.True(precision >= 0.95 && recall >= 0.95, $"precision {precision:P1}, recall {recall:P1}");
        // The suggestion is the value in ounces again.
        Assert.All(flagged, e => Assert.Equal(double.Parse(e.Value, CultureInfo.InvariantCulture) / 29.5735, double.Parse(e.Suggestion!, CultureInfo.InvariantCulture), 0.05));
    }

    [Fact]
    public void Beers_breweries_alike_in_name_but_in_another_state_are_not_one_vendor()
    {
        using var dir = new TempDirectory();
        var run = PlainDirtyAgainstClean(dir, "beers");
        bool Together(string a, string b) => run.Findings.VendorClusters.Any(c => c.Variants.Any(v => v.Value == a) && c.Variants.Any(v => v.Value == b));
        foreach (var c in run.Findings.VendorClusters.Where(c => c.Variants.Count > 1))
            output.WriteLine(string.Join(" | ", c.Variants.Select(v => v.Value)));
        // Avery is in Boulder CO, Lavery in Erie PA; Rivertowne in PA, Rivertown in OH; both Good Life spellings in Bend OR.
        Assert.False(Together("Avery Brewing Company", "Lavery Brewing Company"));
        Assert.False(Together("Rivertowne Brewing Company", "Rivertown Brewing Company"));
        Assert.True(Together("Good Life Brewing Company", "Goodlife Brewing Co."));
    }

    [Fact]
    public void Hospital_empty_is_reported_as_a_null_token_on_both_sides_and_counted_apart()
    {
        // A plain job, as a new user writes it: the word `empty` stands for no value in four columns of both files.
        using var dir = new TempDirectory();
        var run = PlainDirtyAgainstClean(dir, "hospital");
        var dirty = TestCsv.Read(RealData.PathOf("hospital/dirty.csv"), out var header);
        var clean = TestCsv.Read(RealData.PathOf("hospital/clean.csv"));
        int columnsWithEmpty = 0;
        for (int c = 0; c < header.Length; c++)
        {
            int inLive = dirty.Count(r => r[c] == "empty"), inPoc = clean.Count(r => r[c] == "empty");
            if (inLive == 0 && inPoc == 0) continue;
            columnsWithEmpty++;
            var finding = Assert.Single(run.Findings.Findings, f => f.Kind == "null_like" && f.Column == header[c]);
            var form = Assert.Single(finding.AsInPoc ?? [], f => f.Form == "empty");
            output.WriteLine($"hospital {header[c]}: `empty` {form.Live} live, {form.Poc} POC (files: {inLive}, {inPoc})");
            Assert.Equal((inLive, inPoc), ((int)form.Live, (int)form.Poc));
            // The model was shown it at the same rate: counted apart, not as live's defect.
            Assert.True(finding.RowsAsInPoc >= inLive, $"{header[c]}: {finding.RowsAsInPoc} rows as in the POC");
            Assert.DoesNotContain(run.Rules.Exceptions, e => e.Column == header[c] && e.Kind == "null_like" && e.Value == "empty");
        }
        Assert.True(columnsWithEmpty >= 4, $"{columnsWithEmpty} columns hold `empty`");
    }

    [Fact]
    public void Excavator_work_orders_shorthand_agrees_with_the_annotators_map()
    {
        using var dir = new TempDirectory();
        File.Copy(RealData.PathOf("excavator_mwo/im_pub_raw.txt"), Path.Combine(dir.Path, "mwo.txt"));
        var job = dir.File("mwo.yaml", """
            name: mwo
            live: { path: mwo.txt, format: csv, separator: tab, header: false }
            sample: { rows: 10000 }
            columns: { column_1: { role: free_text } }
            """);
        var run = JobRunner.Run(JobFileParser.Load(job), new RunContext(new FakeTimeProvider(DateTimeOffset.UnixEpoch), new SilentLog(), Path.Combine(dir.Path, "reports"), []));
        var report = Assert.Single(run.Findings.Shorthand);
        var map = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(RealData.PathOf("excavator_mwo/im_pub_map_replacements.json")))!;
        // Tokens both we and the annotator expand: how often do we agree?
        var shared = report.Tokens.Where(t => t.Expansion is not null && map.ContainsKey(t.Token)).ToList();
        int agree = shared.Count(t => string.Equals(t.Expansion, map[t.Token], StringComparison.OrdinalIgnoreCase));
        double agreement = (double)agree / shared.Count;
        output.WriteLine($"excavator: {report.Share:P1} of {report.RowsChecked} texts have shorthand; {shared.Count} glossary tokens also in the annotator's map, agreement {agreement:P0}");
        Assert.True(shared.Count >= 10, $"only {shared.Count} shared tokens");
        Assert.True(agreement >= 0.7, $"agreement {agreement:P0}: {string.Join(", ", shared.Where(t => !string.Equals(t.Expansion, map[t.Token], StringComparison.OrdinalIgnoreCase)).Select(t => $"{t.Token}: {t.Expansion} vs {map[t.Token]}"))}");
        Assert.Contains(report.Tokens, t => t.Token == "l/h" && t.Expansion == "left hand");
    }
}
