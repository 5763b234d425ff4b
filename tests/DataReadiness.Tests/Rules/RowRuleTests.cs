using DataReadiness.Findings;
using DataReadiness.Rules;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Tests.Rules;

public class RowRuleTests
{
    /// <summary>A hit when the value's digits add up to a multiple of 3; the suggestion names the value. Counts its calls.</summary>
    private sealed class DigitSumRule : RowRuleKind<NoParameters>
    {
        public int Tested;

        public override string Name => "digit_sum";
        public override string Family => RuleFamilies.Hygiene;
        public override string Description => "values whose digits add up to a multiple of 3";

        protected override NoParameters Read(ParameterReader reader) => NoParameters.Instance;

        public RuleOutcome Evaluate(ColumnContext column) => Evaluate(column, NoParameters.Instance);

        protected override CellTest Prepare(ColumnContext column, NoParameters parameters) => (string value, out string? suggestion) =>
        {
            Tested++;
            suggestion = "fix " + value;
            return value.Where(char.IsAsciiDigit).Sum(c => c - '0') % 3 == 0;
        };
    }

    private static ColumnContext Column(IReadOnlyList<string?> values) => new()
    {
        Side = "live", Column = "c", Role = ColumnRole.Category, Values = values, OtherColumn = _ => null,
        Profile = null!, Dictionaries = new RuleDictionaries(),
    };

    private static List<(int, string, string?)> Expected(IReadOnlyList<string?> values) =>
        values.Select((v, i) => (i, v)).Where(p => !string.IsNullOrWhiteSpace(p.v) && p.v!.Where(char.IsAsciiDigit).Sum(c => c - '0') % 3 == 0)
            .Select(p => (p.i, p.v!, (string?)("fix " + p.v))).ToList();

    [Fact]
    public void A_column_of_repeated_values_tests_each_distinct_value_once_and_still_reports_every_row()
    {
        var values = Enumerable.Range(0, 20_000).Select(i => i % 7 == 0 ? null : i % 11 == 0 ? " " : $"code {i % 40}").ToList();
        var rule = new DigitSumRule();
        var outcome = rule.Evaluate(Column(values));
        Assert.Equal(40, rule.Tested);
        Assert.Equal(values.Count(v => !string.IsNullOrWhiteSpace(v)), outcome.RowsChecked);
        Assert.Equal(Expected(values), outcome.Hits.Select(h => (h.Index, h.Value, h.Suggestion)).ToList());
    }

    [Fact]
    public void A_column_of_mostly_distinct_values_is_tested_once_per_distinct_value_and_finds_the_same_hits()
    {
        var values = Enumerable.Range(0, 20_000).Select(i => i % 10 == 0 ? "repeat 12" : $"key {i}").ToList();
        var rule = new DigitSumRule();
        var outcome = rule.Evaluate(Column(values));
        Assert.Equal(values.Distinct().Count(), rule.Tested);
        Assert.Equal(Expected(values), outcome.Hits.Select(h => (h.Index, h.Value, h.Suggestion)).ToList());
    }
}
