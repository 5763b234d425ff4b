using DataReadiness.Findings;
using DataReadiness.Sampling;
using DataReadiness.Statistics;
using DataReadiness.Text;
using FuzzySharp;
using FuzzySharp.PreProcess;

namespace DataReadiness.Schema;

/// <summary>
/// Matches the live columns to the POC's before any rule runs: POC columns missing in live, live columns new to the
/// POC, and renames found by name (separators and glossary abbreviations expanded, fuzzy token ratio) and by content
/// (same inferred type, then 1 − the KS distance for numbers and dates, or the share of live values the POC has).
/// A numeric column may also match as another unit of the units table (hyd_pressure_bar renamed hyd_press and
/// written in psi): the conversions are given by the caller, which holds the catalog. Renames with confidence of at
/// least <see cref="RenameConfidence"/> are taken best first. Pure.
/// </summary>
public static class SchemaMatcher
{
    public const double RenameConfidence = 0.6;

    public static SchemaDiff Match(IReadOnlyList<ColumnProfile> live, IReadOnlyList<ColumnProfile> poc, SampleFrame liveSample, SampleFrame pocSample,
        string? outcomeColumn, IReadOnlyDictionary<string, string> glossary, IReadOnlyList<(double Scale, double Shift)>? conversions = null,
        IReadOnlyCollection<string>? modelColumns = null)
    {
        var liveNames = live.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var pocNames = poc.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        // The model's columns (the POC's outcome, true and predicted class, either side's score) are one side's by design:
        // not missing from live, not new in it.
        var missing = poc.Where(c => !liveNames.Contains(c.Name) && c.Name != outcomeColumn && modelColumns?.Contains(c.Name) != true).ToList();
        var added = live.Where(c => !pocNames.Contains(c.Name) && modelColumns?.Contains(c.Name) != true).ToList();
        var candidates = new List<RenamedColumn>();
        foreach (var p in missing)
            foreach (var l in added)
            {
                double name = NameSimilarity(p.Name, l.Name, glossary);
                double content = ContentSimilarity(p, l, pocSample, liveSample, conversions ?? []);
                double confidence = 0.5 * name + 0.5 * content;
                if (confidence >= RenameConfidence) candidates.Add(new RenamedColumn(p.Name, l.Name, Math.Round(confidence, 3), Math.Round(name, 3), Math.Round(content, 3)));
            }
        var renamed = new List<RenamedColumn>();
        foreach (var c in candidates.OrderByDescending(c => c.Confidence).ThenBy(c => c.Poc, StringComparer.Ordinal))
            if (!renamed.Any(r => r.Poc == c.Poc || r.Live == c.Live)) renamed.Add(c);
        return new SchemaDiff(
            missing.Select(c => c.Name).Where(n => !renamed.Any(r => r.Poc == n)).ToList(),
            added.Select(c => c.Name).Where(n => !renamed.Any(r => r.Live == n)).ToList(),
            renamed);
    }

    /// <summary>Name similarity of two column names, with separators and the glossary's abbreviations expanded (req → request).</summary>
    public static double NameSimilarity(string a, string b, IReadOnlyDictionary<string, string> glossary)
    {
        string Expand(string name) => string.Join(' ', NameKey.Simplify(name.Replace('_', ' ').Replace('-', ' '))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => glossary.TryGetValue(t, out var e) ? e : t));
        var (x, y) = (Expand(a), Expand(b));
        return Math.Max(Fuzz.TokenSortRatio(x, y, PreprocessMode.None), Fuzz.PartialRatio(x, y, PreprocessMode.None) * 0.9) / 100.0;
    }

    private static double ContentSimilarity(ColumnProfile poc, ColumnProfile live, SampleFrame pocSample, SampleFrame liveSample,
        IReadOnlyList<(double Scale, double Shift)> conversions)
    {
        var pocValues = pocSample.Text(poc.Name);
        var liveValues = liveSample.Text(live.Name);
        // Integers and decimals are both numbers (a column converted to another unit gains decimals).
        if (poc.InferredType != live.InferredType && !(poc.InferredType.IsNumeric() && live.InferredType.IsNumeric())) return 0.1;
        if (poc.InferredType.IsNumeric() || poc.InferredType.IsDate())
        {
            bool dates = poc.InferredType.IsDate();
            var a = SampleNumbers.Of(liveSample, live.Name, dates);
            var b = SampleNumbers.Of(pocSample, poc.Name, dates);
            if (a.Length == 0 || b.Length == 0) return 0.5;
            var (d, _) = DriftStatistics.KolmogorovSmirnov(a, b);
            // As another unit: a conversion counts where it fits far better than the values as written (values within
            // half a percent taken as equal: a converted value is rounded where it is written).
            if (!dates && conversions.Count > 0)
            {
                var sortedLive = a.Order().ToArray();
                foreach (var (scale, shift) in conversions)
                {
                    double dc = DriftStatistics.LooseDistance(sortedLive, b.Select(v => v * scale + shift).Order().ToArray(), 0.005);
                    if (dc * 3 < d) d = dc;
                }
            }
            return 1 - d;
        }
        var known = pocValues.Where(v => v is not null).ToHashSet(StringComparer.Ordinal);
        var present = liveValues.Where(v => v is not null).ToList();
        return present.Count == 0 ? 0.5 : present.Count(known.Contains) / (double)present.Count;
    }
}
