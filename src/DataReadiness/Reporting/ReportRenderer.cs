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

    public static string Render(FindingsDocument findings, IReadOnlyList<HistoryEntry> history, DateTimeOffset renderedAt,
        IEnumerable<ExceptionRow>? exceptions = null, IReadOnlyList<ColumnSample>? samples = null)
    {
        var template = Template.Parse(LoadTemplate(), TemplateName);
        if (template.HasErrors)
            throw new InvalidOperationException("The report template is invalid: " + string.Join("; ", template.Messages));
        var model = ToScript(JsonNode.Parse(Json.Serialize(findings)));
        var root = (ScriptObject)model!;
        var view = View(findings, history, renderedAt, exceptions ?? []);
        view["column_cards"] = ColumnCards(findings, samples ?? []);
        view["sample_rows"] = SampleRows(samples ?? []);
        root["view"] = view;
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
        globals.Import("pval", new Func<object?, string>(PValue));
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

    /// <summary>
    /// The fields of findings.json that hold values from the data (cells, column names, file paths) rather than the
    /// tool's own sentences: shown as <see cref="DataText"/> shows them.
    /// </summary>
    private static readonly HashSet<string> DataFields = new(StringComparer.Ordinal)
    {
        "value", "suggestion", "form", "canonical", "token", "item", "column", "poc_column", "live", "poc", "name", "path",
        "missing_in_live", "new_in_live", "left_out", "key", "unit", "expected_unit",
    };

    /// <summary>
    /// JSON to Scriban objects; every string is HTML-encoded here, so the template never sees raw data: the tool's
    /// sentences by <see cref="SentenceText"/>, values from the data by <see cref="DataText"/>.
    /// </summary>
    private static object? ToScript(JsonNode? node) => ToScript(node, data: false, keyedByData: false);

    /// <summary>Objects keyed by data (roles by column name), whose keys the template shows and looks data fields up by.</summary>
    private static readonly HashSet<string> KeyedByData = new(StringComparer.Ordinal) { "roles" };

    private static object? ToScript(JsonNode? node, bool data, bool keyedByData) => node switch
    {
        null => null,
        JsonObject o => o.Aggregate(new ScriptObject(), (so, p) =>
        {
            so[keyedByData ? DataText(p.Key) : Encode(p.Key)] = ToScript(p.Value, DataFields.Contains(p.Key), KeyedByData.Contains(p.Key));
            return so;
        }),
        JsonArray a => new ScriptArray(a.Select(item => ToScript(item, data, keyedByData: false))),
        JsonValue v when v.TryGetValue<string>(out var s) => data ? DataText(s) : SentenceText(s),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        _ => Encode(node.ToJsonString()),
    };

    /// <summary>The longest stretch of a data value the report shows; the rest is cut, with the value's length said.</summary>
    public const int ShownValueLength = 120;

    /// <summary>
    /// A value from the data as markup that shows what is there: isolated from the text around it (a right-to-left
    /// value cannot reorder the page), control, format and unusual space characters named (⟨U+202E⟩), spaces at the
    /// ends and runs of spaces shown as ·, and cut past <see cref="ShownValueLength"/> characters with its length.
    /// </summary>
    public static string DataText(string value)
    {
        var html = new StringBuilder("<bdi class=\"v\">");
        int shown = value.Length <= ShownValueLength ? value.Length : ShownValueLength;
        if (shown < value.Length && char.IsHighSurrogate(value[shown - 1])) shown--;
        int first = 0, last = shown - 1;
        while (first < shown && value[first] == ' ') first++;
        while (last >= first && value[last] == ' ') last--;
        var run = new StringBuilder();
        for (int i = 0; i < shown; i++)
        {
            char c = value[i];
            bool visibleSpace = c == ' ' && (i < first || i > last || (i + 1 < shown && value[i + 1] == ' ') || (i > 0 && value[i - 1] == ' '));
            if (visibleSpace || NeedsName(value, i))
            {
                html.Append(Encode(run.ToString()));
                run.Clear();
                html.Append(visibleSpace ? "<span class=\"ws\" title=\"space\">·</span>" : NamedCharacter(value, ref i));
            }
            else run.Append(c);
        }
        html.Append(Encode(run.ToString()));
        if (value.Length == 0) html.Append("<span class=\"ws\">(empty)</span>");
        if (shown < value.Length)
            html.Append("<span class=\"cut\">… (").Append(value.Length.ToString("N0", CultureInfo.InvariantCulture)).Append(" characters)</span>");
        return html.Append("</bdi>").ToString();
    }

    /// <summary>
    /// One of the tool's sentences, which may quote data (a column name in a reason): encoded, with control and
    /// format characters named, so a quoted value can neither reorder nor hide the sentence.
    /// </summary>
    public static string SentenceText(string text)
    {
        int i = 0;
        while (i < text.Length && !NeedsName(text, i)) i++;
        if (i == text.Length) return Encode(text);
        var html = new StringBuilder();
        int start = 0;
        for (; i < text.Length; i++)
        {
            if (!NeedsName(text, i)) continue;
            html.Append(Encode(text[start..i]));
            html.Append(NamedCharacter(text, ref i));
            start = i + 1;
        }
        return html.Append(Encode(text[start..])).ToString();
    }

    /// <summary>Whether the character at <paramref name="i"/> is shown by its code point (control, format, unusual space, unassigned).</summary>
    internal static bool NeedsName(string text, int i)
    {
        char c = text[i];
        if (c == ' ') return false;
        if (char.IsHighSurrogate(c) || char.IsLowSurrogate(c))
            return char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                ? CharUnicodeInfo.GetUnicodeCategory(text, i) is UnicodeCategory.Format or UnicodeCategory.PrivateUse
                : !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1]));
        return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.SpaceSeparator
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
    }

    private static string NamedCharacter(string text, ref int i) => $"<span class=\"cc\">{CodePointName(text, ref i)}</span>";

    /// <summary>The code point at <paramref name="i"/> as ⟨U+202E⟩, moving past a surrogate pair.</summary>
    internal static string CodePointName(string text, ref int i)
    {
        int code = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
            ? char.ConvertToUtf32(text[i], text[++i]) : text[i];
        return $"⟨U+{code:X4}⟩";
    }

    private static ScriptObject View(FindingsDocument f, IReadOnlyList<HistoryEntry> history, DateTimeOffset renderedAt,
        IEnumerable<ExceptionRow> exceptions)
    {
        double? gate = f.Gate.Gate?.MinExpectedAccuracy;
        var view = new ScriptObject
        {
            ["rendered_at"] = Encode(renderedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
            ["waterfall"] = f.Estimate is null ? null : new SafeHtml(Charts.Waterfall(f.Estimate, gate)),
            ["trend"] = history.Count >= 2 ? new SafeHtml(Charts.Trend(history)) : null,
            ["runs"] = history.Count,
            ["gate_accuracy"] = gate,
            ["drift_drifted"] = f.Drift.Count(d => d.Drifted),
            ["drift_flagged"] = f.Drift.Count(d => d.Severity is Severity.Warn or Severity.Fail),
        };
        // A reason names a rule by its id ("vendors.variants on vendor_name: ..."): the report says what the rule is.
        var descriptions = f.Findings.Where(x => x.Description.Length > 0).GroupBy(x => x.Rule, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Description, StringComparer.Ordinal);
        view["reasons"] = new ScriptArray(f.Gate.Reasons.Select(r =>
        {
            int on = r.IndexOf(" on ", StringComparison.Ordinal);
            return on > 0 && descriptions.TryGetValue(r[..on], out var description)
                ? $"{SentenceText(Capitalised(description))} <span class=\"muted small\">({Encode(r[..on])})</span>{SentenceText(r[on..])}"
                : SentenceText(r);
        }));
        if (f.Estimate is { } estimate)
        {
            view["change"] = Encode(ReportHeadline.Change(estimate.DropPoints));
            view["basis"] = Encode(ReportHeadline.Basis(estimate));
            view["causes"] = new ScriptArray(ReportHeadline.Causes(estimate).Select(c => new ScriptObject
            {
                ["words"] = Encode(c.Words),
                ["points"] = c.Points,
            }));
        }
        view["top_issues"] = new ScriptArray(TopIssues.Rank(f, exceptions).Take(8).Select(t => new ScriptObject
        {
            ["rule"] = Encode(t.Rule),
            ["description"] = SentenceText(t.Description),
            ["severity"] = Encode(ContractNames.Of(t.Severity)),
            ["points"] = t.Points,
            ["cells"] = t.Cells,
            ["columns"] = new ScriptArray(t.Columns.Select(c => new ScriptObject
            {
                ["column"] = DataText(c.Column),
                ["rate"] = c.Rate,
                ["rows_affected"] = c.RowsAffected,
                ["rows_checked"] = c.RowsChecked,
                ["poc_rate"] = c.PocRate,
            })),
            ["examples"] = new ScriptArray(t.Examples.Select(e => new ScriptObject
            {
                ["column"] = DataText(e.Column),
                ["value"] = DataText(e.Value),
                ["suggestion"] = e.Suggestion is { Length: > 0 } suggestion ? DataText(suggestion) : null,
                ["count"] = e.Count,
            })),
            ["same_cells_as"] = new ScriptArray(t.SameCellsAs.Select(r => Encode(r))),
            ["notes"] = new ScriptArray(t.Notes.Select(SentenceText)),
            ["errors"] = new ScriptArray(t.Errors.Select(SentenceText)),
        }));
        var withHits = f.Findings.Where(x => x.RowsAffected > 0 || x.Error is not null).ToList();
        view["results_with_hits"] = ToScript(JsonNode.Parse(Json.Serialize(withHits)));
        view["results_quiet"] = f.Findings.Count - withHits.Count;
        var asInPoc = f.Findings.Where(x => x.RowsAsInPoc > 0).OrderByDescending(x => x.RowsAsInPoc).ToList();
        view["as_in_poc"] = ToScript(JsonNode.Parse(Json.Serialize(asInPoc)));
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
    /// <summary>
    /// One card per live column: its profile beside the POC's, a chart of both samples, its drift, what the rules
    /// found in it, and what was checked or not and why.
    /// </summary>
    private static ScriptArray ColumnCards(FindingsDocument f, IReadOnlyList<ColumnSample> samples)
    {
        var drift = f.Drift.GroupBy(d => d.Column, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var poc = f.Sources.Poc?.Columns.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var checks = f.Rules.Columns.GroupBy(c => c.Column, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var hits = f.Findings.Where(x => x.RowsAffected > 0).ToLookup(x => x.Column, StringComparer.Ordinal);
        var sampled = samples.GroupBy(x => x.Column, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // The charts are the costly part (a parse and a sort of both samples each) and independent: drawn side by side.
        var liveColumns = f.Sources.Live.Columns;
        var charts = new string?[liveColumns.Count];
        AllCores.For(liveColumns.Count, i =>
        {
            if (sampled.TryGetValue(liveColumns[i].Name, out var sample))
                charts[i] = ColumnCharts.Distribution(ContractNames.Of(liveColumns[i].InferredType), sample.Live, sample.Poc);
        });
        var cards = new ScriptArray();
        for (int i = 0; i < liveColumns.Count; i++)
        {
            var c = liveColumns[i];
            var d = drift.GetValueOrDefault(c.Name);
            var p = poc?.GetValueOrDefault(d?.PocColumn ?? c.Name);
            var type = ContractNames.Of(c.InferredType);
            var check = checks.GetValueOrDefault(c.Name);
            cards.Add(new ScriptObject
            {
                ["name"] = DataText(c.Name),
                ["poc_name"] = p is not null && p.Name != c.Name ? DataText(p.Name) : null,
                ["type"] = Encode(type),
                ["poc_type"] = p is null ? null : Encode(ContractNames.Of(p.InferredType)),
                ["completeness"] = c.Completeness,
                ["poc_completeness"] = p?.Completeness,
                ["missing"] = c.Nulls + c.Blanks,
                ["poc_missing"] = p is null ? null : p.Nulls + p.Blanks,
                ["distinct"] = c.Distinct.Estimate,
                ["distinct_exact"] = c.Distinct.Exact,
                ["poc_distinct"] = p?.Distinct.Estimate,
                ["range"] = Encode(RangeOf(c)),
                ["poc_range"] = p is null ? null : Encode(RangeOf(p)),
                ["top"] = new ScriptArray(c.TopValues.Take(3).Select(t => new ScriptObject { ["value"] = DataText(t.Value), ["share"] = t.Share })),
                ["chart"] = charts[i] is { } chart ? new SafeHtml(chart) : null,
                ["drift_severity"] = d?.Severity is { } severity ? Encode(ContractNames.Of(severity)) : null,
                ["drift_why"] = d?.Why is { } why ? SentenceText(why) : null,
                ["drifted"] = d?.Drifted ?? false,
                ["hits"] = new ScriptArray(hits[c.Name].OrderByDescending(x => x.Severity).ThenByDescending(x => x.Rate).Select(x => new ScriptObject
                {
                    ["rule"] = Encode(x.Rule),
                    ["description"] = SentenceText(x.Description),
                    ["severity"] = Encode(ContractNames.Of(x.Severity)),
                    ["rate"] = x.Rate,
                    ["example"] = x.Examples.Count > 0 ? DataText(x.Examples[0].Value) : null,
                })),
                ["evidence"] = new ScriptArray((check?.Evidence ?? []).Select(SentenceText)),
                ["ran"] = new ScriptArray((check?.Checks ?? []).Where(k => k.Ran).Select(k => Encode(k.Rule))),
                // A card gives the reason's head ("not a measure"); the evidence line above it says what the values show.
                ["skipped"] = new ScriptArray((check?.Checks ?? []).Where(k => !k.Ran).GroupBy(k => ReasonHead(k.Reason), StringComparer.Ordinal).Select(g => new ScriptObject
                {
                    ["reason"] = SentenceText(g.Key),
                    ["rules"] = new ScriptArray(g.Select(k => Encode(k.Rule))),
                })),
            });
        }
        return cards;
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string ReasonHead(string reason) => reason.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon ? reason[..colon] : reason;

    /// <summary>Sample rows shown a side, and columns across, so a 300-column extract's rows stay readable and small.</summary>
    public const int SampleRowsShown = 5, SampleColumnsShown = 30;

    /// <summary>The first sampled rows of each side (the sample's order is seeded random), for the first columns.</summary>
    private static ScriptObject? SampleRows(IReadOnlyList<ColumnSample> samples)
    {
        if (samples.Count == 0) return null;
        var shown = samples.Take(SampleColumnsShown).ToList();
        ScriptArray Rows(Func<ColumnSample, IReadOnlyList<string?>?> side, string name)
        {
            int count = shown.Max(c => side(c)?.Count ?? 0);
            return new ScriptArray(Enumerable.Range(0, Math.Min(SampleRowsShown, count)).Select(r => new ScriptObject
            {
                ["side"] = name,
                ["cells"] = new ScriptArray(shown.Select(c => side(c) is { } values && r < values.Count
                    ? values[r] is { } value ? DataText(value) : "<span class=\"muted\">null</span>"
                    : "<span class=\"muted\">–</span>")),
            }));
        }
        var rows = Rows(c => c.Live, "live");
        foreach (var row in Rows(c => c.Poc, "POC")) rows.Add(row);
        return new ScriptObject
        {
            ["columns"] = new ScriptArray(shown.Select(c => DataText(c.Column))),
            ["rows"] = rows,
            ["more_columns"] = samples.Count - shown.Count,
        };
    }

    /// <summary>The range a column's type has: a text column's few numbers are no range of it.</summary>
    private static string RangeOf(ColumnProfile c) => c.InferredType switch
    {
        ColumnType.Integer or ColumnType.Decimal when c.Numeric is { } n => $"{Number(n.Min)} to {Number(n.Max)}",
        ColumnType.Date or ColumnType.DateTime when c.Dates is { } d =>
            string.Create(CultureInfo.InvariantCulture, $"{d.Min:yyyy-MM-dd} to {d.Max:yyyy-MM-dd}"),
        _ => "",
    };

    private static string PValue(object? value) => value is null ? "–"
        : Convert.ToDouble(value, CultureInfo.InvariantCulture) is var p && p < 0.0001 ? "< 0.0001" : p.ToString("0.####", CultureInfo.InvariantCulture);
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
