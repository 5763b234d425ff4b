using DataReadiness.Jobs;

namespace DataReadiness.Findings;

/// <summary>The gate's decision and why, as findings.json reports it.</summary>
public sealed record VerdictReport(Verdict Verdict, IReadOnlyList<string> Reasons, GateSpec? Gate);
