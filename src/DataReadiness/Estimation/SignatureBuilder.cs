using DataReadiness.Findings;
using DataReadiness.Rules;
using DataReadiness.Rules.Catalog;
using DataReadiness.Sampling;

namespace DataReadiness.Estimation;

/// <summary>Builds the estimator's input from a run: each sampled row's defect signature and the POC's outcomes.</summary>
public static class SignatureBuilder
{
    /// <summary>
    /// Kinds that restate another kind's hit on the same cell (a "12 kg" is both a unit in the value and a type
    /// mismatch): they count toward a row's signature only where no other kind hit that cell.
    /// </summary>
    public static readonly IReadOnlySet<string> Secondary = new HashSet<string>(StringComparer.Ordinal)
    {
        "type_conformance", "pattern_drift", "encoding_damage",
    };

    public static EstimateInput Build(RuleCatalog catalog, RuleResults rules, Sample live, Sample? poc, string? outcomeColumn,
        double? headlineAccuracy, int seed)
    {
        var byCell = rules.Exceptions
            .Where(e => e.Kind != RuleKinds.DuplicateRow && e.Column != outcomeColumn)
            .GroupBy(e => (e.Source, e.Row))
            .ToDictionary(g => g.Key, g => Signature(g));
        IReadOnlySet<string> SignatureOf(SampledRow row) =>
            byCell.TryGetValue((row.File, row.Row), out var s) ? s : new HashSet<string>();

        var liveSignatures = live.Rows.Select(SignatureOf).ToList();
        var pocSignatures = new List<IReadOnlySet<string>>();
        List<bool>? outcomes = null;
        if (poc is not null)
        {
            int outcomeIndex = outcomeColumn is null ? -1 : poc.Columns.ToList().IndexOf(outcomeColumn);
            if (outcomeIndex >= 0) outcomes = new List<bool>();
            foreach (var row in poc.Rows)
            {
                if (outcomeIndex >= 0)
                {
                    // Rows without a readable outcome say nothing about accuracy.
                    if (!TryOutcome(row.Values[outcomeIndex], out var correct)) continue;
                    outcomes!.Add(correct);
                }
                pocSignatures.Add(SignatureOf(row));
            }
        }
        var priors = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var rule in catalog.Rules) priors.TryAdd(rule.Kind, rule.Impact);
        var families = RuleKinds.Known.ToDictionary(k => k.Key, k => k.Value.Family, StringComparer.Ordinal);
        return new EstimateInput(liveSignatures, pocSignatures, outcomes, headlineAccuracy, priors, families, Seed: seed);
    }

    private static IReadOnlySet<string> Signature(IEnumerable<ExceptionRow> hits)
    {
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in hits.GroupBy(h => h.Column))
        {
            var cellKinds = cell.Select(h => h.Kind).ToHashSet();
            bool primary = cellKinds.Any(k => !Secondary.Contains(k));
            foreach (var k in cellKinds)
                if (!primary || !Secondary.Contains(k)) kinds.Add(k);
        }
        return kinds;
    }

    /// <summary>Reads a per-row outcome: 1/0, true/false, yes/no, correct/incorrect.</summary>
    public static bool TryOutcome(string? value, out bool correct)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "1" or "1.0" or "true" or "yes" or "y" or "correct" or "t": correct = true; return true;
            case "0" or "0.0" or "false" or "no" or "n" or "incorrect" or "f": correct = false; return true;
            default: correct = false; return false;
        }
    }
}
