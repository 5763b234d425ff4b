using System.Globalization;
using DataReadiness.Findings;

namespace DataReadiness.Comparison;

/// <summary>
/// Big drifts as findings (issue 18): a column's drift is <c>fail</c> when a fifth or more of live values went missing
/// beyond the POC's rate, when half of live's numbers lie outside the POC's range (a whole column rescaled: another
/// unit, a sensor swapped), or when 30% of live values are categories the POC never has; <c>warn</c> from 5 points of
/// missing values more (and more than chance), a quarter of numbers outside the range, or 10% new categories;
/// <c>info</c> for any other drift the test finds. Pure.
/// </summary>
public static class DriftSeverity
{
    public const double FailNullJump = 0.20, WarnNullJump = 0.05;
    public const double FailOutsideRange = 0.5, WarnOutsideRange = 0.25;
    public const double FailNewCategories = 0.3, WarnNewCategories = 0.1;

    public static ColumnDrift Judge(ColumnDrift drift)
    {
        static string P(double v) => (100 * v).ToString("0.#", CultureInfo.InvariantCulture) + "%";
        var reasons = new List<(Severity Severity, string Why)>();
        double jump = drift.NullRateDelta;
        if (jump >= FailNullJump || (jump >= WarnNullJump && MoreThanChance(drift)))
            reasons.Add((jump >= FailNullJump ? Severity.Fail : Severity.Warn,
                $"{P(drift.NullRateLive)} of live values missing against {P(drift.NullRatePoc)} in the POC"));
        if (drift.Type == "numeric" && drift.UnseenShare >= WarnOutsideRange)
            reasons.Add((drift.UnseenShare >= FailOutsideRange ? Severity.Fail : Severity.Warn,
                $"{P(drift.UnseenShare)} of live numbers outside the POC's range"));
        if (drift.Type == "categorical" && drift.UnseenShare >= WarnNewCategories)
            reasons.Add((drift.UnseenShare >= FailNewCategories ? Severity.Fail : Severity.Warn,
                $"{P(drift.UnseenShare)} of live values are categories the POC never has"));
        if (reasons.Count == 0) return drift with { Severity = drift.Drifted ? Findings.Severity.Info : null };
        var worst = reasons.Max(r => r.Severity);
        return drift with { Severity = worst, Why = string.Join("; ", reasons.OrderByDescending(r => r.Severity).Select(r => r.Why)) };
    }

    /// <summary>A one-sided two-proportion z test at 1% on the missing rates (each side's rows: its values and its missing ones).</summary>
    private static bool MoreThanChance(ColumnDrift drift)
    {
        long liveRows = (long)Math.Round(drift.LiveN / Math.Max(1e-9, 1 - drift.NullRateLive));
        long pocRows = (long)Math.Round(drift.PocN / Math.Max(1e-9, 1 - drift.NullRatePoc));
        if (liveRows < 1 || pocRows < 1) return true;
        return Rules.PocForms.Significant((long)Math.Round(drift.NullRateLive * liveRows), liveRows, (long)Math.Round(drift.NullRatePoc * pocRows), pocRows);
    }
}
