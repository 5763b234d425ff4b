using System.Runtime.InteropServices;
using DataReadiness.Findings;
using DataReadiness.Rules;
using DataReadiness.Rules.Catalog;
using DataReadiness.Sampling;
using DataReadiness.Sources;

namespace DataReadiness.Estimation;

/// <summary>Builds the estimator's input from a run: each sampled row's defect signature and the POC's outcomes.</summary>
public static class SignatureBuilder
{
    /// <summary>
    /// A row's signature is the set of rules that hit it, each named by its kind (or by its id where several rules
    /// of the catalog share a kind, so each keeps its own impact). Hits of kinds whose <see cref="SignatureEffect"/>
    /// is None never count; hits that only restate another kind's hit on the same cell count where no other hit it.
    /// </summary>
    public static EstimateInput Build(RuleCatalog catalog, RuleResults rules, SampleFrame live, SampleFrame? poc, string? outcomeColumn,
        double? headlineAccuracy, int seed, ShiftMeasurement? shift = null, (string Label, string Prediction)? classes = null,
        IReadOnlyCollection<string>? modelColumns = null)
    {
        var byId = catalog.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var kindsInCatalog = catalog.Rules.GroupBy(r => r.Kind.Name).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        string ElementOf(RuleDefinition rule) => kindsInCatalog[rule.Kind.Name] == 1 ? rule.Kind.Name : rule.Id;
        var hits = rules.Exceptions
            .Where(e => e.Column != outcomeColumn && e.Column != classes?.Label && e.Column != classes?.Prediction && modelColumns?.Contains(e.Column) != true
                        && byId.TryGetValue(e.Rule, out var rule) && rule.Kind.Signature != SignatureEffect.None)
            .Select(e => (e.Source, e.Row, e.Column, Rule: byId[e.Rule]));
        var byRow = RowSignatures(hits.Select(h => (h.Source, h.Row, h.Column, ElementOf(h.Rule), h.Rule.Kind.Signature == SignatureEffect.RestatesAnother)));
        IReadOnlySet<string> SignatureOf(SampleRowId row) => byRow.GetValueOrDefault((row.File, row.Row)) ?? Clean;

        var liveSignatures = live.Rows.Select(SignatureOf).ToList();
        var pocSignatures = new List<IReadOnlySet<string>>();
        List<bool>? outcomes = null;
        List<(string Label, string Prediction)>? pocClasses = null;
        // The classifier's odds per scored row, aligned with the signature lists (a POC row without a readable outcome is skipped in both).
        var liveOdds = new double?[liveSignatures.Count];
        var pocOddsBySample = new Dictionary<int, (double Odds, int Fold)>();
        if (shift is not null)
        {
            for (int i = 0; i < shift.LiveRows.Length; i++) liveOdds[shift.LiveRows[i]] = shift.Odds(shift.LiveProbabilities[i]);
            for (int i = 0; i < shift.PocRows.Length; i++) pocOddsBySample[shift.PocRows[i]] = (shift.Odds(shift.PocProbabilities[i]), shift.PocFolds[i]);
        }
        var pocOdds = new List<double?>();
        var pocFolds = new List<int?>();
        if (poc is not null)
        {
            var outcomesByRow = Outcomes(poc, outcomeColumn, classes);
            bool withClasses = outcomesByRow is not null && (outcomeColumn is null || !poc.Has(outcomeColumn));
            var labels = withClasses ? poc.Text(classes!.Value.Label) : null;
            var predictions = withClasses ? poc.Text(classes!.Value.Prediction) : null;
            if (outcomesByRow is not null) outcomes = new List<bool>();
            if (withClasses) pocClasses = new List<(string, string)>();
            for (int i = 0; i < poc.Count; i++)
            {
                if (outcomesByRow is not null)
                {
                    // Rows without a readable outcome say nothing about accuracy.
                    if (outcomesByRow[i] is not { } correct) continue;
                    outcomes!.Add(correct);
                    if (withClasses) pocClasses!.Add((labels![i]!.Trim(), predictions![i]!.Trim()));
                }
                pocSignatures.Add(SignatureOf(poc.Rows[i]));
                bool scored = pocOddsBySample.TryGetValue(i, out var scoredRow);
                pocOdds.Add(scored ? scoredRow.Odds : null);
                pocFolds.Add(scored ? scoredRow.Fold : null);
            }
        }
        var impacts = catalog.Rules.ToDictionary(ElementOf, r => r.Impact, StringComparer.Ordinal);
        var families = catalog.Rules.ToDictionary(ElementOf, r => r.Kind.Family, StringComparer.Ordinal);
        return new EstimateInput(liveSignatures, pocSignatures, outcomes, headlineAccuracy, impacts, families, Seed: seed)
        {
            Shift = shift is null ? null : new ShiftOdds(liveOdds, pocOdds) { PocFolds = pocFolds },
            Priors = catalog.Dictionaries.Priors,
            PocClasses = pocClasses,
        };
    }

