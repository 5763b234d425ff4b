using System.Globalization;
using System.Text;
using DataReadiness.Estimation;
using DataReadiness.Findings;

namespace DataReadiness.Reporting;

/// <summary>Inline SVG charts drawn from numbers only; the only text in them is encoded.</summary>
public static class Charts
{
    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Tenths(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>The drop from POC to expected live accuracy, one step per cause, with the interval on the last bar.</summary>
    public static string Waterfall(AccuracyEstimate e, double? gate = null)
    {
        var steps = new List<(string Label, double From, double To, string Kind)> { ("POC", 0, e.PocAccuracy * 100, "total") };
        double level = e.PocAccuracy * 100;
        foreach (var c in e.Contributions)
        {
            // A step that rounds to nothing would read "-0".
            if (Math.Abs(c.Points) < ReportHeadline.SmallestNamedPoints) continue;
            steps.Add((c.Cause, level, level - c.Points, c.Points >= 0 ? "down" : "up"));
            level -= c.Points;
        }
        steps.Add(("expected live", 0, e.ExpectedLiveAccuracy * 100, "total"));
        double lowest = Math.Min(e.Interval.Low * 100, steps.Min(s => Math.Min(s.From == 0 ? s.To : s.From, s.To)));
        if (gate is { } g0) lowest = Math.Min(lowest, g0 * 100);
        double min = Math.Max(0, Math.Floor((lowest - 5) / 10) * 10);
        const double width = 640, height = 240, left = 44, bottom = 40, top = 16;
        double bar = (width - left - 10) / steps.Count;
        double Y(double v) => top + (100 - v) / (100 - min) * (height - top - bottom);
        var label = $"Accuracy from the POC's {F(Math.Round(e.PocAccuracy * 100, 1))}% to the expected live {F(Math.Round(e.ExpectedLiveAccuracy * 100, 1))}%, step by cause" +
                    (gate is { } gl ? $"; the gate is {F(Math.Round(gl * 100, 1))}%" : "");
        var svg = new StringBuilder($"<svg class=\"chart\" viewBox=\"0 0 {F(width)} {F(height)}\" role=\"img\" aria-label=\"{ReportRenderer.Encode(label)}\">");
        for (double g = min; g <= 100; g += 10)
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(left)}\" x2=\"{F(width - 10)}\" y1=\"{F(Y(g))}\" y2=\"{F(Y(g))}\" class=\"grid\"/><text x=\"{F(left - 4)}\" y=\"{F(Y(g) + 4)}\" class=\"axis\" text-anchor=\"end\">{F(g)}%</text>");
        // The axis does not start at zero: a break mark on it says so.
        if (min > 0)
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{F(left - 6)},{F(Y(min) + 2)} l6,-4 M{F(left - 6)},{F(Y(min) + 7)} l6,-4\" class=\"break\"/>");
        for (int i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            double from = s.Kind == "total" ? min : s.From, to = s.To;
            double y1 = Y(Math.Max(from, to)), y2 = Y(Math.Min(from, to));
            double x = left + i * bar + bar * 0.15;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(y1)}\" width=\"{F(bar * 0.7)}\" height=\"{F(Math.Max(1, y2 - y1))}\" class=\"{s.Kind}\"/>");
            // One decimal always, as the headline and the table print them: a step of 3.0 points reads "−3.0", not "−3".
            string value = s.Kind == "total" ? $"{Tenths(to)}%" : $"{(s.Kind == "down" ? "−" : "+")}{Tenths(Math.Abs(s.From - s.To))}";
            // The last bar carries the interval whisker: its label goes above the whisker.
            double labelY = i == steps.Count - 1 ? Math.Min(y1, Y(e.Interval.High * 100)) - 4 : y1 - 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + bar * 0.35)}\" y=\"{F(labelY)}\" class=\"value\" text-anchor=\"middle\">{value}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + bar * 0.35)}\" y=\"{F(height - bottom + 16)}\" class=\"axis\" text-anchor=\"middle\">{ReportRenderer.Encode(s.Label)}</text>");
        }
        double last = left + (steps.Count - 1) * bar + bar * 0.5;
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(last)}\" x2=\"{F(last)}\" y1=\"{F(Y(e.Interval.High * 100))}\" y2=\"{F(Y(e.Interval.Low * 100))}\" class=\"interval\"/>");
        if (gate is { } gate100)
        {
            double y = Y(gate100 * 100);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(left)}\" x2=\"{F(width - 10)}\" y1=\"{F(y)}\" y2=\"{F(y)}\" class=\"gate\"/><text x=\"{F(width - 12)}\" y=\"{F(y - 4)}\" class=\"axis\" text-anchor=\"end\">gate {F(Math.Round(gate100 * 100, 1))}%</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Expected live accuracy over the runs in history.jsonl, coloured by verdict.</summary>
    public static string Trend(IReadOnlyList<HistoryEntry> history)
    {
        const double width = 640, height = 140, left = 40, bottom = 24, top = 10;
        var points = history.Select((h, i) => (i, h)).Where(p => p.h.ExpectedLiveAccuracy is not null).ToList();
        var svg = new StringBuilder($"<svg class=\"chart\" viewBox=\"0 0 {F(width)} {F(height)}\" role=\"img\" aria-label=\"Expected live accuracy by run\">");
        if (points.Count == 0) return svg.Append("</svg>").ToString();
        double lo = Math.Floor(points.Min(p => p.h.ExpectedLiveAccuracy!.Value * 100) / 10) * 10, hi = Math.Min(100, lo + Math.Max(20, Math.Ceiling((points.Max(p => p.h.ExpectedLiveAccuracy!.Value * 100) - lo) / 10) * 10));
        double X(int i) => left + (history.Count == 1 ? 0 : i * (width - left - 20) / (history.Count - 1));
        double Y(double v) => top + (hi - v) / (hi - lo) * (height - top - bottom);
        for (double g = lo; g <= hi; g += 10)
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(left)}\" x2=\"{F(width - 10)}\" y1=\"{F(Y(g))}\" y2=\"{F(Y(g))}\" class=\"grid\"/><text x=\"{F(left - 4)}\" y=\"{F(Y(g) + 4)}\" class=\"axis\" text-anchor=\"end\">{F(g)}</text>");
        svg.Append("<polyline class=\"line\" points=\"").Append(string.Join(' ', points.Select(p => $"{F(X(p.i))},{F(Y(p.h.ExpectedLiveAccuracy!.Value * 100))}"))).Append("\"/>");
        foreach (var (i, h) in points)
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(i))}\" cy=\"{F(Y(h.ExpectedLiveAccuracy!.Value * 100))}\" r=\"4\" class=\"{ReportRenderer.Encode(h.Verdict is { } v ? ContractNames.Of(v) : "none")}\"><title>{ReportRenderer.Encode(h.RunId)}: {F(Math.Round(h.ExpectedLiveAccuracy.Value * 100, 1))}% ({ReportRenderer.Encode(h.Verdict is { } w ? ContractNames.Of(w) : "")})</title></circle>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left)}\" y=\"{F(height - 6)}\" class=\"axis\">{ReportRenderer.Encode(history[0].RunId)}</text><text x=\"{F(width - 10)}\" y=\"{F(height - 6)}\" class=\"axis\" text-anchor=\"end\">{ReportRenderer.Encode(history[^1].RunId)}</text>");
        return svg.Append("</svg>").ToString();
    }
}
