using DataReadiness.Rules.Catalog;
using DataReadiness.Rules.Kinds;
using DataReadiness.Tests.Support;

namespace DataReadiness.Tests.Rules;

/// <summary>How company names cluster: legal forms anywhere, joined and hyphenated words, distinguishing short words, no chains.</summary>
public class VendorClustererTests
{
    private static readonly RuleDictionaries Dictionaries = CatalogLoader.Load([DefaultCatalog.Directory]).Dictionaries;

    private static IReadOnlyList<VendorCluster> Cluster(params (string Name, long Count)[] names) =>
        VendorClusterer.Cluster(names.ToDictionary(n => n.Name, n => n.Count), new Dictionary<string, long>(), Dictionaries, 88);

    private static bool Together(IReadOnlyList<VendorCluster> clusters, string a, string b) =>
        clusters.Any(c => c.Variants.Any(v => v.Value == a) && c.Variants.Any(v => v.Value == b));

    [Theory]
    [InlineData("N.V. PHILIPS' GLOEILAMPENFABRIEKEN", "PHILIPS' GLOEILAMPENFABRIEKEN N.V.")]
    [InlineData("Philips Lighting N. V.", "Philips Lighting NV")]
    [InlineData("Novak Strojirny s. r. o.", "Novak Strojirny sro")]
    [InlineData("GIST-BROCADES", "GISTBROCADES")]
    [InlineData("Fratelli Rossi S.p.A.", "Fratelli Rossi SpA")]
    [InlineData("General Wood Boys Club", "Boys Club General Wood")]
    [InlineData("Karen Cruz Childrens Center - Karen Cruz Childrens Center", "Karen Cruz Childrens Center")]
    public void Spellings_of_one_company_join(string a, string b) => Assert.True(Together(Cluster((a, 5), (b, 2)), a, b));

    [Theory]
    [InlineData("Little Tykes I", "Little Tykes II")]
    [InlineData("Washington G.", "Washington, H.")]
    [InlineData("Plant Services 2", "Plant Services 3")]
    [InlineData("Acme Steel (UK) Ltd", "Acme Steel (US) Ltd")]
    [InlineData("johnny rockets (la)", "johnny rockets (ny)")]
    public void Names_told_apart_by_a_short_word_stay_apart(string a, string b) => Assert.False(Together(Cluster((a, 5), (b, 2)), a, b));

    [Theory]
    [InlineData("Hufen Castings GmbH", "Hufenri Castings GmbH")]
    [InlineData("Molintor Valves AG", "Molinpator Valves AG")]
    public void A_word_two_edits_away_is_another_name_unless_it_is_long(string a, string b) => Assert.False(Together(Cluster((a, 5), (b, 2)), a, b));

    [Theory]
    [InlineData("Rotterdam Hydraulics B.V.", "Rotterdam Hydarulics B.V.")]
    [InlineData("Keystone Electrical Supply", "Keystone Electirkal Supply")]
    [InlineData("Kalover Steel Works", "Klaover Steel Works")]
    [InlineData("Fratelli Rossi S.p.A.", "S.p.A. Fratelli Rosi")]
    public void Typos_within_what_a_word_length_allows_join(string a, string b) => Assert.True(Together(Cluster((a, 5), (b, 2)), a, b));

    [Theory]
    [InlineData("abcd", "abdc", 1)]
    [InlineData("hufen", "hufenri", 2)]
    [InlineData("electrical", "electirkal", 2)]
    [InlineData("kitten", "sitting", 3)]
    public void Edit_distance_counts_a_swap_of_neighbours_as_one(string a, string b, int distance) =>
        Assert.Equal(distance, VendorClusterer.EditDistance(a, b, 5));

    [Fact]
    public void Among_equally_used_spellings_the_canonical_one_is_written_as_names_usually_are()
    {
        var clusters = Cluster(("Inc. Marritor Drives", 1), ("MARRITOR DRIVES INC", 1), ("Marritor  Drives Inc.", 1), ("Marritor Drives Inc.", 1));
        Assert.Equal("Marritor Drives Inc.", Assert.Single(clusters).Canonical);
        // Use still comes first: the most used spelling is the canonical one, however it is written.
        Assert.Equal("MARRITOR DRIVES INC", Assert.Single(Cluster(("Marritor Drives Inc.", 1), ("MARRITOR DRIVES INC", 5))).Canonical);
    }

    [Fact]
    public void A_name_joins_by_its_likeness_to_the_canonical_spelling_not_through_a_chain()
    {
        // Each is one edit from the next, and the last two edits from the first: the chain is broken at the canonical.
        var clusters = Cluster(("Hansen Tools", 50), ("Hansen Toolz", 5), ("Hanson Toolz", 4));
        Assert.True(Together(clusters, "Hansen Tools", "Hansen Toolz"));
        Assert.False(Together(clusters, "Hansen Tools", "Hanson Toolz"));
    }

