using System.Globalization;
using System.Text;

namespace DataReadiness.Reporting;

/// <summary>A live column's sampled values and its POC counterpart's (null where the POC lacks it), for its card.</summary>
public sealed record ColumnSample(string Column, IReadOnlyList<string?> Live, IReadOnlyList<string?>? Poc);

/// <summary>
/// Small inline SVG charts of one column, live against the POC, drawn from the two samples: a histogram over shared
/// bins for numbers and dates, the most frequent values' shares for everything else. Live is filled, the POC an
/// outline (histograms) or a grey bar under live's (values); the report gives the legend once. Pure: values in,
/// markup out.
/// </summary>
public static class ColumnCharts
{
    /// <summary>
    /// At most this many sampled values a side: the sample is in seeded random order, so a prefix is a sample too, and
    /// 2,000 values put a bin's share within about a point; a 300-column report draws its charts in a fraction of a second.
    /// </summary>
    public const int ValuesPerSide = 2000;
    private const int Bins = 16, Categories = 8;
    private const double Width = 340, Height = 120;

    public static string Distribution(string inferredType, IReadOnlyList<string?> live, IReadOnlyList<string?>? poc)
    {
        var liveValues = Prefix(live);
        var pocValues = poc is null ? null : Prefix(poc);
        return inferredType switch
        {
            "integer" or "decimal" => Histogram(liveValues, pocValues, Number, NumberLabel) ?? Categorical(liveValues, pocValues),
            "date" or "datetime" => Histogram(liveValues, pocValues, Date, v => DateTime.FromOADate(v).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) ?? Categorical(liveValues, pocValues),
            _ => Categorical(liveValues, pocValues),
        };
    }

    /// <summary>An axis end as a reader writes it: whole thousands separated (an order number stays readable), else four digits.</summary>
    private static string NumberLabel(double v) =>
        Math.Abs(v) >= 10_000 ? v.ToString("#,0", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture);

    private static List<string?> Prefix(IReadOnlyList<string?> values) => values.Take(ValuesPerSide).ToList();

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    private static double? Date(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var d) ? d.ToOADate() : null;

