using DataReadiness.Rules.Catalog;
using DataReadiness.Rules.Kinds;

namespace DataReadiness.Rules;

/// <summary>
/// The registry of rule kinds: one explicit list (no reflection), each kind with its family (the cause it counts
/// toward), its parameters and its factory. A convention test keeps it complete.
/// </summary>
public static class RuleKinds
{
    /// <summary>Column rules run per column; table rules once per side.</summary>
    public enum Scope { Column, Table }

    /// <summary>What the catalog and the engine need to know about a kind.</summary>
    public sealed record KindInfo(string Name, string Family, Scope Scope, string[] Parameters, string Description, Func<RuleDefinition, IRule>? Create);

    public const string DuplicateRow = "duplicate_row";

    public static readonly IReadOnlyDictionary<string, KindInfo> Known = new[]
    {
        new KindInfo("null_like", "nulls", Scope.Column, [], "empty, whitespace-only and null-like tokens", d => new NullLikeRule(d)),
        new KindInfo("placeholder", "nulls", Scope.Column, ["min_count"], "placeholder values (9999, XXX) the POC never had", d => new PlaceholderRule(d)),
        new KindInfo("unit_in_value", "units", Scope.Column, [], "units written into numbers (27.6 lbs) and decimal commas", d => new UnitInValueRule(d)),
        new KindInfo("unit_magnitude", "units", Scope.Column, ["tolerance", "min_group"], "magnitudes that imply another unit (x2.20462, x1000)", d => new UnitMagnitudeRule(d)),
        new KindInfo("uom_synonym", "units", Scope.Column, [], "unit-of-measure synonyms (PCS, each for EA)", d => new UomSynonymRule(d)),
        new KindInfo("mixed_uom", "units", Scope.Column, [], "one item recorded in several units of measure", d => new MixedUomRule(d)),
        new KindInfo("vendor_variant", "vendors", Scope.Column, ["threshold"], "other spellings of one vendor", d => new VendorVariantRule(d)),
        new KindInfo("vendor_unseen", "vendors", Scope.Column, ["threshold"], "vendors the POC never had", d => new VendorUnseenRule(d)),
        new KindInfo("shorthand", "shorthand", Scope.Column, [], "operator shorthand in free text", d => new ShorthandRule(d)),
        new KindInfo("whitespace", "hygiene", Scope.Column, [], "leading or trailing whitespace", d => new WhitespaceRule(d)),
        new KindInfo("case_variant", "hygiene", Scope.Column, [], "one category in several cases", d => new CaseVariantRule(d)),
        new KindInfo("encoding_damage", "hygiene", Scope.Column, [], "mojibake and replacement characters", d => new EncodingDamageRule(d)),
        new KindInfo("type_conformance", "hygiene", Scope.Column, [], "values that do not have the column's type", d => new TypeConformanceRule(d)),
        new KindInfo("pattern_drift", "hygiene", Scope.Column, ["max_share"], "codes in a shape the column does not usually have", d => new PatternDriftRule(d)),
        new KindInfo("date_format", "hygiene", Scope.Column, [], "dates in another layout than the column's usual one", d => new DateFormatRule(d)),
        new KindInfo(DuplicateRow, "hygiene", Scope.Table, [], "exact duplicate rows (re-sent records)", null),
    }.ToDictionary(k => k.Name, StringComparer.Ordinal);
}
