using System.Diagnostics;
using System.Globalization;
using DataReadiness.Findings;

namespace DataReadiness.Runs;

/// <summary>
/// Times a run's phases (wall clock and the process's CPU), logs each as it ends, and hands the list to findings.json.
/// </summary>
public sealed class PhaseClock(IRunLog log)
{
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private readonly TimeSpan _cpuAtStart = Environment.CpuUsage.TotalTime;
    private readonly TimeSpan _jitAtStart = System.Runtime.JitInfo.GetCompilationTime();
    private readonly long _methodsAtStart = System.Runtime.JitInfo.GetCompiledMethodCount();
    private readonly List<PhaseTiming> _phases = [];

    /// <summary>What the timings are and are not, as findings.json says it beside them.</summary>
    public const string Meaning = "wall and CPU milliseconds per phase, from reading the job file to the report; findings.json, " +
                                  "the manifest and the rename into place follow and are not counted. CPU counts all threads; " +
                                  "the rules' kinds (part: rules) are summed over evaluations that ran side by side.";

    /// <summary>Runs <paramref name="work"/> as one phase; <paramref name="detail"/> describes it once it is done.</summary>
    public T Time<T>(string phase, Func<T> work, Func<T, string?>? detail = null)
    {
        var wall = Stopwatch.StartNew();
        var cpu = Environment.CpuUsage.TotalTime;
        var result = work();
        Record(new PhaseTiming(phase, ThreadCpu.Milliseconds(wall.Elapsed), ThreadCpu.Milliseconds(Environment.CpuUsage.TotalTime - cpu), detail?.Invoke(result)));
        return result;
    }

    public void Time(string phase, Action work, Func<string?>? detail = null) =>
        Time<bool>(phase, () => { work(); return true; }, detail is null ? null : _ => detail());

    /// <summary>Adds a phase timed elsewhere (the rules' kinds, the outputs written side by side).</summary>
    public void Record(PhaseTiming timing)
    {
        lock (_phases) _phases.Add(timing);
        log.Info($"timing: {Describe(timing)}");
    }

    /// <summary>The run so far: total wall and CPU time since the clock started, and every phase.</summary>
    public RunTimings Snapshot()
    {
        lock (_phases)
            return new RunTimings(ThreadCpu.Milliseconds(_sinceStart.Elapsed), ThreadCpu.Milliseconds(Environment.CpuUsage.TotalTime - _cpuAtStart), [.. _phases], Meaning)
            {
                JitMs = ThreadCpu.Milliseconds(System.Runtime.JitInfo.GetCompilationTime() - _jitAtStart),
                JitMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - _methodsAtStart,
            };
    }

    public static string Describe(PhaseTiming t) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{(t.Part is null ? "" : t.Part + ": ")}{t.Phase} {t.WallMs:N0} ms {(t.Part is null ? "wall" : "busy")}, {t.CpuMs:N0} ms CPU{(t.Detail is null ? "" : $" ({t.Detail})")}");
}
