using System.Text;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Rules;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Tests.Rules;

/// <summary>What a column's values say it is, on both sides; names are hints and the job file an override.</summary>
public class ColumnEvidenceTests
{
    private static readonly Lazy<RuleDictionaries> Dictionaries = new(() => CatalogLoader.Load([DefaultCatalog.Directory]).Dictionaries);

    private static ColumnProfile Profile(string name, IEnumerable<string?> values)
    {
        var state = new ColumnProfileState(name);
        foreach (var v in values) if (v is null) state.AddNull(); else state.Add(Encoding.UTF8.GetBytes(v));
        return ColumnProfileBuilder.Build(state);
    }

    private static ColumnEvidence Evidence(string name, string?[] live, string?[]? poc = null, ColumnSpec? spec = null) =>
        new(name, spec, Profile(name, live), poc is null ? null : Profile(name, poc), ValueFacts.Of(live, Dictionaries.Value),
            poc is null ? null : ValueFacts.Of(poc, Dictionaries.Value), RoleInference.NameHints(name, Dictionaries.Value));

    private static string?[] Repeat(int times, params string?[] values) => Enumerable.Range(0, times).SelectMany(_ => values).ToArray();

    [Fact]
    public void Numbers_written_with_units_make_a_measure_whatever_the_name()
    {
        var e = Evidence("ounces", Repeat(10, "12.0 oz", "16.0 oz.", "12.0 ounce"), Repeat(10, "12", "16", "12"));
        Assert.Equal(ColumnRole.Measure, e.PrimaryRole);
        Assert.Equal(ColumnType.Integer, e.ReferenceType);
    }

    [Fact]
    public void A_few_standard_texts_are_a_category_and_free_text_at_once()
    {
        var e = Evidence("comment_code", Repeat(30, "chk brg temp hi, repl w/ new", "please confirm delivery date", "received damaged, return to supplier"));
        Assert.Contains(ColumnRole.FreeText, e.Roles.Select(r => r.Role));
        Assert.Contains(ColumnRole.Category, e.Roles.Select(r => r.Role));
        Assert.Contains("3 or more words", e.Roles.Single(r => r.Role == ColumnRole.FreeText).Reason);
    }

    [Fact]
    public void Names_with_legal_forms_are_vendors_and_the_name_only_hints()
    {
        var vendors = Evidence("partner", Repeat(5, "Müller Hydraulik GmbH", "Acme Steel Inc.", "Nordic Bearings AB", "Baltic Seal Technology Ltd"));
        Assert.Equal(ColumnRole.Vendor, vendors.PrimaryRole);
        // A vendor-sounding name over numbers is no vendor column.
        var numbers = Evidence("vendor_number", Repeat(20, "100234", "100235", "100236"));
        Assert.DoesNotContain(ColumnRole.Vendor, numbers.Roles.Select(r => r.Role));
    }

    [Fact]
    public void Unit_of_measure_codes_dates_and_identifiers_are_recognised_by_their_values()
    {
        Assert.Equal(ColumnRole.Uom, Evidence("u", Repeat(10, "EA", "PCS", "KG", "each")).PrimaryRole);
        Assert.Equal(ColumnRole.Date, Evidence("when", Repeat(10, "2026-01-05", "2026-02-11", "05.03.2026")).PrimaryRole);
        Assert.Equal(ColumnRole.Key, Evidence("x", Enumerable.Range(1000, 50).Select(i => (string?)("MAT-" + i)).ToArray()).PrimaryRole);
    }

    [Fact]
    public void The_job_files_role_overrides_the_evidence()
    {
        var e = Evidence("notes", Repeat(10, "12", "13"), spec: new ColumnSpec(ColumnRole.FreeText, null, null, null));
        Assert.Equal(ColumnRole.FreeText, Assert.Single(e.Roles).Role);
        Assert.Equal("declared in the job file", e.Roles[0].Reason);
        Assert.True(Applicability.ForRole(e, ColumnRole.FreeText, "-").Applies);
        Assert.False(Applicability.ForRole(e, ColumnRole.Measure, "-").Applies);
    }
}
