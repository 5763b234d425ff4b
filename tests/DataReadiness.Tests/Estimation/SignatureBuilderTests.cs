using DataReadiness.Estimation;
using DataReadiness.Findings;
using DataReadiness.Rules;
using DataReadiness.Rules.Catalog;
using DataReadiness.Sampling;
using DataReadiness.Sources;

namespace DataReadiness.Tests.Estimation;

public class SignatureBuilderTests
{
    private static readonly RuleCatalog Catalog = CatalogLoader.Load([DefaultCatalog.Directory]);

    private static ExceptionRow Hit(string file, long row, string column, string kind) =>
        new(file, row, column, Catalog.Rules.Single(r => r.Kind.Name == kind).Id, kind, "v", null);

    private static SampledRow Row(string file, long row, string outcome = "1") => new(file, row, 0, ["x", outcome]);

    [Fact]
    public void A_rows_signature_is_the_kinds_on_its_cells_with_secondary_kinds_only_where_nothing_else_hit_the_cell()
    {
        var hits = new List<ExceptionRow>
        {
            // "12 kg": a unit in the value and therefore not the column's type; the type hit restates the unit hit.
            Hit("live.csv", 2, "weight", "unit_in_value"), Hit("live.csv", 2, "weight", "type_conformance"),
            // Only a type hit on another cell of the same row: it counts.
            Hit("live.csv", 2, "price", "type_conformance"),
            Hit("live.csv", 3, "notes", "shorthand"), Hit("live.csv", 3, "notes", "shorthand"),
            Hit("live.csv", 4, "code", "pattern_drift"), Hit("live.csv", 4, "code", "encoding_damage"),
            Hit("live.csv", 5, "*", "duplicate_row"),
            Hit("live.csv", 6, "model_correct", "null_like"),
            Hit("live.csv", 7, "vendor", "vendor_variant"), Hit("live.csv", 7, "notes", "shorthand"),
            Hit("live.csv", 8, "weight", "type_conformance"), Hit("live.csv", 8, "weight", "unit_in_value"),
            Hit("poc.parquet", 3, "notes", "shorthand"),
        };
        var rules = new RuleResults([], [], [], [], hits, new CatalogReport("", [], 0, new Dictionary<string, ColumnRole>(), []));
        var live = SampleFrame.FromRows(["x", "model_correct"], [Row("live.csv", 1), Row("live.csv", 2), Row("live.csv", 3), Row("live.csv", 4),
            Row("live.csv", 5), Row("live.csv", 6), Row("live.csv", 7), Row("other.csv", 3), Row("live.csv", 8)]);
        var poc = SampleFrame.FromRows(["x", "model_correct"], [Row("poc.parquet", 3, "0"), Row("poc.parquet", 4, "?"), Row("poc.parquet", 5, "true")]);

        var input = SignatureBuilder.Build(Catalog, rules, live, poc, "model_correct", null, 42);

        string[] Kinds(IReadOnlySet<string> s) => s.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            // The frame keeps rows in source order: other.csv after live.csv.
            [[], ["type_conformance", "unit_in_value"], ["shorthand"], ["encoding_damage", "pattern_drift"], [], [], ["shorthand", "vendor_variant"], ["unit_in_value"], []],
            input.LiveSignatures.Select(Kinds).ToArray());
        // The row without a readable outcome is left out of the POC side.
        Assert.Equal([["shorthand"], []], input.PocSignatures.Select(Kinds).ToArray());
        Assert.Equal([false, true], input.PocOutcomes);
    }
}
