using System.Globalization;
using DataReadiness.Demo;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Runs;
using DataReadiness.Tests.Support;
using DataReadiness.Text;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace DataReadiness.Tests.Rules;

/// <summary>
/// One demo world, generated and run once for all its precision and recall tests, with the job file the generator
/// writes: a plain one, no <c>columns:</c> section, as a new user runs it.
/// </summary>
public abstract class DemoRunFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    protected DemoRunFixture(DemoWorld world)
    {
        World = world;
        var demo = DemoGenerator.Generate(world, Path.Combine(_dir.Path, "demo"));
        // Sample every row, so that precision and recall measure the rules, not the sampling.
        var job = JobFileParser.Load(demo.JobPath) with { Sample = new SampleSpec(100_000, 42) };
        Assert.Empty(job.Columns);
        Run = JobRunner.Run(job, new RunContext(new FakeTimeProvider(DateTimeOffset.UnixEpoch), new SilentLog(), Path.Combine(_dir.Path, "reports"), []));
        Truth = TestCsv.Read(Path.Combine(demo.TruthDirectory, "defects.csv"))
            .Where(t => t[0] == "live")
            .Select(t => new TruthCell(long.Parse(t[1], CultureInfo.InvariantCulture), t[2], t[3], t[4]))
            .ToList();
    }

    public DemoWorld World { get; }
    public RunResult Run { get; }
    public IReadOnlyList<TruthCell> Truth { get; }

    public sealed record TruthCell(long Row, string Column, string Kind, string Value);

    public void Dispose()
    {
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The default world: every defect kind at its usual rate.</summary>
public sealed class DefaultWorld() : DemoRunFixture(new DemoWorld { LiveRows = 8000, Seed = 21 });

/// <summary>Notes whose shorthand is one fixed form per standard text: few distinct values, a category that is also free text.</summary>
public sealed class StandardTextsWorld() : DemoRunFixture(new DemoWorld { LiveRows = 8000, Seed = 22, StandardShorthand = true });

/// <summary>
/// Precision and recall of each rule kind against the demo generator's ground truth (truth/defects.csv), on the
/// columns the generator injects that defect into, in a world of the generator run with its plain job file. The
/// README quotes these figures.
/// </summary>
public abstract class RuleAccuracy<TWorld>(TWorld fixture, ITestOutputHelper output) where TWorld : DemoRunFixture
{
    private const double Required = 0.9;

    private (double Precision, double Recall, int Flagged, int Expected) Measure(
        IEnumerable<string> ruleKinds, IEnumerable<string> truthKinds, IEnumerable<string> columns, Func<DemoRunFixture.TruthCell, bool>? truthFilter = null)
    {
        var columnSet = columns.ToHashSet();
        var flagged = fixture.Run.Rules.Exceptions
            .Where(e => e.Source == "inputs/live.csv" && ruleKinds.Contains(e.Kind) && columnSet.Contains(e.Column))
            .Select(e => (e.Row, e.Column)).ToHashSet();
        var expected = fixture.Truth
            .Where(t => truthKinds.Contains(t.Kind) && columnSet.Contains(t.Column) && (truthFilter?.Invoke(t) ?? true))
            .Select(t => (t.Row, t.Column)).ToHashSet();
        int both = flagged.Intersect(expected).Count();
        double precision = flagged.Count == 0 ? 0 : (double)both / flagged.Count;
        double recall = expected.Count == 0 ? 0 : (double)both / expected.Count;
        output.WriteLine($"{string.Join("+", ruleKinds)}: precision {precision:P1}, recall {recall:P1} ({flagged.Count} flagged, {expected.Count} injected)");
        return (precision, recall, flagged.Count, expected.Count);
    }

    private static void Holds((double Precision, double Recall, int Flagged, int Expected) m)
    {
        Assert.True(m.Expected > 20, $"too few injected defects to measure: {m.Expected}");
        Assert.True(m.Precision >= Required, $"precision {m.Precision:P1} < 90% ({m.Flagged} flagged, {m.Expected} injected)");
        Assert.True(m.Recall >= Required, $"recall {m.Recall:P1} < 90% ({m.Flagged} flagged, {m.Expected} injected)");
    }

    [Fact]
    public void Null_like_tokens() => Holds(Measure(["null_like"], [DefectKinds.NullToken],
        ["vendor_name", "gross_weight_kg", "uom", "unit_price", "req_delivery_date", "dock_slot", "notes"]));

    [Fact]
    public void Words_for_no_value_in_a_time_column() => Holds(Measure(["null_like"], [DefectKinds.NullToken], ["dock_slot"]));

    [Fact]
    public void Placeholders() => Holds(Measure(["placeholder"], [DefectKinds.Placeholder], ["item_code"]));

    [Fact]
    public void Units_written_in_values() => Holds(Measure(["unit_in_value"], [DefectKinds.UnitSuffix, DefectKinds.DecimalComma], ["gross_weight_kg"]));

    [Fact]
    public void Magnitudes_that_imply_another_unit() => Holds(Measure(["unit_magnitude"], [DefectKinds.UnitPounds, DefectKinds.UnitGrams], ["gross_weight_kg"]));

    [Fact]
    public void Uom_synonyms() => Holds(Measure(["uom_synonym"], [DefectKinds.UomSynonym], ["uom"]));

    [Fact]
    public void Items_recorded_in_several_units_of_measure() => Holds(Measure(["mixed_uom"], [DefectKinds.MixedUom], ["uom"]));

    [Fact]
    public void Vendor_spelling_variants() => Holds(Measure(["vendor_variant"], [DefectKinds.VendorVariant], ["vendor_name"]));

    [Fact]
    public void Vendors_unseen_in_the_poc() => Holds(Measure(["vendor_unseen"], [DefectKinds.UnseenVendor], ["vendor_name"]));

    [Fact]
    public void Operator_shorthand() => Holds(Measure(["shorthand"], [DefectKinds.Shorthand], ["notes"]));

    [Fact]
    public void Code_pattern_drift() => Holds(Measure(["pattern_drift"], [DefectKinds.Placeholder], ["item_code"]));

    [Fact]
    public void Date_layouts() => Holds(Measure(["date_format"], [DefectKinds.DateFormat], ["order_date"]));

    [Fact]
    public void Category_case_and_whitespace_variants() => Holds(Measure(["case_variant", "whitespace"], [DefectKinds.CategoryVariant], ["plant"]));

    [Fact]
    public void Encoding_damage() => Holds(Measure(["encoding_damage"], [DefectKinds.VendorVariant], ["vendor_name"],
        t => Mojibake.Repair(t.Value) != t.Value));

    [Fact]
    public void Type_conformance() => Holds(Measure(["type_conformance"], [DefectKinds.UnitSuffix, DefectKinds.DecimalComma], ["gross_weight_kg"]));

    [Fact]
    public void Duplicate_rows() => Holds(Measure(["duplicate_row"], [DefectKinds.DuplicateRow], ["*"]));

    [Fact]
    public void The_measure_is_compared_per_quantity_within_each_item_found_from_the_poc()
    {
        var units = fixture.Run.Findings.Units.Single(u => u.Column == "gross_weight_kg");
        Assert.Equal("qty", units.Per);
        Assert.Contains(units.GroupBy, new[] { "item_code", "item_desc" });
        Assert.StartsWith("found: ", units.GroupingFoundBy);
    }

    [Fact]
    public void Every_column_says_which_rules_ran_on_it_and_why_the_others_did_not()
    {
        var columns = fixture.Run.Findings.Rules.Columns;
        Assert.Equal(fixture.Run.Findings.Sources.Live.Columns.Select(c => c.Name), columns.Select(c => c.Column));
        var rulesPerColumn = fixture.Run.Findings.Rules.Rules - 1; // duplicate rows is a table rule
        Assert.All(columns, c => Assert.Equal(rulesPerColumn, c.Checks.Count));
        Assert.All(columns, c => Assert.All(c.Checks, k => Assert.False(string.IsNullOrWhiteSpace(k.Reason))));
        var notes = columns.Single(c => c.Column == "notes");
        Assert.True(notes.Checks.Single(k => k.Kind == "shorthand").Ran);
        Assert.Contains(ColumnRole.FreeText, notes.Roles);
        var weight = columns.Single(c => c.Column == "gross_weight_kg");
        Assert.False(weight.Checks.Single(k => k.Kind == "vendor_variant").Ran);
        Assert.StartsWith("not vendor names", weight.Checks.Single(k => k.Kind == "vendor_variant").Reason);
        Assert.True(columns.Single(c => c.Column == "vendor_name").Checks.Single(k => k.Kind == "vendor_variant").Ran);
        Assert.True(columns.Single(c => c.Column == "dock_slot").Checks.Single(k => k.Kind == "null_like").Ran);
    }
}

public sealed class RuleAccuracyTests(DefaultWorld fixture, ITestOutputHelper output)
    : RuleAccuracy<DefaultWorld>(fixture, output), IClassFixture<DefaultWorld>;

/// <summary>The same precision and recall in a world of standard texts in shorthand: 24 distinct notes, not a "category" the rule skips.</summary>
public sealed class StandardTextsRuleAccuracyTests(StandardTextsWorld world, ITestOutputHelper output)
    : RuleAccuracy<StandardTextsWorld>(world, output), IClassFixture<StandardTextsWorld>
{
    private readonly StandardTextsWorld _world = world;

    [Fact]
    public void The_notes_are_few_standard_texts_and_still_checked_for_shorthand()
    {
        var notes = _world.Run.Findings.Sources.Live.Columns.Single(c => c.Name == "notes");
        Assert.InRange(notes.Distinct.Estimate, 2, 50);
        var checks = _world.Run.Findings.Rules.Columns.Single(c => c.Column == "notes");
        Assert.Contains(ColumnRole.Category, checks.Roles);
        Assert.Contains(ColumnRole.FreeText, checks.Roles);
    }
}
