namespace DataReadiness.Findings;

/// <summary>Per free-text column: the share of rows with shorthand and the tokens found, with expansions (null when unknown).</summary>
public sealed record ShorthandReport(string Column, long RowsChecked, long RowsWithShorthand, double Share, double? PocShare,
    IReadOnlyList<ShorthandTokenReport> Tokens)
{
    /// <summary>The domain glossary the column was read with, chosen by its words (null: none stood out).</summary>
    public ShorthandDomainReport? Domain { get; init; }
}

/// <summary>A column's shorthand domain: its name, the rows using words only that domain has, and the rows read to choose.</summary>
public sealed record ShorthandDomainReport(string Name, long Rows, long RowsRead);

/// <summary>A shorthand token and its expansion.</summary>
public sealed record ShorthandTokenReport(string Token, long Count, string? Expansion, bool InGlossary);
