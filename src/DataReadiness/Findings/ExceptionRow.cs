namespace DataReadiness.Findings;

/// <summary>One flagged cell, for exceptions.csv.</summary>
public sealed record ExceptionRow(string Source, long Row, string Column, string Rule, string Kind, string Value, string? Suggestion);
