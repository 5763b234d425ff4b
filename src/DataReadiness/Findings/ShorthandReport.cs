namespace DataReadiness.Findings;

/// <summary>Per free-text column: the share of rows with shorthand and the tokens found, with expansions (null when unknown).</summary>
public sealed record ShorthandReport(string Column, long RowsChecked, long RowsWithShorthand, double Share, double? PocShare,
    IReadOnlyList<ShorthandTokenReport> Tokens);

/// <summary>A shorthand token and its expansion.</summary>
public sealed record ShorthandTokenReport(string Token, long Count, string? Expansion, bool InGlossary);
