using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using DataReadiness.Findings;
using Scriban;
using Scriban.Runtime;

namespace DataReadiness.Reporting;

/// <summary>Markup built by the renderer itself from numbers only (charts), which the template may emit as is.</summary>
public sealed record SafeHtml(string Markup)
{
    public override string ToString() => Markup;
}

/// <summary>
/// Renders readiness.html with Scriban from the embedded template. The model is findings.json itself (so template
/// names are the contract's snake_case names) with every string HTML-encoded before the template sees it, plus
/// charts drawn here from numbers. Scriban's loop and output limits are raised and checked, so a large report
/// fails loudly instead of being cut short.
/// </summary>
public static class ReportRenderer
{
    public const string TemplateName = "readiness.html.sbn";
    /// <summary>Loops past this many iterations stop the render with an error (Scriban's default is 1,000).</summary>
    public const int LoopLimit = 1_000_000;

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Render(FindingsDocument findings, IReadOnlyList<HistoryEntry> history, DateTimeOffset renderedAt)
    {
        var template = Template.Parse(LoadTemplate(), TemplateName);
        if (template.HasErrors)
            throw new InvalidOperationException("The report template is invalid: " + string.Join("; ", template.Messages));
        var model = ToScript(JsonNode.Parse(Json.Serialize(findings)));
        var root = (ScriptObject)model!;
        root["view"] = View(findings, history, renderedAt);
        var context = new TemplateContext
        {
            LoopLimit = LoopLimit,
            RecursiveLimit = 100,
            LimitToString = 0,
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
        };
        var globals = new ScriptObject();
        globals.Import("pct", new Func<object?, string>(Percent));
        globals.Import("num", new Func<object?, string>(Number));
        globals.Import("pts", new Func<object?, string>(Points));
        globals.Import("dec3", new Func<object?, string>(Decimal3));
        context.PushGlobal(globals);
        context.PushGlobal(root);
        var html = template.Render(context);
        if (!html.TrimEnd().EndsWith("</html>", StringComparison.Ordinal))
            throw new InvalidOperationException("The report was cut short while rendering.");
        return html;
    }

    /// <summary>Encodes text for HTML element content and attribute values.</summary>
    public static string Encode(string text) => Encoder.Encode(text);

    private static string LoadTemplate()
    {
        using var stream = typeof(ReportRenderer).Assembly.GetManifestResourceStream($"DataReadiness.Reporting.Templates.{TemplateName}")
            ?? throw new InvalidOperationException($"Embedded template {TemplateName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>JSON to Scriban objects; every string is HTML-encoded here, so the template never sees raw data.</summary>
    private static object? ToScript(JsonNode? node) => node switch
    {
        null => null,
        // Keys too: dictionaries keyed by data (roles by column name, units by code) are shown by the template.
        JsonObject o => o.Aggregate(new ScriptObject(), (so, p) => { so[Encode(p.Key)] = ToScript(p.Value); return so; }),
        JsonArray a => new ScriptArray(a.Select(ToScript)),
        JsonValue v when v.TryGetValue<string>(out var s) => Encode(s),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        _ => Encode(node.ToJsonString()),
    };

    private static ScriptObject View(FindingsDocument f, IReadOnlyList<HistoryEntry> history, DateTimeOffset renderedAt)
    {
        var view = new ScriptObject
        {
            ["rendered_at"] = Encode(renderedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
            ["waterfall"] = f.Estimate is null ? null : new SafeHtml(Charts.Waterfall(f.Estimate)),
            ["trend"] = history.Count >= 2 ? new SafeHtml(Charts.Trend(history)) : null,
            ["runs"] = history.Count,
        };
        var top = f.Findings.Where(x => x.RowsAffected > 0 || x.Error is not null)
            .OrderBy(x => x.Severity switch { Severity.Fail => 0, Severity.Warn => 1, _ => 2 })
            .ThenByDescending(x => x.Rate).Take(8).ToList();
        view["top_issues"] = ToScript(JsonNode.Parse(Json.Serialize(top)));
        var asInPoc = f.Findings.Where(x => x.RowsAsInPoc > 0).OrderByDescending(x => x.RowsAsInPoc).ToList();
        view["as_in_poc"] = ToScript(JsonNode.Parse(Json.Serialize(asInPoc)));
        // Per column: the rules that ran, and those that did not grouped by their reason.
        view["checks"] = new ScriptArray(f.Rules.Columns.Select(c => new ScriptObject
        {
            ["column"] = Encode(c.Column),
            ["evidence"] = new ScriptArray(c.Evidence.Select(Encode)),
            ["ran"] = new ScriptArray(c.Checks.Where(k => k.Ran).Select(k => Encode(k.Rule))),
            ["skipped"] = new ScriptArray(c.Checks.Where(k => !k.Ran).GroupBy(k => k.Reason, StringComparer.Ordinal).Select(g => new ScriptObject
            {
                ["reason"] = Encode(g.Key),
                ["rules"] = new ScriptArray(g.Select(k => Encode(k.Rule))),
            })),
        }));
        // The latest run's three highest rule rates, followed across the runs in history.
        var tracked = history.Count == 0 ? [] : (history[^1].TopRuleRates ?? new Dictionary<string, double>())
            .OrderByDescending(r => r.Value).Take(3).Select(r => r.Key).ToList();
        view["tracked_rules"] = new ScriptArray(tracked.Select(Encode));
        view["history"] = new ScriptArray(history.TakeLast(12).Select(h => new ScriptObject
        {
            ["run_id"] = Encode(h.RunId),
            ["verdict"] = Encode(h.Verdict is { } verdict ? ContractNames.Of(verdict) : ""),
            ["expected_live_accuracy"] = h.ExpectedLiveAccuracy,
            ["rates"] = new ScriptArray(tracked.Select(t => (object?)(h.TopRuleRates?.TryGetValue(t, out var r) == true ? r : null))),
        }));
        return view;
    }

    private static string Percent(object? value) => value is null ? "–" : (Convert.ToDouble(value, CultureInfo.InvariantCulture) * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
    private static string Decimal3(object? value) => value is null ? "–" : Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("0.000", CultureInfo.InvariantCulture);
    private static string Points(object? value) => value is null ? "–" : Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("0.0", CultureInfo.InvariantCulture);
    private static string Number(object? value) => value switch
    {
        null => "–",
        long l => l.ToString("N0", CultureInfo.InvariantCulture),
        int i => i.ToString("N0", CultureInfo.InvariantCulture),
        double d when Math.Abs(d) >= 1000 || d == Math.Floor(d) => d.ToString("#,0.##", CultureInfo.InvariantCulture),
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
