using DataReadiness.Rules;
using DataReadiness.Rules.Kinds;

namespace DataReadiness.Tests.Rules;

/// <summary>Hits the POC shows as often are counted apart; hits that are new or more frequent in live stay defects.</summary>
public class PocFormsTests
{
    private static readonly RuleKind NullLike = new NullLikeKind();

    private static RuleOutcome Outcome(int rows, params (string Value, int Count)[] hits)
    {
        var list = new List<CellHit>();
        int index = 0;
        foreach (var (value, count) in hits)
            for (int i = 0; i < count; i++) list.Add(new CellHit(index++, value, ""));
        return new RuleOutcome(rows, list);
    }

    [Fact]
    public void A_token_the_poc_has_at_the_same_rate_is_counted_apart_on_both_sides()
    {
        // hospital: "empty" in every row of Address2 on both sides.
        var split = PocForms.Split(NullLike, Outcome(1000, ("empty", 1000)), Outcome(1000, ("empty", 1000)));
        Assert.Empty(split.Live!.Hits);
        Assert.Empty(split.Poc!.Hits);
        Assert.Equal((1000L, 1000L), (split.LiveAsInPoc, split.PocAsInPoc));
        var form = Assert.Single(split.Forms);
        Assert.Equal(("empty", 1000L, 1000L), (form.Form, form.Live, form.Poc));
    }

    [Fact]
    public void A_token_much_more_frequent_in_live_stays_a_defect_on_both_sides()
    {
        var split = PocForms.Split(NullLike, Outcome(1000, ("N/A", 60)), Outcome(1000, ("N/A", 10)));
        Assert.Equal(60, split.Live!.Hits.Count);
        Assert.Equal(10, split.Poc!.Hits.Count);
        Assert.Empty(split.Forms);
    }

    [Fact]
    public void Forms_are_compared_case_and_blanks_aside_and_a_blank_is_its_own_form()
    {
        // Blanks as in the POC, "N/A" new in live (the POC writes none): beers' ibu.
        var split = PocForms.Split(NullLike, Outcome(100, ("", 40), ("N/A", 5)), Outcome(100, ("  ", 40)));
        Assert.Equal(["N/A"], split.Live!.Hits.Select(h => h.Value).Distinct());
        Assert.Equal(40, split.LiveAsInPoc);
        Assert.Equal("(blank)", Assert.Single(split.Forms).Form);
    }

    [Fact]
    public void A_form_only_the_poc_has_stays_a_poc_defect()
    {
        var split = PocForms.Split(NullLike, Outcome(100, ("N/A", 5)), Outcome(100, ("TBD", 4)));
        Assert.Equal(5, split.Live!.Hits.Count);
        Assert.Equal(4, split.Poc!.Hits.Count);
    }

    [Fact]
    public void A_form_the_poc_has_only_once_or_twice_follows_the_finding_as_a_whole()
    {
        // The finding is six times as frequent in live: a token the POC happens to have twice is still live's defect.
        var higher = PocForms.Split(NullLike, Outcome(1000, ("?", 12), ("NULL", 48)), Outcome(1000, ("?", 2), ("TBD", 8)));
        Assert.Equal(60, higher.Live!.Hits.Count);
        // Live-only forms count with the rare ones: alone, 26 in 8,000 against 1 in 2,000 is not significant.
        var mojibake = PocForms.Split(NullLike, Outcome(8000, ("MÃ¼ller", 26), ("ZÃ¼rcher", 6), ("SchÃ¤fer", 47)),
            Outcome(2000, ("MÃ¼ller", 1), ("ZÃ¼rcher", 1)));
        Assert.Equal(79, mojibake.Live!.Hits.Count);
        // Among them, a rare form live has no more often than the POC stays as in the POC (a street "7th" in both).
        var shared = PocForms.Split(NullLike, Outcome(1000, ("7th", 1), ("xth", 40)), Outcome(1000, ("7th", 1)));
        Assert.Equal(40, shared.Live!.Hits.Count);
        // The finding is as frequent on both sides: the same rare token is as in the POC.
        var same = PocForms.Split(NullLike, Outcome(1000, ("?", 2), ("NULL", 8)), Outcome(1000, ("?", 2), ("NULL", 9)));
        Assert.Empty(same.Live!.Hits);
    }

    [Fact]
    public void Without_a_poc_every_hit_stays()
    {
        var split = PocForms.Split(NullLike, Outcome(10, ("N/A", 3)), null);
        Assert.Equal(3, split.Live!.Hits.Count);
        Assert.Null(split.Poc);
    }
}
