using DataReadiness.Rules.Kinds;

namespace DataReadiness.Rules;

/// <summary>
/// The registry of rule kinds: one explicit list (no reflection), one line per kind. Everything else about a kind
/// lives in its own class. A convention test keeps the registry, the default catalog and the case files in step.
/// </summary>
public static class RuleKinds
{
    public static readonly IReadOnlyList<RuleKind> All =
    [
        new NullLikeKind(),
        new PlaceholderKind(),
        new UnitInValueKind(),
        new UnitMagnitudeKind(),
        new UomSynonymKind(),
        new MixedUomKind(),
        new VendorVariantKind(),
        new VendorUnseenKind(),
        new ShorthandKind(),
        new WhitespaceKind(),
        new CaseVariantKind(),
        new EncodingDamageKind(),
        new TypeConformanceKind(),
        new PatternDriftKind(),
        new DateFormatKind(),
        new MultiValueKind(),
        new DuplicateRowKind(),
    ];

    public static readonly IReadOnlyDictionary<string, RuleKind> Known = All.ToDictionary(k => k.Name, StringComparer.Ordinal);
}
