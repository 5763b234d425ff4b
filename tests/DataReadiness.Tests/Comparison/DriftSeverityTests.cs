using DataReadiness.Comparison;
using DataReadiness.Estimation;
using DataReadiness.Findings;
using DataReadiness.Jobs;

namespace DataReadiness.Tests.Comparison;

public class DriftSeverityTests
{
    private static ColumnDrift Drift(string type, double unseen = 0, double nullLive = 0, double nullPoc = 0, bool drifted = false, long liveN = 9000, long pocN = 4500) =>
        new("c", "c", type, "test", 0, null, 0, "", drifted, null, unseen, nullLive, nullPoc, nullLive - nullPoc, liveN, pocN);

    [Fact]
    public void A_third_of_values_gone_missing_is_a_fail()
    {
        var d = DriftSeverity.Judge(Drift("numeric", nullLive: 0.33, liveN: 6700, pocN: 5000));
        Assert.Equal(Severity.Fail, d.Severity);
        Assert.Equal("33% of live values missing against 0% in the POC", d.Why);
    }

    [Fact]
    public void Six_points_more_missing_is_a_warning_on_thousands_of_rows_and_nothing_on_forty()
    {
        Assert.Equal(Severity.Warn, DriftSeverity.Judge(Drift("categorical", nullLive: 0.08, nullPoc: 0.02)).Severity);
        Assert.Null(DriftSeverity.Judge(Drift("categorical", nullLive: 0.08, nullPoc: 0.02, liveN: 37, pocN: 39)).Severity);
    }

    [Fact]
    public void A_rescaled_column_and_new_categories_are_named()
    {
        var rescaled = DriftSeverity.Judge(Drift("numeric", unseen: 0.97, drifted: true));
        Assert.Equal(Severity.Fail, rescaled.Severity);
        Assert.Equal("97% of live numbers outside the POC's range", rescaled.Why);
        Assert.Equal(Severity.Warn, DriftSeverity.Judge(Drift("categorical", unseen: 0.15)).Severity);
        Assert.Equal(Severity.Fail, DriftSeverity.Judge(Drift("categorical", unseen: 0.45)).Severity);
        // Unseen free text is no category change; a drift with nothing big is information.
        Assert.Null(DriftSeverity.Judge(Drift("free_text", unseen: 0.9)).Severity);
        Assert.Equal(Severity.Info, DriftSeverity.Judge(Drift("numeric", unseen: 0.02, drifted: true)).Severity);
    }

    [Fact]
    public void Warn_and_fail_drifts_make_a_passing_gate_conditional()
    {
        var estimate = new AccuracyEstimate(0.94, 0.93, new Interval(0.92, 0.94), 1, "m", false, [], [], [], []);
        var blank = DriftSeverity.Judge(Drift("numeric", nullLive: 0.33, liveN: 6700, pocN: 5000));
        var verdict = VerdictDecider.Decide(estimate, new GateSpec(0.85, 10), [], drift: [blank]);
        Assert.Equal(Verdict.Conditional, verdict.Verdict);
        Assert.Equal("drift on c: 33% of live values missing against 0% in the POC (fail)", verdict.Reasons[0]);
        var info = DriftSeverity.Judge(Drift("numeric", unseen: 0.02, drifted: true));
        Assert.Equal(Verdict.Ready, VerdictDecider.Decide(estimate, new GateSpec(0.85, 10), [], drift: [info]).Verdict);
    }
}
