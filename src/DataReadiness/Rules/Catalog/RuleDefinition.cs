using DataReadiness.Findings;

namespace DataReadiness.Rules.Catalog;

/// <summary>
/// One rule of a catalog: a rule kind with its columns, severity, impact (the share of the model's accuracy kept on
/// an affected row) and the kind's typed parameters, with where the rule is written.
/// </summary>
public sealed record RuleDefinition(
    string Id,
    RuleKind Kind,
    ColumnSelector Columns,
    Severity Severity,
    double Impact,
    object Parameters,
    string File,
    int Line,
    string Description = "")
{
    /// <summary>A rule of a kind with its default parameters, for tests and tools.</summary>
    public static RuleDefinition Of(RuleKind kind, string? id = null, double impact = 1.0, Severity severity = Severity.Warn) =>
        new(id ?? kind.Name, kind, ColumnSelector.AnyColumn, severity, impact, kind.DefaultParameters, "", 0);
}
