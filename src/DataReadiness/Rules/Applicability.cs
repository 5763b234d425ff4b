using DataReadiness.Findings;

namespace DataReadiness.Rules;

/// <summary>Whether a rule kind applies to a column, and why (findings.json and the report say it for every column).</summary>
public readonly record struct Applicability(bool Applies, string Reason)
{
    public static Applicability Yes(string reason) => new(true, reason);

    public static Applicability No(string reason) => new(false, reason);

    /// <summary>
    /// For a kind made for one role: a role declared in the job file decides; otherwise the evidence for the role
    /// does, with its reason.
    /// </summary>
    public static Applicability ForRole(ColumnEvidence column, ColumnRole role, string notReason)
    {
        var name = ContractNames.Of(role);
        if (column.Declared is { } declared)
            return declared == role ? Yes($"declared {name} in the job file") : No($"declared {ContractNames.Of(declared)} in the job file, not {name}");
        var evidence = column.Roles.FirstOrDefault(r => r.Role == role);
        return evidence is null ? No(notReason) : Yes($"{name}: {evidence.Reason}");
    }
}
