using DataReadiness.Findings;

namespace DataReadiness.Rules.Kinds;

/// <summary>One category written in several cases (HAM1, ham1, Ham1): the POC's spelling, else the most frequent, is canonical.</summary>
public sealed class CaseVariantKind : RowRuleKind<NoParameters>
{
    public override string Name => "case_variant";
    public override string Family => RuleFamilies.Hygiene;
    public override string Description => "one category in several cases";

    protected override NoParameters Read(ParameterReader reader) => NoParameters.Instance;

    public override Applicability AppliesTo(ColumnEvidence column)
    {
        if (column.Is(ColumnRole.Vendor)) return Applicability.No("vendor names: vendor_variant compares their spellings, case included");
        if (column.Is(ColumnRole.FreeText)) return Applicability.No("free text: shorthand judges its spelling");
        if (column.Share(f => f.WithLetters) == 0) return Applicability.No("no letters");
        if (column.Is(ColumnRole.Uom)) return Applicability.No("unit-of-measure codes: uom_synonym compares their spellings, case included");
        if (column.Is(ColumnRole.Category)) return Applicability.Yes("categories that repeat");
        return column.Reference.Repeats ? Applicability.Yes("text whose values repeat") : Applicability.No("text whose values seldom repeat");
    }

    protected override CellTest Prepare(ColumnContext column, NoParameters parameters)
    {
        var canonical = new Dictionary<string, string>(StringComparer.Ordinal);
        void Learn(IEnumerable<string?> values)
        {
            // Spellings counted per case-folded form in one pass; the most frequent (then the first in ordinal order) wins.
            var spellings = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
            foreach (var raw in values)
            {
                if (string.IsNullOrWhiteSpace(raw)) continue;
                var v = raw.Trim();
                var key = v.ToUpperInvariant();
                if (!spellings.TryGetValue(key, out var counts)) spellings[key] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
                counts[v] = counts.GetValueOrDefault(v) + 1;
            }
            foreach (var (key, counts) in spellings)
                canonical.TryAdd(key, counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First().Key);
        }
        if (column.Reference is not null) Learn(column.Reference);
        Learn(column.Values);
        return (string value, out string? suggestion) =>
        {
            var trimmed = value.Trim();
            suggestion = canonical.GetValueOrDefault(trimmed.ToUpperInvariant());
            return suggestion is not null && suggestion != trimmed;
        };
    }
}
