namespace DataReadiness.Findings;

/// <summary>
/// Where a run's time went: each phase's wall-clock and CPU milliseconds, in the order they ran. CPU counts every
/// thread of the process, so a phase on two cores shows more CPU than wall time. These are the only figures in
/// findings.json that change from one run of the same inputs to the next.
/// </summary>
public sealed record RunTimings(double WallMs, double CpuMs, IReadOnlyList<PhaseTiming> Phases, string Note)
{
    /// <summary>
    /// Time inside the JIT (compiling code at run time), summed over threads and counted by the clock, so a busy machine
    /// inflates it; and how many methods it compiled.
    /// </summary>
    public double? JitMs { get; init; }

    public long? JitMethods { get; init; }
}

/// <summary>
/// One phase. <c>Part</c> names the phase a line belongs to (the rules' kinds are parts of <c>rules</c>), whose
/// parts ran side by side on all cores: their milliseconds are summed over the evaluations, not a share of the wall time.
/// </summary>
public sealed record PhaseTiming(string Phase, double WallMs, double CpuMs, string? Detail = null, string? Part = null);
