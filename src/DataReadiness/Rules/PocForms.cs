using DataReadiness.Findings;

namespace DataReadiness.Rules;

/// <summary>
/// Separates a rule's hits that are defects of live against the POC from those the POC has as often. Each hit has
/// forms (a null token, a unit, a spelling, a shorthand token); a form both sides have is "as in the POC" unless live
/// has it significantly more often (forms with few rows are judged together). A hit all of whose forms are as in the POC is counted apart on both sides:
/// the model was shown it at that rate, and the truth of a dirty-versus-clean benchmark calls it correct.
/// </summary>
public static class PocForms
{
    /// <summary>Most forms listed per finding.</summary>
    public const int FormsListed = 5;

    /// <summary>A form the POC has at least this many times, at least half as often as live, is as in the POC on its own.</summary>
    public const int ClearInPoc = 10;

    /// <summary>Live is significantly higher than the POC: a one-sided two-proportion z test at 1%.</summary>
    public static bool Significant(long inLive, long liveRows, long inPoc, long pocRows)
    {
        if (liveRows == 0 || pocRows == 0) return false;
        double pl = (double)inLive / liveRows, pp = (double)inPoc / pocRows;
        if (pl <= pp) return false;
        double pooled = (double)(inLive + inPoc) / (liveRows + pocRows);
        double se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / liveRows + 1.0 / pocRows));
        return se == 0 || (pl - pp) / se >= 2.326;
    }

    /// <summary>The hits left on each side, the rows counted apart on each, and the forms found as in the POC.</summary>
    public sealed record Result(RuleOutcome? Live, RuleOutcome? Poc, long LiveAsInPoc, long PocAsInPoc, IReadOnlyList<FormCount> Forms);

    public static Result Split(RuleKind kind, RuleOutcome? live, RuleOutcome? poc)
    {
        if (live is null || poc is null || poc.RowsChecked == 0 || live.RowsChecked == 0) return new Result(live, poc, 0, 0, []);
        IReadOnlyList<string> FormsOf(CellHit hit) => hit.Forms ?? [kind.FormOf(hit)];
        var liveCounts = Count(live, FormsOf);
        var pocCounts = Count(poc, FormsOf);
        // A form is live's defect where live has it significantly more often than the POC (one-sided, 1%); it is as in
        // the POC where the POC has it often enough to tell (ten rows) at least half as often as live.
        long liveRows = live.RowsChecked, pocRows = poc.RowsChecked;
        bool Higher(long inLive, long inPoc) => Significant(inLive, liveRows, inPoc, pocRows);
        // The forms too rare in the POC to judge alone, live-only ones included, are judged as one: a POC of 2,000 rows
        // with one mojibake spelling cannot show that live's 26 are more, but live's 79 against the POC's 2 can.
        long fewInLive = liveCounts.Where(f => pocCounts.GetValueOrDefault(f.Key) < ClearInPoc).Sum(f => f.Value);
        long fewInPoc = pocCounts.Values.Where(c => c < ClearInPoc).Sum();
        bool fewHigher = Higher(fewInLive, fewInPoc);
        bool AsInPoc(string form)
        {
            long inLive = liveCounts.GetValueOrDefault(form), inPoc = pocCounts.GetValueOrDefault(form);
            if (inLive == 0 || inPoc == 0 || Higher(inLive, inPoc)) return false;
            // A rare form is live's defect when the rare forms together are significantly more frequent in live and
            // live has this one more often than the POC; one the two sides have at the same rate stays as in the POC.
            return inPoc >= ClearInPoc ? inLive * pocRows <= 2 * inPoc * liveRows : !fewHigher || inLive * pocRows <= inPoc * liveRows;
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
