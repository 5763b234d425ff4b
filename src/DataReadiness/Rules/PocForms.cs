using DataReadiness.Findings;

namespace DataReadiness.Rules;

/// <summary>
/// Separates a rule's hits that are defects of live against the POC from those the POC has as often. Each hit has
/// forms (a null token, a unit, a spelling, a shorthand token); a form both sides have is "as in the POC" when the
/// POC's share of rows with it is at least half live's. A hit all of whose forms are as in the POC is counted apart on both sides:
/// the model was shown it at that rate, and the truth of a dirty-versus-clean benchmark calls it correct.
/// </summary>
public static class PocForms
{
    /// <summary>Most forms listed per finding.</summary>
    public const int FormsListed = 5;

    /// <summary>A form the POC has fewer times than this is judged with the finding's other forms.</summary>
    public const int FewInPoc = 3;

    /// <summary>The hits left on each side, the rows counted apart on each, and the forms found as in the POC.</summary>
    public sealed record Result(RuleOutcome? Live, RuleOutcome? Poc, long LiveAsInPoc, long PocAsInPoc, IReadOnlyList<FormCount> Forms);

    public static Result Split(RuleKind kind, RuleOutcome? live, RuleOutcome? poc)
    {
        if (live is null || poc is null || poc.RowsChecked == 0 || live.RowsChecked == 0) return new Result(live, poc, 0, 0, []);
        IReadOnlyList<string> FormsOf(CellHit hit) => hit.Forms ?? [kind.FormOf(hit)];
        var liveCounts = Count(live, FormsOf);
        var pocCounts = Count(poc, FormsOf);
        // A form both sides have is as in the POC when live's share is at most twice the POC's. A form the POC has
        // fewer than three times says too little on its own: it follows the finding as a whole (all forms pooled).
        bool NotHigher(long inLive, long inPoc) => inLive * poc.RowsChecked <= 2 * inPoc * live.RowsChecked;
        bool pooledAsInPoc = NotHigher(live.Hits.Count, poc.Hits.Count);
        bool AsInPoc(string form)
        {
            long inLive = liveCounts.GetValueOrDefault(form), inPoc = pocCounts.GetValueOrDefault(form);
            if (inLive == 0 || inPoc == 0) return false;
            return inPoc >= FewInPoc ? NotHigher(inLive, inPoc) : pooledAsInPoc;
        }
        bool HitAsInPoc(CellHit hit)
        {
            var forms = FormsOf(hit);
            return forms.Count > 0 && forms.All(AsInPoc);
        }
        var liveKept = live.Hits.Where(h => !HitAsInPoc(h)).ToList();
        var pocKept = poc.Hits.Where(h => !HitAsInPoc(h)).ToList();
        if (liveKept.Count == live.Hits.Count && pocKept.Count == poc.Hits.Count) return new Result(live, poc, 0, 0, []);
        var forms = liveCounts.Keys.Where(AsInPoc)
            .Select(f => new FormCount(f, liveCounts[f], pocCounts[f]))
            .OrderByDescending(f => f.Live + f.Poc).ThenBy(f => f.Form, StringComparer.Ordinal).Take(FormsListed).ToList();
        return new Result(live with { Hits = liveKept }, poc with { Hits = pocKept },
            live.Hits.Count - liveKept.Count, poc.Hits.Count - pocKept.Count, forms);
    }

    // Rows with each form (a row counts once per form).
    private static Dictionary<string, long> Count(RuleOutcome outcome, Func<CellHit, IReadOnlyList<string>> formsOf)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var hit in outcome.Hits)
            foreach (var form in formsOf(hit).Distinct(StringComparer.Ordinal))
                counts[form] = counts.GetValueOrDefault(form) + 1;
        return counts;
    }
}
