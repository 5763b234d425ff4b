using System.Globalization;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Rules;

/// <summary>One role a column's values (or its name, or the job file) give it, and why.</summary>
public sealed record RoleEvidence(ColumnRole Role, string Reason);

/// <summary>
/// What a column is, from its values on both sides: the roles its content supports (a column may be several things
/// at once: a category that is also free text), each with its reason, with the name's hints and the job file's
/// declaration. Rule kinds decide their applicability on this; names are hints, the job file an override.
/// </summary>
public sealed class ColumnEvidence
{
    /// <summary>Share of present values a content role needs (numbers, dates, codes).</summary>
    public const double Mostly = 0.8;

    public ColumnEvidence(string column, ColumnSpec? declared, ColumnProfile live, ColumnProfile? poc, ValueFacts liveFacts, ValueFacts? pocFacts,
        IReadOnlySet<ColumnRole> nameHints)
    {
        Column = column;
        Declared = declared?.Role;
        Spec = declared;
        Live = live;
        Poc = poc;
        LiveFacts = liveFacts;
        PocFacts = pocFacts;
        NameHints = nameHints;
        Roles = Declared is { } role ? [new RoleEvidence(role, "declared in the job file")] : Infer();
    }

    public string Column { get; }
    /// <summary>The role the job file gives the column, if any: it overrides the evidence.</summary>
    public ColumnRole? Declared { get; }
    public ColumnSpec? Spec { get; }
    public ColumnProfile Live { get; }
    public ColumnProfile? Poc { get; }
    public ValueFacts LiveFacts { get; }
    public ValueFacts? PocFacts { get; }
    /// <summary>Roles the column's name suggests (vendor, uom, free_text, key, measure): hints, never gates.</summary>
    public IReadOnlySet<ColumnRole> NameHints { get; }
    /// <summary>The roles the evidence supports, most specific first, each with its reason.</summary>
    public IReadOnlyList<RoleEvidence> Roles { get; }

    /// <summary>The most specific role: what a finding on this column is reported under.</summary>
    public ColumnRole PrimaryRole => Roles.Count == 0 ? ColumnRole.Text : Roles[0].Role;

    public bool Is(ColumnRole role) => Roles.Any(r => r.Role == role);

    /// <summary>The highest share of the two sides' present values that <paramref name="count"/> picks out.</summary>
    public double Share(Func<ValueFacts, long> count) =>
        Math.Max(LiveFacts.Share(count(LiveFacts)), PocFacts is null ? 0 : PocFacts.Share(count(PocFacts)));

    /// <summary>The side whose values say most about the column's usual content: the POC's when it has values.</summary>
    public ValueFacts Reference => PocFacts is { Present: > 0 } poc ? poc : LiveFacts;

    /// <summary>The type the model was shown: the POC's inferred type when it has values, else live's.</summary>
    public ColumnType ReferenceType => Poc is { Present: > 0 } poc ? poc.InferredType : Live.InferredType;

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private List<RoleEvidence> Infer()
    {
        var roles = new List<RoleEvidence>();
        var reference = Reference;
        if (LiveFacts.Present == 0 && (PocFacts?.Present ?? 0) == 0) return [new RoleEvidence(ColumnRole.Text, "no values in the sample")];
        double numbers = Share(f => f.Numbers), withUnit = Share(f => f.NumbersWithUnit), dates = Share(f => f.Dates);
        double uom = Share(f => f.UomCodes), multiWord = Share(f => f.MultiWord), letters = Share(f => f.WithLetters);
        bool textual = numbers < Mostly && dates < Mostly && letters >= 0.5;
        bool integersOnly = reference.Present > 0 && reference.Integers == reference.Present;
        bool allDistinct = reference.Present >= 20 && reference.Distinct >= 0.95 * reference.Present;
        bool singleTokens = reference.Share(reference.SingleToken) >= 0.99;
        double meanWords = Math.Max(LiveFacts.MeanWords, PocFacts?.MeanWords ?? 0);

        // An identifier: every value distinct, or a name that says id or number over single tokens with digits
        // (a foreign key such as a provider number repeats, and is still no quantity).
        bool key = allDistinct && singleTokens && (integersOnly || reference.Share(reference.WithDigits) >= 0.5)
                   || NameHints.Contains(ColumnRole.Key) && singleTokens && reference.Share(reference.WithDigits) >= 0.9;
        if (textual && uom >= Mostly && reference.Distinct <= 100)
            roles.Add(new RoleEvidence(ColumnRole.Uom, $"{Percent(uom)} of values are unit-of-measure codes"));
        else if (textual && NameHints.Contains(ColumnRole.Uom) && reference.Distinct <= 100 && singleTokens)
            roles.Add(new RoleEvidence(ColumnRole.Uom, "the name says unit of measure, and its values are short codes"));
        bool vendorLike = textual && meanWords <= 6
                          && (reference.DistinctWithLegalForm >= Math.Max(2, 0.1 * reference.Distinct) || NameHints.Contains(ColumnRole.Vendor));
        if (vendorLike && !key)
            roles.Add(new RoleEvidence(ColumnRole.Vendor, NameHints.Contains(ColumnRole.Vendor) && reference.DistinctWithLegalForm < 0.1 * reference.Distinct
                ? "the name says vendor, and its values are names"
                : $"{reference.DistinctWithLegalForm} of {reference.Distinct} distinct values carry a legal form (GmbH, Inc, Ltd)"));
        if (withUnit >= Mostly && !(key && integersOnly))
            roles.Add(new RoleEvidence(ColumnRole.Measure, numbers >= Mostly
                ? $"{Percent(numbers)} of values are numbers"
                : $"{Percent(withUnit)} of values are numbers, some written with a unit"));
        if (dates >= Mostly) roles.Add(new RoleEvidence(ColumnRole.Date, $"{Percent(dates)} of values are dates"));
        // A vendor's name of several words is a name, not a sentence.
        bool vendor = vendorLike && !key;
        if (!vendor && textual && (multiWord >= 0.3 || meanWords >= 3))
            roles.Add(new RoleEvidence(ColumnRole.FreeText, $"{Percent(multiWord)} of values have 3 or more words"));
        else if (!vendor && textual && NameHints.Contains(ColumnRole.FreeText) && (Live.Length?.Mean ?? 0) >= 12)
            roles.Add(new RoleEvidence(ColumnRole.FreeText, "the name says notes or text, and its values are phrases"));
        long distinct = reference.Distinct;
        if (textual && distinct <= Math.Max(50, reference.Present / 100) && reference.Repeats)
            roles.Add(new RoleEvidence(ColumnRole.Category, distinct == 1 ? "one distinct value" : $"{distinct.ToString(CultureInfo.InvariantCulture)} distinct values"));
        if (key)
            roles.Add(new RoleEvidence(ColumnRole.Key, allDistinct ? "every value distinct, one token each" : "the name says id or number, and its values are codes or numbers"));
        if (numbers >= Mostly && !roles.Any(r => r.Role == ColumnRole.Measure))
            roles.Add(new RoleEvidence(ColumnRole.Number, $"{Percent(numbers)} of values are numbers"));
        if (roles.Count == 0) roles.Add(new RoleEvidence(ColumnRole.Text, "text without a dominant form"));
        return roles;
    }
}