    /// <summary>
    /// Each POC sample row's outcome: read from the outcome column (1/0, true/false, ...), or else the agreement of the
    /// true and the predicted class; null where it cannot be read (a row missing either class says nothing). Null
    /// when the job gives neither, or its columns are not in the sample.
    /// </summary>
    public static bool?[]? Outcomes(SampleFrame poc, string? outcomeColumn, (string Label, string Prediction)? classes)
    {
        if (outcomeColumn is not null && poc.Has(outcomeColumn))
            return poc.Text(outcomeColumn).Select(v => TryOutcome(v, out var correct) ? correct : (bool?)null).ToArray();
        if (classes is not { } c || !poc.Has(c.Label) || !poc.Has(c.Prediction)) return null;
        var labels = poc.Text(c.Label);
        var predictions = poc.Text(c.Prediction);
        return Enumerable.Range(0, poc.Count).Select(i =>
        {
            string? label = labels[i]?.Trim(), predicted = predictions[i]?.Trim();
            return string.IsNullOrEmpty(label) || string.IsNullOrEmpty(predicted) ? (bool?)null : label == predicted;
        }).ToArray();
    }

    private static readonly IReadOnlySet<string> Clean = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Each hit row's signature: the kinds hitting its cells, where a cell's secondary kinds count only when no
    /// other kind hit it. Kinds are bits while rows are gathered, and rows with the same kinds share one set
    /// (a sample has a few hundred signatures over a hundred thousand rows).
    /// </summary>
    private static Dictionary<(string File, long Row), IReadOnlySet<string>> RowSignatures(
        IEnumerable<(string File, long Row, string Column, string Element, bool Restates)> hits)
    {
        var kindNames = new List<string>();
        var kindBits = new Dictionary<string, int>(StringComparer.Ordinal);
        ulong secondary = 0;
        var cells = new Dictionary<(string File, long Row, string Column), ulong>();
        foreach (var hit in hits)
        {
            if (!kindBits.TryGetValue(hit.Element, out int bit))
            {
                if (kindNames.Count == 64) throw new InvalidOperationException("more than 64 rules hit rows in one run");
                kindBits[hit.Element] = bit = kindNames.Count;
                kindNames.Add(hit.Element);
                if (hit.Restates) secondary |= 1UL << bit;
            }
            ref var mask = ref CollectionsMarshal.GetValueRefOrAddDefault(cells, (hit.File, hit.Row, hit.Column), out _);
            mask |= 1UL << bit;
        }
        var rows = new Dictionary<(string File, long Row), ulong>();
        foreach (var ((file, row, _), kinds) in cells)
        {
            ulong primary = kinds & ~secondary;
            ref var mask = ref CollectionsMarshal.GetValueRefOrAddDefault(rows, (file, row), out _);
            mask |= primary != 0 ? primary : kinds;
        }
        var shared = new Dictionary<ulong, IReadOnlySet<string>>();
        var signatures = new Dictionary<(string File, long Row), IReadOnlySet<string>>(rows.Count);
        foreach (var (row, mask) in rows)
        {
            if (!shared.TryGetValue(mask, out var set))
            {
                var kinds = new HashSet<string>(StringComparer.Ordinal);
                for (int bit = 0; bit < kindNames.Count; bit++)
                    if ((mask & (1UL << bit)) != 0) kinds.Add(kindNames[bit]);
                shared[mask] = set = kinds;
            }
            signatures[row] = set;
        }
        return signatures;
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