    /// <summary>
    /// Shares of each side's values in 16 bins over the 1st to 99th percentile of both sides together; values beyond
    /// fall in the end bins. Null when fewer than two distinct values parse.
    /// </summary>
    private static string? Histogram(List<string?> live, List<string?>? poc, Func<string?, double?> parse, Func<double, string> label)
    {
        static double[] Parsed(List<string?>? values, Func<string?, double?> parse)
        {
            var parsed = new List<double>(values?.Count ?? 0);
            foreach (var v in values ?? []) if (parse(v) is { } d) parsed.Add(d);
            return parsed.ToArray();
        }
        var a = Parsed(live, parse);
        var b = Parsed(poc, parse);
        var all = new double[a.Length + b.Length];
        a.CopyTo(all, 0);
        b.CopyTo(all, a.Length);
        Array.Sort(all);
        if (all.Length < 2) return null;
        double lo = all[(int)(0.01 * (all.Length - 1))], hi = all[(int)Math.Ceiling(0.99 * (all.Length - 1))];
        if (hi <= lo) (lo, hi) = (all[0], all[^1]);
        if (hi <= lo) return null;
        double[] Shares(double[] values)
        {
            var counts = new double[Bins];
            foreach (var v in values) counts[Math.Clamp((int)((v - lo) / (hi - lo) * Bins), 0, Bins - 1)]++;
            return values.Length == 0 ? counts : counts.Select(c => c / values.Length).ToArray();
        }
        var liveShares = Shares(a);
        var pocShares = b.Length == 0 ? null : Shares(b);
        double top = Math.Max(liveShares.Max(), pocShares?.Max() ?? 0);
        const double left = 6, bottom = 22, plotTop = 4;
        double bin = (Width - 2 * left) / Bins, plot = Height - bottom - plotTop;
        var svg = Open($"Distribution of live{(pocShares is null ? "" : " and POC")} values in {Bins} bins from {label(lo)} to {label(hi)}");
        // One path a side, a closed box a bin: a 300-column report draws 300 of these.
        string Bars(double[] shares)
        {
            var path = new StringBuilder();
            for (int i = 0; i < Bins; i++)
            {
                double h = shares[i] / top * plot;
                if (h <= 0) continue;
                path.Append(CultureInfo.InvariantCulture, $"M{F(left + i * bin + 1)},{F(plotTop + plot)}v{F(-h)}h{F(bin - 2)}v{F(h)}z");
            }
            return path.ToString();
        }
        svg.Append("<path class=\"live\" d=\"").Append(Bars(liveShares)).Append("\"/>");
        if (pocShares is not null) svg.Append("<path class=\"poc\" d=\"").Append(Bars(pocShares)).Append("\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left)}\" y=\"{F(Height - 6)}\" class=\"axis\">{ReportRenderer.Encode(label(lo))}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Width - left)}\" y=\"{F(Height - 6)}\" class=\"axis\" text-anchor=\"end\">{ReportRenderer.Encode(label(hi))}</text>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The live sample's most frequent values (and missing ones), with each value's share on both sides.</summary>
    private static string Categorical(List<string?> live, List<string?>? poc)
    {
        static string Key(string? v) => string.IsNullOrWhiteSpace(v) ? "(missing)" : v;
        var liveCounts = live.GroupBy(Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var pocCounts = poc?.GroupBy(Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var shown = liveCounts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(Categories).Select(c => c.Key).ToList();
        if (pocCounts is not null)
            foreach (var c in pocCounts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key))
            {
                if (shown.Count >= Categories + 2) break;
                if (!shown.Contains(c)) shown.Add(c);
            }
        if (shown.Count == 0)
            return Open("No values in either sample", 20).Append("<text x=\"6\" y=\"14\" class=\"axis\">no values in the sample</text></svg>").ToString();
        double Share(Dictionary<string, int>? counts, int total, string key) => counts is null || total == 0 ? 0 : (double)counts.GetValueOrDefault(key) / total;
        double max = shown.Max(k => Math.Max(Share(liveCounts, live.Count, k), Share(pocCounts, poc?.Count ?? 0, k)));
        const double labelWidth = 130, row = 11, plotTop = 2;
        double height = plotTop + shown.Count * row + 4;
        var svg = Open($"The {shown.Count} most frequent values' shares in live{(poc is null ? "" : " and the POC")}", height);
        var liveBars = new StringBuilder();
        var pocBars = new StringBuilder();
        double span = Width - labelWidth - 44;
        // The labels share their class and anchor: said once, on a group (300 columns draw 300 charts).
        svg.Append("<g class=\"axis\" text-anchor=\"end\">");
        for (int i = 0; i < shown.Count; i++)
        {
            var key = shown[i];
            double y = plotTop + i * row;
            double liveShare = Share(liveCounts, live.Count, key), pocShare = Share(pocCounts, poc?.Count ?? 0, key);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(labelWidth - 4)}\" y=\"{F(y + 8)}\">{Label(key)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Width - 2)}\" y=\"{F(y + 8)}\">{F(Math.Round(liveShare * 100, 1))}%</text>");
            if (max > 0 && liveShare > 0) liveBars.Append(CultureInfo.InvariantCulture, $"M{F(labelWidth)},{F(y + 1)}h{F(liveShare / max * span)}v4h{F(-liveShare / max * span)}z");
            if (max > 0 && pocShare > 0) pocBars.Append(CultureInfo.InvariantCulture, $"M{F(labelWidth)},{F(y + 5)}h{F(pocShare / max * span)}v4h{F(-pocShare / max * span)}z");
        }
        svg.Append("</g><path class=\"live\" d=\"").Append(liveBars).Append("\"/>");
        if (pocCounts is not null) svg.Append("<path class=\"pocbar\" d=\"").Append(pocBars).Append("\"/>");
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string label, double height = Height) =>
        new($"<svg class=\"mini\" viewBox=\"0 0 {F(Width)} {F(height)}\" role=\"img\" aria-label=\"{ReportRenderer.Encode(label)}\">");

    /// <summary>A value as an SVG label: control and format characters named, cut to 22 characters.</summary>
    private static string Label(string value)
    {
        var label = new StringBuilder();
        int shown = 0;
        // The characters the report names elsewhere are named here too (one test, ReportRenderer.NeedsName); an SVG
        // label cannot hold the span the page uses, so the name is plain text.
        for (int i = 0; i < value.Length; i++)
        {
            if (shown++ == 21 && value.Length > 22)
            {
                label.Append('…');
                break;
            }
            if (ReportRenderer.NeedsName(value, i)) label.Append(ReportRenderer.CodePointName(value, ref i));
            else if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length) label.Append(ReportRenderer.Encode(value.Substring(i++, 2)));
            else label.Append(ReportRenderer.Encode(value[i].ToString()));
        }
        return label.ToString();
    }

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
