using DataReadiness.Rules.Catalog;
using DataReadiness.Rules.Kinds;

namespace DataReadiness.Tests.Rules;

/// <summary>How a column's shorthand domain is chosen from the default catalog's glossaries.</summary>
public class ShorthandGlossaryTests
{
    private static readonly Lazy<RuleDictionaries> Dictionaries = new(() => CatalogLoader.Load([DefaultCatalog.Directory]).Dictionaries);

    [Fact]
    public void A_column_is_read_in_the_domain_whose_own_words_it_uses_most()
    {
        var notes = Enumerable.Repeat("brg lk, c/o pmp", 30).Concat(Enumerable.Repeat("bol attached", 5)).ToList<string?>();
        var glossary = ShorthandGlossary.For(Dictionaries.Value, notes, titled: false);
        Assert.Equal("maintenance", glossary.Domain?.Name);
        Assert.True(glossary.TryGetValue("c/o", out var expansion));
        Assert.Equal("change out", expansion);
    }

    [Fact]
    public void A_word_or_two_in_a_thousand_rows_chooses_no_domain()
    {
        var titles = Enumerable.Range(0, 1000).Select(i => i % 400 == 0 ? "brg failure study" : $"a study of patients, cohort {i}").ToList<string?>();
        Assert.Null(ShorthandGlossary.For(Dictionaries.Value, titles, titled: false).Domain);
    }

    [Fact]
    public void In_a_column_of_names_the_names_words_say_nothing_of_the_domain()
    {
        var journals = Enumerable.Repeat("Int J Eng Res", 50).ToList<string?>();
        Assert.NotNull(ShorthandGlossary.For(Dictionaries.Value, journals.Select(j => j?.ToLowerInvariant()).ToList(), titled: false).Domain);
        Assert.Null(ShorthandGlossary.For(Dictionaries.Value, journals, titled: true).Domain);
    }

    [Fact]
    public void The_domain_is_chosen_from_live_and_poc_together_and_the_poc_side_reads_in_it()
    {
        // A POC with little shorthand and a live side full of it: alone, the POC has no domain.
        var poc = Enumerable.Range(0, 200).Select(i => i % 50 == 0 ? "c/o hyd pmp" : $"ordered part {i} from the usual supplier").ToList<string?>();
        var live = Enumerable.Repeat("brg lk, c/o pmp", 100).Concat(poc.Take(100)).ToList<string?>();
        Assert.Null(ShorthandGlossary.For(Dictionaries.Value, poc, titled: false).Domain);
        Assert.Equal("maintenance", ShorthandGlossary.For(Dictionaries.Value, live, poc, titled: false).Domain?.Name);
        Assert.Equal("maintenance", ShorthandGlossary.For(Dictionaries.Value, poc, poc, titled: false).Domain?.Name);
    }
}
