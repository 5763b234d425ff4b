using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DataReadiness;

/// <summary>
/// The CPU time of the calling thread, for work that runs side by side on several threads (the rules): the process's
/// total would mix the pieces. Linux's per-thread clock; elsewhere the wall clock stands in.
/// </summary>
public static class ThreadCpu
{
    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID
    private static readonly bool Available = OperatingSystem.IsLinux();

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>Milliseconds to a tenth, as findings.json's timings give them.</summary>
    public static double Milliseconds(TimeSpan span) => Math.Round(span.TotalMilliseconds, 1);

    /// <summary>This thread's CPU time so far, or the wall clock where no per-thread clock is available.</summary>
    public static TimeSpan Now()
    {
        if (Available && ClockGetTime(ThreadCpuClock, out var t) == 0)
            return TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
        return Stopwatch.GetElapsedTime(0);
    }
}
