using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataReadiness.Demo;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Reporting;
using DataReadiness.Runs;
using DataReadiness.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace DataReadiness.Tests.Reporting;

/// <summary>The demo run whose report the tests read, made once.</summary>
public sealed class DemoReportFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public DemoReportFixture()
    {
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 6000, Seed = 3 }, Path.Combine(_dir.Path, "demo"));
        var job = JobFileParser.Load(demo.JobPath);
        var reports = Path.Combine(_dir.Path, "reports");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
        JobRunner.Run(job, new RunContext(clock, new SilentLog(), reports, []));
        clock.Advance(TimeSpan.FromDays(1));
        Run = JobRunner.Run(job, new RunContext(clock, new SilentLog(), reports, []));
        ReportPath = Path.Combine(Run.RunDirectory, RunFolder.ReportFile);
        Html = File.ReadAllText(ReportPath);
    }

    public RunResult Run { get; }
    public string ReportPath { get; }
    public string Html { get; }
    public string Directory => _dir.Path;

    public void Dispose() => _dir.Dispose();
}

public class ReportTests(DemoReportFixture fixture, ITestOutputHelper output) : IClassFixture<DemoReportFixture>
{
    private const string Hostile = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>&amp;</style></script>";

    private static string Format(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    [Fact]
    public void The_report_is_one_self_contained_file_with_a_content_security_policy()
    {
        var html = fixture.Html;
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'", html);
        Assert.DoesNotMatch(new Regex(@"(src|href)\s*=\s*[""']?(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("@media print", html);
        // Collapsed sections open when printed.
        Assert.Contains("details::details-content { content-visibility: visible; display: block; }", html);
    }

    [Fact]
    public void The_key_figures_equal_findings_json()
    {
        var findings = fixture.Run.Findings;
        var estimate = findings.Estimate!;
        var html = fixture.Html;
        Assert.Contains($"<b>{Format(estimate.ExpectedLiveAccuracy)}</b>", html);
        Assert.Contains($"95% interval {Format(estimate.Interval.Low)} to {Format(estimate.Interval.High)}", html);
        Assert.Contains($"<b>{Format(estimate.PocAccuracy)}</b>", html);
        Assert.Contains($"drop of {estimate.DropPoints.ToString("0.0", CultureInfo.InvariantCulture)} points", html);
        Assert.Contains("class=\"badge not_ready\"", html);
        foreach (var c in estimate.Contributions)
            Assert.Contains($"<td>{c.Cause}</td><td class=\"n\">{c.Points.ToString("0.0", CultureInfo.InvariantCulture)}</td>", html);
        // The trend shows both runs of the job.
        Assert.Contains("last 2 runs of this job", html);
    }

    [Fact]
    public void Every_data_value_is_html_encoded()
    {
        // Replace every string in findings.json by script tags and quotes, then render.
        var node = JsonNode.Parse(Json.Serialize(fixture.Run.Findings))!;
        void Poison(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var key in o.Select(p => p.Key).ToList())
                    {
                        // Dictionaries keyed by data get hostile keys too (colliding into one).
                        if (key is "roles" or "uoms" or "malformed_by_reason" or "type_counts" or "formats" && o[key] is JsonObject dictionary)
                        {
                            var first = dictionary.FirstOrDefault();
                            dictionary.Clear();
                            // Role names are an enum of the contract, not data: the key (a column name) carries the payload.
                            if (first.Key is not null)
                                dictionary[Hostile] = key != "roles" && first.Value?.DeepClone() is JsonValue jv && jv.TryGetValue<string>(out _) ? Hostile : first.Value?.DeepClone();
                            continue;
                        }
                        // A column's roles are a list of the contract's enum, not data.
                        if (key == "roles" && o[key] is JsonArray) continue;
                        if (o[key] is JsonValue v && v.TryGetValue<string>(out _) && key is not ("verdict" or "severity" or "role" or "inferred_type" or "started_at" or "finished_at" or "min" or "max"))
                            o[key] = Hostile;
                        else Poison(o[key]);
                    }
                    break;
                case JsonArray a:
                    for (int i = 0; i < a.Count; i++)
                    {
                        if (a[i] is JsonValue v && v.TryGetValue<string>(out _)) a[i] = Hostile;
                        else Poison(a[i]);
                    }
                    break;
            }
        }
        Poison(node);
        var poisoned = node.Deserialize<FindingsDocument>(Json.Indented)!;
        var history = new[] { new HistoryEntry(Hostile, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, Hostile, 1, 0, null, null, Hostile, Verdict.NotReady, 0.8, 10, null),
                              new HistoryEntry(Hostile, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, Hostile, 1, 0, null, null, Hostile, Verdict.Conditional, 0.7, 20, null) };
        var html = ReportRenderer.Render(poisoned, history, DateTimeOffset.UnixEpoch);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"'>", html);
        Assert.DoesNotContain("</style></script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        // The hostile string reached the page many times: through every field the template shows.
        Assert.True(Regex.Count(html, "&lt;script&gt;alert\\(1\\)") > 100);
    }

    [Fact]
    public void Data_values_show_what_is_there_isolated_named_and_cut()
    {
        Assert.Equal("<bdi class=\"v\">Acme GmbH</bdi>", ReportRenderer.DataText("Acme GmbH"));
        // A right-to-left override would flip what follows it ("50.9%" read "%9.05"): named, never emitted.
        var rtl = ReportRenderer.DataText("abc\u202E50.9%");
        Assert.DoesNotContain('\u202E', rtl);
        Assert.Contains("⟨U+202E⟩", rtl);
        // Whitespace variants are told apart: spaces at the ends and runs of spaces as ·, a no-break space named.
        Assert.Equal("<bdi class=\"v\"><span class=\"ws\" title=\"space\">·</span>A</bdi>", ReportRenderer.DataText(" A"));
        Assert.Contains("A<span class=\"ws\" title=\"space\">·</span><span class=\"ws\" title=\"space\">·</span>B", ReportRenderer.DataText("A  B"));
        Assert.Contains("⟨U+00A0⟩", ReportRenderer.DataText("A\u00A0B"));
        Assert.Contains("⟨U+0009⟩", ReportRenderer.DataText("A\tB"));
        Assert.Contains("(empty)", ReportRenderer.DataText(""));
        // A long value is cut, with its length said.
        var longValue = ReportRenderer.DataText(new string('x', 10_000));
        Assert.Contains("… (10,000 characters)", longValue);
        Assert.True(longValue.Length < 400, $"{longValue.Length} characters");
        // The tool's own sentences quote data too (a column name in a reason): control characters named there as well.
        Assert.Equal("drift on a⟨U+202E⟩b", Regex.Replace(ReportRenderer.SentenceText("drift on a\u202Eb"), "<[^>]+>", ""));
    }

    [Fact]
    public void Hostile_text_in_values_and_column_names_can_neither_reorder_the_page_nor_widen_it()
    {
        var f = fixture.Run.Findings;
        // The first top issue's first column: its examples are the page's first.
        var first = TopIssues.Rank(f, []).First().Columns[0];
        var evil = first with
        {
            Column = "col\u202Eumn",
            Examples = [new FindingExample("\u202E50.9%", 1_000_000, "  =cmd"), new FindingExample(new string('y', 10_000), 999_999, null)],
        };
        var html = ReportRenderer.Render(f with { Findings = [.. f.Findings.Select(x => x == first ? evil : x)] }, [], DateTimeOffset.UnixEpoch);
        Assert.DoesNotContain('\u202E', html);
        Assert.Contains("⟨U+202E⟩", html);
        Assert.DoesNotContain(new string('y', 200), html);
        Assert.Contains("… (10,000 characters)", html);
        Assert.Contains("<span class=\"ws\" title=\"space\">·</span><span class=\"ws\" title=\"space\">·</span>=cmd", html);
    }

    [Fact]
    public void The_first_screen_has_the_gate_beside_the_figure_what_is_measured_and_the_causes_in_words()
    {
        var html = fixture.Html;
        var estimate = fixture.Run.Findings.Estimate!;
        var headline = Regex.Match(html, "<div class=\"figure\" id=\"headline\">.*?</div>", RegexOptions.Singleline).Value;
        Assert.Contains($"<b>{Format(estimate.ExpectedLiveAccuracy)}</b>", headline);
        Assert.Contains("gate: at least 85.0%", headline);
        double assumed = estimate.ShiftAdjustment!.ShareOnPriors;
        Assert.Contains($"{Math.Round((1 - assumed) * 100):0}% of live rows look like POC rows the model was tested on; for the other {Math.Round(assumed * 100):0}%", html);
        var top = estimate.Contributions.OrderByDescending(c => c.Points).First();
        Assert.Contains($"{ReportHeadline.Words(top.Cause)}: <b>{top.Points.ToString("0.0", CultureInfo.InvariantCulture)} points</b>", html);
        // The contents list every section, and every link lands on one.
        var links = Regex.Matches(html, "<a href=\"#([a-z]+)\">").Select(m => m.Groups[1].Value).ToList();
        Assert.True(links.Count >= 10, string.Join(", ", links));
        Assert.All(links, id => Assert.Contains($"id=\"{id}\"", html));
        Assert.Contains("base-uri 'none'; form-action 'none'", html);
        Assert.Contains("print-color-adjust: exact", html);
    }

    [Fact]
    public void A_report_on_a_poc_compared_with_itself_names_no_cause_and_draws_no_zero_step()
    {
        var f = fixture.Run.Findings;
        var same = f.Estimate! with
        {
            ExpectedLiveAccuracy = f.Estimate!.PocAccuracy,
            DropPoints = 0,
            Contributions = [new Contribution("unexplained", 0.0)],
        };
        var html = ReportRenderer.Render(f with { Estimate = same }, [], DateTimeOffset.UnixEpoch);
        Assert.DoesNotContain("Biggest causes", html);
        Assert.Contains("no change expected on live", html);
        Assert.DoesNotContain(">−0<", html);
        Assert.DoesNotContain(">unexplained</text>", html);
    }

    [Fact]
    public void Every_table_has_a_header_row_with_scopes_a_caption_and_scrolls_on_its_own()
    {
        var tables = Regex.Matches(fixture.Html, "<table[^>]*>.*?</table>", RegexOptions.Singleline).Select(m => m.Value).ToList();
        Assert.True(tables.Count >= 8);
        foreach (var table in tables)
        {
            Assert.Contains("<caption", table);
            Assert.Contains("<thead>", table);
            Assert.DoesNotMatch("<th(?! scope=\"col\")[ >]", Regex.Match(table, "<thead>.*?</thead>", RegexOptions.Singleline).Value);
        }
        Assert.Equal(tables.Count, Regex.Count(fixture.Html, "<div class=\"scroll\"><table"));
    }

    [Fact]
    public void Top_issues_rank_rules_by_accuracy_points_one_line_each_and_count_no_cell_twice()
    {
        var run = fixture.Run;
        var issues = TopIssues.Rank(run.Findings, run.Rules.Exceptions);
        Assert.Equal(issues.Count, issues.Select(i => i.Rule).Distinct().Count());
        var points = issues.Select(i => Math.Round(i.Points, 2)).ToList();
        Assert.Equal(points.OrderByDescending(p => p), points);
        // Null tokens cost the demo's model points: they are among the top issues (they were absent).
        Assert.Contains(issues.Take(8), i => i.Rule == "nulls.null_like");
        // The unit rule and the type rule flag the same cells ("12 kg" is no number): said once, on the line that costs more.
        var inValue = issues.Single(i => i.Rule == "units.in_value");
        Assert.Contains("hygiene.type", inValue.SameCellsAs);
        Assert.DoesNotContain(issues, i => i.Rule == "hygiene.type");
        // No cell is counted on two lines: the lines' cells add up to the distinct flagged live cells.
        var liveFiles = run.Findings.Sources.Live.Files.Select(x => x.Path).ToHashSet();
        var distinct = run.Rules.Exceptions.Where(e => liveFiles.Contains(e.Source)).Select(e => (e.Source, e.Row, e.Column)).Distinct().Count();
        Assert.Equal(distinct, issues.Sum(i => i.Cells));
    }

    [Fact]
    public void Every_live_column_has_a_card_with_both_sides_a_chart_and_what_was_checked()
    {
        var html = fixture.Html;
        var live = fixture.Run.Findings.Sources.Live.Columns;
        var cards = Regex.Matches(html, "<details class=\"card\">.*?</details>", RegexOptions.Singleline).Select(m => m.Value).ToList();
        Assert.Equal(live.Count, cards.Count);
        Assert.All(cards, card =>
        {
            Assert.Contains("<svg class=\"mini\"", card);
            Assert.Contains("<b>Checked for:</b>", card);
        });
        // A text column with a few numbers in it shows no numeric range (item_code read "0 to 99,999").
        var itemCode = cards.Single(c => c.Contains("<summary><bdi class=\"v\">item_code</bdi>"));
        Assert.DoesNotContain("<th scope=\"row\">Range</th>", itemCode);
        var weight = cards.Single(c => c.Contains("<summary><bdi class=\"v\">gross_weight_kg</bdi>"));
        Assert.Contains("<th scope=\"row\">Range</th>", weight);
        Assert.Contains("class=\"poc\"", weight);
        // Every rule result lists what found something; the quiet ones are counted, and are in findings.json.
        int quiet = fixture.Run.Findings.Findings.Count(x => x.RowsAffected == 0 && x.Error is null);
        Assert.Contains($"{quiet} found nothing (those are in findings.json)", html);
    }

    [Fact]
    public void A_measure_columns_unit_counts_add_up_to_its_sampled_rows()
    {
        // A plain number at another unit's magnitude was counted twice: as the column's unit and as the other.
        var findings = fixture.Run.Findings;
        var weight = findings.Units.Single(u => u.Column == "gross_weight_kg");
        Assert.Contains(weight.Detected, d => d.DetectedBy.StartsWith("magnitude", StringComparison.Ordinal));
        Assert.True(weight.Detected.Sum(d => d.Rows) <= findings.Sources.Live.RowsSampled,
            $"{weight.Detected.Sum(d => d.Rows)} unit counts in {findings.Sources.Live.RowsSampled} sampled rows");
    }

    [Fact]
    public void The_reasons_name_rules_in_words_and_the_overview_says_how_different_live_is()
    {
        var html = fixture.Html;
        var reason = fixture.Run.Findings.Gate.Reasons.First(r => r.StartsWith("vendors.variants on ", StringComparison.Ordinal));
        Assert.Contains("<li>Other spellings of one vendor (case, legal form, accents, mojibake, abbreviations) <span class=\"muted small\">(vendors.variants)</span> on vendor_name:", html);
        Assert.Contains(reason[reason.IndexOf(':')..], html);
        Assert.Matches("<p id=\"shiftline\">Live rows against POC rows: a classifier tells them apart at <b>AUC [0-9.]+</b>", html);
    }

    [Fact]
    public void Sample_rows_show_each_sides_first_rows_for_at_most_thirty_columns()
    {
        var html = fixture.Html;
        var table = Regex.Match(html, "<h2 id=\"samples\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Equal(5, Regex.Count(table, "<tr><th scope=\"row\">live</th>"));
        Assert.Equal(5, Regex.Count(table, "<tr><th scope=\"row\">POC</th>"));
        Assert.Contains("<bdi class=\"v\">", table);

        var f = fixture.Run.Findings;
        var wide = Enumerable.Range(0, 300).Select(i => new ColumnSample($"c{i}", ["1", "2"], null)).ToList();
        var wideHtml = ReportRenderer.Render(f, [], DateTimeOffset.UnixEpoch, [], wide);
        var wideTable = Regex.Match(wideHtml, "<h2 id=\"samples\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Contains("the first 30 columns (270 more in the extract)", wideTable);
        Assert.Equal(31, Regex.Count(Regex.Match(wideTable, "<thead>.*?</thead>", RegexOptions.Singleline).Value, "<th scope=\"col\">"));
    }

    [Fact]
    public void Column_charts_draw_both_samples_in_shared_bins_and_name_what_would_reorder_a_label()
    {
        var live = Enumerable.Range(0, 1000).Select(i => (i % 100).ToString(CultureInfo.InvariantCulture)).ToList<string?>();
        var poc = Enumerable.Range(0, 500).Select(i => (50 + i % 100).ToString(CultureInfo.InvariantCulture)).ToList<string?>();
        var histogram = ColumnCharts.Distribution("integer", live, poc);
        // Live 0-99 and POC 50-149 in 16 shared bins from 1 to 147: each side fills the 11 bins its values reach.
        Assert.Equal(11, Regex.Count(Regex.Match(histogram, "<path class=\"live\" d=\"([^\"]*)\"").Groups[1].Value, "z"));
        Assert.Equal(11, Regex.Count(Regex.Match(histogram, "<path class=\"poc\" d=\"([^\"]*)\"").Groups[1].Value, "z"));
        // The 1st and 99th percentiles of both sides together: outliers do not squash the bins.
        Assert.Contains(">1<", histogram);
        Assert.Contains(">147<", histogram);
        // Live only: no POC bars, no POC in the legend.
        Assert.DoesNotContain("POC", ColumnCharts.Distribution("integer", live, null));

        var text = ColumnCharts.Distribution("text", ["Acme", "Acme", "\u202Eevil", null, ""], ["Acme", "Beta"]);
        Assert.Contains("⟨U+202E⟩evil", text);
        Assert.DoesNotContain('\u202E', text);
        Assert.Contains(">(missing)<", text);
        Assert.Contains(">Beta<", text);
        Assert.Contains(">40%<", text);
        // A side with no rows draws a chart that says so (a header-only extract crashed the report here).
        Assert.Contains("no values in the sample", ColumnCharts.Distribution("text", [], []));
        Assert.Contains("no values in the sample", ColumnCharts.Distribution("integer", [], null));
    }

    [Fact]
    public void A_large_report_renders_whole_past_scribans_default_loop_limit()
    {
        var f = fixture.Run.Findings;
        var many = Enumerable.Range(0, 8000).Select(i => f.Findings.First(x => x.RowsAffected > 0) with { Rule = $"rule-{i}" }).ToList();
        var html = ReportRenderer.Render(f with { Findings = many }, [], DateTimeOffset.UnixEpoch);
        Assert.Contains("rule-7999", html);
        Assert.EndsWith("</html>", html.TrimEnd());
        Assert.True(html.Length > 1 << 20, $"{html.Length} characters: past Scriban's 1 MiB default");
    }

    [Fact]
    public void The_rendered_structure_matches_the_approved_golden_file()
    {
        // Structure only (headings, table headers, section order): data changes do not break it, layout changes do.
        var structure = string.Join('\n', Regex.Matches(fixture.Html, @"<h[12][^>]*>(.*?)</h[12]>|<tr><th[^>]*>(.*?)</tr>")
            .Select(m => Regex.Replace(m.Value, @"<(?!/?(h1|h2|th)\b)[^>]+>", "").Replace("\n", " ")))
            .Replace(fixture.Run.Findings.Job, "JOB");
        Approve.Matches("Reporting/golden/readiness.structure.txt", structure);
    }

    [SkippableFact]
    public void In_a_browser_the_report_fits_a_phone_its_contents_resolve_and_collapsed_it_stays_short()
    {
        if (HeadlessBrowser.Executable is null)
        {
            Assert.True(Environment.GetEnvironmentVariable("CI") is null, "CI must install chromium (.ci/run does)");
            Skip.If(true, "chromium is not installed (apt-get install chromium to run the browser check)");
        }
        using var browser = new HeadlessBrowser(fixture.Directory);
        browser.Open(fixture.ReportPath, 1280);
        double height = (double)browser.Evaluate("document.documentElement.scrollHeight")!;
        output.WriteLine($"1280 px: {height} px long");
        output.WriteLine(browser.Evaluate("[...document.querySelectorAll('h2, nav.toc, #verdict')].map(h => (h.id || h.tagName) + ' ' + Math.round(h.getBoundingClientRect().top)).join('; ')")!.ToString());
        Assert.True(height <= 4000, $"the demo report is {height} px long at 1280 px with its sections collapsed (target 4,000)");
        Assert.True((bool)browser.Evaluate("[...document.querySelectorAll('nav.toc a')].every(a => document.getElementById(a.getAttribute('href').slice(1)) !== null)")!);
        // The gate is beside the big number: the same box, on the first screen.
        Assert.Contains("gate: at least", (string)browser.Evaluate("document.getElementById('headline').innerText")!);
        Assert.True((double)browser.Evaluate("document.getElementById('headline').getBoundingClientRect().bottom")! < 900);
        Assert.Contains("of live rows look like POC rows", (string)browser.Evaluate("document.getElementById('basis').innerText")!);
        // Printed from the browser's dialog (background graphics off, as the dialog's default is): at most 8 pages.
        int pages = HeadlessBrowser.PageCount(browser.PrintToPdf());
        output.WriteLine($"print: {pages} pages");
        Assert.True(pages <= 8, $"the demo report prints on {pages} pages (target 8)");

        browser.Open(fixture.ReportPath, 390);
        double scrollWidth = (double)browser.Evaluate("document.documentElement.scrollWidth")!;
        output.WriteLine($"390 px: {scrollWidth} px wide");
        Assert.True(scrollWidth <= 390, $"at 390 px the page is {scrollWidth} px wide: it scrolls sideways");
        // Chart text stays readable on a phone: the smallest rendered font in the charts.
        double smallest = (double)browser.Evaluate("Math.min(...[...document.querySelectorAll('svg text')].map(t => t.getBoundingClientRect().height))")!;
        output.WriteLine($"390 px: smallest chart text {smallest:0.0} px");
    }

    [SkippableFact]
    public void A_300_column_report_with_long_names_and_values_fits_a_phone_too()
    {
        if (HeadlessBrowser.Executable is null)
        {
            Assert.True(Environment.GetEnvironmentVariable("CI") is null, "CI must install chromium (.ci/run does)");
            Skip.If(true, "chromium is not installed (apt-get install chromium to run the browser check)");
        }
        // The demo's findings with 300 columns whose names are long and whose top value is 10,000 characters.
        var f = fixture.Run.Findings;
        var template = f.Sources.Live.Columns[0];
        var columns = Enumerable.Range(0, 300).Select(i => template with
        {
            Name = $"a_rather_long_column_name_from_the_erp_{i:000}",
            TopValues = [new TopValue(new string('w', 10_000), 5, 5, 0.5), new TopValue("short", 3, 3, 0.3)],
        }).ToList();
        var wide = f with { Sources = f.Sources with { Live = f.Sources.Live with { Columns = columns } } };
        var samples = columns.Select(c => new ColumnSample(c.Name, Enumerable.Range(0, 50).Select(i => (string?)(i % 7 == 0 ? new string('v', 500) : $"value {i}")).ToList(), null)).ToList();
        var path = Path.Combine(fixture.Directory, "wide.html");
        File.WriteAllText(path, ReportRenderer.Render(wide, [], DateTimeOffset.UnixEpoch, [], samples));

        using var browser = new HeadlessBrowser(fixture.Directory);
        browser.Open(path, 390);
        // Open every card, as a reader scrolling through would: still no sideways scroll.
        browser.Evaluate("document.querySelectorAll('details').forEach(d => d.open = true); 0");
        double scrollWidth = (double)browser.Evaluate("document.documentElement.scrollWidth")!;
        output.WriteLine($"300 columns at 390 px, every section open: {scrollWidth} px wide");
        // What sticks out, if anything (a table inside its own scroll box does not).
        output.WriteLine(browser.Evaluate("[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 390 && !e.closest('.scroll')).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 30)).join(' | ')")!.ToString());
        Assert.True(scrollWidth <= 390, $"the 300-column report is {scrollWidth} px wide at 390 px");
        // Every text node holding one of these values from the data sits in a bidi-isolating element (charts draw
        // theirs as SVG text, with control characters named).
        var outside = (string)browser.Evaluate("""
            (() => {
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              const bad = [];
              while (walker.nextNode()) {
                const t = walker.currentNode;
                if (/a_rather_long_column_name|wwwwwwwwww|vvvvvvvvvv/.test(t.data) && !t.parentElement.closest('bdi, svg'))
                  bad.push(t.parentElement.tagName + ': ' + t.data.slice(0, 50));
              }
              return bad.length + ' ' + bad.slice(0, 5).join(' | ');
            })()
            """)!;
        Assert.Equal("0 ", outside);
        Assert.True((bool)browser.Evaluate("[...document.querySelectorAll('nav.toc a')].every(a => document.getElementById(a.getAttribute('href').slice(1)) !== null)")!);
    }

    [SkippableFact]
    public void Headless_chromium_renders_it_without_console_errors_and_prints_it_to_pdf()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (chromium is null)
        {
            // CI installs Debian's chromium (.ci/run); on a developer machine without it this check cannot run, and says so.
            Assert.True(Environment.GetEnvironmentVariable("CI") is null, "CI must install chromium (.ci/run does)");
            Skip.If(true, "chromium is not installed (apt-get install chromium to run the browser check)");
        }
        var pdf = Path.Combine(fixture.Directory, "readiness.pdf");
        var png = Path.Combine(fixture.Directory, "readiness.png");
        string Run(params string[] extra)
        {
            var info = new ProcessStartInfo(chromium)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(fixture.Directory, "chromium-" + Guid.NewGuid().ToString("N"))}",
                         "--enable-logging=stderr", "--v=0" }.Concat(extra).Append(new Uri(fixture.ReportPath).AbsoluteUri))
                info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(120_000), "chromium did not finish");
            return stdout.Result + stderr;
        }
        var dom = Run("--dump-dom", "--window-size=1200,2000");
        var printLog = Run($"--print-to-pdf={pdf}", "--no-pdf-header-footer");
        Run($"--screenshot={png}", "--window-size=1200,2400");
        foreach (var log in new[] { dom, printLog })
        {
            Assert.DoesNotContain("Refused to", log);                        // a content-security-policy violation
            Assert.DoesNotMatch(new Regex(@"CONSOLE.*(error|Error)"), log);
            Assert.DoesNotMatch(new Regex(@"net::ERR_|Failed to load resource"), log);
        }
        Assert.Contains($"<b>{Format(fixture.Run.Findings.Estimate!.ExpectedLiveAccuracy)}</b>", dom);
        Assert.True(new FileInfo(pdf).Length > 20_000, "the PDF is missing or empty");
        Assert.StartsWith("%PDF", File.ReadAllText(pdf)[..4]);
        Assert.True(new FileInfo(png).Length > 20_000, "the screenshot is missing or empty");
    }

    [Fact]
    public void Waterfall_steps_read_with_one_decimal_as_the_headline_does()
    {
        // A step of 3.0 points read "−3" beside "−4.6" and a table saying 3.0; totals read "90.0%" as the headline does.
        var estimate = new DataReadiness.Findings.AccuracyEstimate(0.90, 0.824, new DataReadiness.Findings.Interval(0.80, 0.85), 7.6, "m", false,
            [new("units", 3.0), new("vendors", 4.6)], [], [], []);
        var svg = Charts.Waterfall(estimate);
        Assert.Contains(">−3.0<", svg);
        Assert.Contains(">−4.6<", svg);
        Assert.Contains(">90.0%<", svg);
        Assert.Contains(">82.4%<", svg);
    }
}
