using System.Globalization;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Rules.Kinds;

/// <summary>
/// One way a value can have been written in another unit: a value meant in <c>From</c> reads
/// <c>value × Scale + Shift</c> in <c>To</c>. Conversions with the same scale (x1000: kg→g, m→mm, l→ml) are one
/// conversion with several pairs; the pair named is the one the column's unit says, else the first.
/// </summary>
public sealed record UnitConversion(double Scale, double Shift, IReadOnlyList<(string From, string To)> Pairs)
{
    /// <summary>A pure change of scale, testable on ratios (weight per piece) and in log space.</summary>
    public bool IsRatio => Shift == 0;

    public double LogScale => Math.Log(Scale);

    /// <summary>What a value read in the other unit was meant to be.</summary>
    public double Undo(double written) => (written - Shift) / Scale;

    /// <summary>The pair to name: one that starts from the column's expected unit if there is one, else the first.</summary>
    public (string From, string To) PairFor(string? expected) =>
        Pairs.FirstOrDefault(p => p.From == expected) is { From: not null } preferred ? preferred : Pairs[0];

    /// <summary>"psi → kpa (x6.895)", or for a scale several pairs share, "x1000 (kg → g, m → mm, ...)".</summary>
    public string Describe(string? expected)
    {
        string factor = "x" + Scale.ToString(Scale >= 100 ? "0" : Scale >= 1 ? "0.###" : "0.######", CultureInfo.InvariantCulture);
        if (!IsRatio || Pairs.Count == 1 || Pairs.Any(p => p.From == expected))
        {
            var (from, to) = PairFor(expected);
            return IsRatio ? $"{from} → {to} ({factor})" : $"{from} → {to}";
        }
        return $"{factor} ({string.Join(", ", Pairs.Take(3).Select(p => $"{p.From} → {p.To}"))}{(Pairs.Count > 3 ? ", ..." : "")})";
    }
}

/// <summary>Every conversion between two units of one dimension of the catalog's units table.</summary>
public static class UnitConversions
{
    /// <summary>Scales closer to 1 than this (in log terms, about 5%) cannot be told from the spread of real values.</summary>
    private const double Indistinguishable = 0.05;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RuleDictionaries, IReadOnlyList<UnitConversion>> Cache = new();

    public static IReadOnlyList<UnitConversion> Of(RuleDictionaries dictionaries) => Cache.GetValue(dictionaries, Build);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RuleDictionaries, IReadOnlyList<UnitConversion>> DecoyCache = new();

    /// <summary>
    /// Factors that are no conversion between units (log-spaced from x1.2 to x4000 and back, none within 5% of a real
    /// one), and shifted scales no temperature scale has: the same test run with them counts how many rows an outlier
    /// pattern explains by chance, which a real conversion must clearly beat.
    /// </summary>
    public static IReadOnlyList<UnitConversion> Decoys(RuleDictionaries dictionaries) => DecoyCache.GetValue(dictionaries, d =>
    {
        var real = Of(d);
        var decoys = new List<UnitConversion>();
        for (int k = 0; k < 26; k++)
        {
            double log = 0.18 + 0.31 * k;
            foreach (var signed in new[] { log, -log })
                if (real.Where(c => c.IsRatio).All(c => Math.Abs(c.LogScale - signed) > 0.05))
                    decoys.Add(new UnitConversion(Math.Exp(signed), 0, [("decoy", "decoy")]));
        }
        foreach (var (scale, shift) in new[] { (1.8, 100.0), (1.8, -40.0), (1.0, 60.0), (1.0, -60.0), (1.0, 120.0), (1.0, -120.0), (0.5, 20.0) })
            if (real.Where(c => !c.IsRatio).All(c => Math.Abs(c.Scale - scale) > 0.05 || Math.Abs(c.Shift - shift) > 5))
                decoys.Add(new UnitConversion(scale, shift, [("decoy", "decoy")]));
        return decoys;
    });

    private static IReadOnlyList<UnitConversion> Build(RuleDictionaries dictionaries)
    {
        var units = dictionaries.Units.Values.OrderBy(u => u.Dimension, StringComparer.Ordinal).ThenBy(u => u.ToBase).ToList();
        var conversions = new List<(double Scale, double Shift, string From, string To)>();
        foreach (var from in units)
            foreach (var to in units)
            {
                if (from.Name == to.Name || from.Dimension != to.Dimension) continue;
                double scale = from.ToBase / to.ToBase;
                double shift = (from.Offset - to.Offset) / to.ToBase;
                if (Math.Abs(shift) < 1e-9) shift = 0;
                if (shift == 0 && Math.Abs(Math.Log(scale)) < Indistinguishable) continue;
                conversions.Add((scale, shift, from.Name, to.Name));
            }
        // Pairs whose scales agree within half a percent are one conversion (the data cannot tell them apart).
        var merged = new List<UnitConversion>();
        foreach (var group in conversions.OrderBy(c => c.Shift).ThenBy(c => c.Scale))
        {
            var last = merged.Count > 0 ? merged[^1] : null;
            if (last is not null && last.Shift == group.Shift && Math.Abs(Math.Log(group.Scale / last.Scale)) < 0.005)
                merged[^1] = last with { Pairs = [.. last.Pairs, (group.From, group.To)] };
            else merged.Add(new UnitConversion(group.Scale, group.Shift, [(group.From, group.To)]));
        }
        return merged;
    }
}
