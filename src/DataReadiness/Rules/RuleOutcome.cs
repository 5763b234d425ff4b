namespace DataReadiness.Rules;

/// <summary>One flagged cell: its index in the sample, its value and what it should probably be.</summary>
public sealed record CellHit(int Index, string Value, string? Suggestion);

/// <summary>What a rule found on one column of one side's sample; <c>Details</c> are the kind's own, for its report sections.</summary>
public sealed record RuleOutcome(long RowsChecked, IReadOnlyList<CellHit> Hits, object? Details = null);