    [Fact]
    public void Another_column_that_follows_the_vendor_keeps_alike_names_apart()
    {
        // Thirty breweries with their state; two alike names in different states, two spellings of one in the same state.
        var vendors = new List<string?>();
        var states = new List<string?>();
        for (int i = 0; i < 30; i++)
            for (int r = 0; r < 2; r++)
            {
                vendors.Add($"Brewery Number{i:D2} Company");
                states.Add(i % 2 == 0 ? "CO" : "PA");
            }
        vendors.AddRange(["Avery Brewing Company", "Avery Brewing Company", "Lavery Brewing Company", "Good Life Brewing Company", "Goodlife Brewing Co."]);
        states.AddRange(["CO", "CO", "PA", "OR", "OR"]);
        var contexts = VendorContexts.Find("brewery", ["brewery", "state"], [(vendors, name => name == "state" ? states : null)]);
        Assert.Equal(["state"], contexts.Columns);
        var counts = vendors.GroupBy(v => v!).ToDictionary(g => g.Key, g => (long)g.Count());
        var clusters = VendorClusterer.Cluster(counts, new Dictionary<string, long>(), Dictionaries, 88, contexts);
        Assert.False(Together(clusters, "Avery Brewing Company", "Lavery Brewing Company"));
        Assert.True(Together(clusters, "Good Life Brewing Company", "Goodlife Brewing Co."));
        // Without the state, the names alone join Avery and Lavery.
        Assert.True(Together(VendorClusterer.Cluster(counts, new Dictionary<string, long>(), Dictionaries, 88), "Avery Brewing Company", "Lavery Brewing Company"));
    }

    [Fact]
    public void A_tax_id_one_per_vendor_written_two_ways_keeps_alike_names_apart()
    {
        // Forty vendors, each on two rows with its tax id written with and without spaces; one value per vendor, as
        // many values as vendors: a city-sized cap on the values would leave it out.
        var vendors = new List<string?>();
        var taxIds = new List<string?>();
        for (int i = 0; i < 40; i++)
        {
            vendors.AddRange([$"Supplier{(char)('a' + i % 26)}{i:D2} Werke GmbH", $"Supplier{(char)('a' + i % 26)}{i:D2} Werke GmbH"]);
            taxIds.AddRange([$"DE{100000000 + i * 7919}", $"DE {100000000 + i * 7919}".Insert(6, " ")]);
        }
        vendors.AddRange(["Kalover Stahl GmbH", "Kalover Stahl GmbH", "Kalower Stahl GmbH"]);
        taxIds.AddRange(["DE 811 222 333", "DE811222333", "DE 999 000 111"]);
        var contexts = VendorContexts.Find("vendor", ["vendor", "tax_id"], [(vendors, name => name == "tax_id" ? taxIds : null)]);
        Assert.Equal(["tax_id"], contexts.Columns);
        var counts = vendors.GroupBy(v => v!).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.False(Together(VendorClusterer.Cluster(counts, new Dictionary<string, long>(), Dictionaries, 88, contexts), "Kalover Stahl GmbH", "Kalower Stahl GmbH"));
        Assert.True(Together(VendorClusterer.Cluster(counts, new Dictionary<string, long>(), Dictionaries, 88), "Kalover Stahl GmbH", "Kalower Stahl GmbH"));
    }

    [Fact]
    public void Both_vendor_kinds_read_one_clustering_and_the_clusters_section_lists_at_most_100_unseen_single_names()
    {
        // 300 vendors the POC never had, one spelling each, and one POC vendor with a second spelling in live.
        var live = Enumerable.Range(0, 300).Select(i => (string?)$"Vendor{i:D3}x Fabrik GmbH").Append("Acme Steel Inc.").Append("ACME STEEL INC").ToList();
        var poc = new List<string?> { "Acme Steel Inc.", "Acme Steel Inc." };
        var column = new DataReadiness.Rules.ColumnContext
        {
            Side = "live", Column = "vendor_name", Role = DataReadiness.Findings.ColumnRole.Vendor, Values = live, Reference = poc,
            OtherColumn = _ => null, Profile = null!, Dictionaries = Dictionaries, ColumnNames = ["vendor_name"],
        };
        Assert.Same(VendorClusterer.Of(column, 88), VendorClusterer.Of(column, 88));
        var outcome = new VendorVariantKind().Evaluate(column, VendorParameters.Default);
        var reported = Assert.IsAssignableFrom<IReadOnlyList<VendorCluster>>(outcome.Details);
        Assert.Equal(VendorVariantKind.UnseenSingletonsReported, reported.Count(c => !c.InPoc && c.Variants.Count == 1));
        Assert.Contains(reported, c => c.Canonical == "Acme Steel Inc." && c.Variants.Count == 2);
        Assert.Equal(300, new VendorUnseenKind().Evaluate(column, VendorParameters.Default).Hits.Count);
    }
}
