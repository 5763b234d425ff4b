namespace DataReadiness.Rules;

/// <summary>
/// One flagged cell: its index in the sample, its value and what it should probably be. <c>Forms</c> are what the
/// hit is compared with the POC by (a token, a unit, a spelling); null: the kind's <see cref="RuleKind.FormOf"/>.
/// </summary>
public sealed record CellHit(int Index, string Value, string? Suggestion, IReadOnlyList<string>? Forms = null);

/// <summary>What a rule found on one column of one side's sample; <c>Details</c> are the kind's own, for its report sections.</summary>
public sealed record RuleOutcome(long RowsChecked, IReadOnlyList<CellHit> Hits, object? Details = null);
