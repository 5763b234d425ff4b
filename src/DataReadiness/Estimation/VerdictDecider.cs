using DataReadiness.Findings;
using DataReadiness.Jobs;

namespace DataReadiness.Estimation;

/// <summary>
/// Decides the verdict from the estimate, the gate, the shift and the findings, in this order: not_ready when a gate
/// threshold fails on the point estimate (the shift AUC too, with <c>max_shift_auc</c>), or when more of live than
/// <c>max_unsupported_share</c> (default half) lies outside what the POC covers; conditional when it holds only
/// at the point estimate (the interval's pessimistic end fails it), when live is told from the POC at AUC 0.8 or more
/// without a shift gate, when the estimate from the model's scores and the model-free one disagree (intervals apart), or when warn or fail rules found more than the POC has (<see cref="AboveThePoc"/>); ready otherwise. Pure.
/// </summary>
public static class VerdictDecider
{
    /// <summary>Without <c>max_malformed_share</c>: past 1% of a side's data rows malformed, what was read is not the extract.</summary>
    public const double MaxMalformedShare = 0.01;

    /// <summary>
    /// Without a gate of its own (<c>max_shift_auc</c>), an AUC at or above this makes the verdict conditional: live rows
    /// that a classifier tells from POC rows four times in five are data the POC's accuracy was not measured on.
    /// </summary>
    public const double ShiftAucCondition = 0.8;

    /// <summary>Without <c>max_unsupported_share</c>: past half of live outside what the POC covers, no estimate stands.</summary>
    public const double MaxUnsupportedShare = 0.5;

    /// <summary>The verdict; <paramref name="previous"/> are earlier runs of the job with an estimate, oldest first (run id, expected accuracy).</summary>
    public static VerdictReport Decide(AccuracyEstimate? estimate, GateSpec? gate, IReadOnlyList<Finding> findings, ShiftReport? shift = null,
        IReadOnlyList<(string RunId, double Accuracy)>? previous = null, IReadOnlyList<ColumnDrift>? drift = null,
        IReadOnlyList<SideRows>? sides = null)
    {
        static string P(double v) => (v * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
        var failed = new List<string>();
        var conditions = new List<string>();
        if (gate is not null && estimate is not null)
        {
            double expected = estimate.ExpectedLiveAccuracy, low = estimate.Interval.Low;
            double worstDrop = 100 * (estimate.PocAccuracy - low);
            if (gate.MinExpectedAccuracy is { } min)
            {
                if (expected < min) failed.Add($"expected live accuracy {P(expected)} is below the gate's {P(min)}");
                else if (low < min) conditions.Add($"the interval's low end {P(low)} is below the gate's {P(min)}");
            }
            if (gate.MaxDropPoints is { } maxDrop)
            {
                if (estimate.DropPoints > maxDrop) failed.Add($"expected drop of {estimate.DropPoints:0.0} points exceeds the gate's {maxDrop:0.#}");
                else if (worstDrop > maxDrop) conditions.Add($"the drop could reach {worstDrop:0.0} points (interval), above the gate's {maxDrop:0.#}");
            }
        }
        else if (gate is not null)
            conditions.Add("the gate could not be checked: the job gives neither a POC outcome column nor a POC accuracy");
        // Across nightly runs: tonight against the last run, and the mean of the last runs against an objective.
        if (gate is not null && estimate is not null && previous is { Count: > 0 })
        {
            double expected = estimate.ExpectedLiveAccuracy;
            if (gate.MaxDropVsPreviousPoints is { } maxFall)
            {
                var (runId, accuracy) = previous[^1];
                double fall = 100 * (accuracy - expected);
                if (fall > maxFall)
                    failed.Add($"expected live accuracy {P(expected)} is {fall:0.0} points below the previous run's {P(accuracy)} ({runId}), more than the gate's {maxFall:0.#}");
            }
        }
        if (gate?.MinExpectedAccuracyOverLast is { } objective && estimate is not null)
        {
            var window = (previous ?? []).TakeLast(objective.Runs - 1).Select(p => p.Accuracy).Append(estimate.ExpectedLiveAccuracy).ToList();
            double mean = window.Average();
            if (mean < objective.Min)
                failed.Add($"mean expected accuracy over the last {window.Count} runs, {P(mean)}, is below the objective's {P(objective.Min)} " +
                           $"(oldest first: {string.Join(" → ", window.Select(P))})");
        }
        if (shift is not null)
        {
            string drivers = shift.Drivers.Count > 0 ? $"; most by {string.Join(", ", shift.Drivers.Take(3).Select(d => d.Column))}" : "";
            string told = $"a classifier tells live rows from POC rows at AUC {shift.Auc:0.00} (0.5: alike){drivers}";
            if (gate?.MaxShiftAuc is { } maxAuc)
            {
                if (shift.Auc > maxAuc) failed.Add($"{told}, above the gate's {maxAuc:0.00}");
                else if (shift.AucHigh > maxAuc) conditions.Add($"{told}; its interval reaches {shift.AucHigh:0.00}, above the gate's {maxAuc:0.00}");
            }
            else if (shift.Auc >= ShiftAucCondition) conditions.Add(told);
            double maxUnsupported = gate?.MaxUnsupportedShare ?? MaxUnsupportedShare;
            if (shift.UnsupportedShare > maxUnsupported)
                failed.Insert(0, $"live data outside what the POC covers ({P(shift.UnsupportedShare)} of live rows, above {P(maxUnsupported)}{drivers}): " +
                                 "accuracy cannot be estimated from it");
        }
        // Two estimates that see different things (the data's defects and shift; the model's own confidence): when their
        // intervals do not meet, one of them misses something, and neither is to be trusted without finding out which.
        if (estimate?.ScoreBased is { } scored && (scored.Interval.High < estimate.Interval.Low || scored.Interval.Low > estimate.Interval.High))
            conditions.Add($"the model's own scores expect {P(scored.ExpectedLiveAccuracy)} [{P(scored.Interval.Low)}, {P(scored.Interval.High)}] on live, " +
                           $"the estimate from the POC {P(estimate.ExpectedLiveAccuracy)} [{P(estimate.Interval.Low)}, {P(estimate.Interval.High)}]: they disagree");
        // What was read, before what it says: an empty side or one mostly malformed is not the extract the job names.
        var readProblems = new List<string>();
        bool anEmptySide = false;
        foreach (var side in sides ?? [])
        {
            if (side.RowsRead == 0 && side.RowsSkipped == 0)
            {
                anEmptySide = true;
                readProblems.Add(side.Side == "live" ? $"live extract has no rows ({side.Path})" : $"POC set has no rows ({side.Path}): nothing to compare live with");
                continue;
            }
            long dataRows = side.RowsRead + side.RowsSkipped;
            double malformed = (double)side.RowsMalformed / dataRows;
            double maxMalformed = gate?.MaxMalformedShare ?? MaxMalformedShare;
            if (side.RowsRead == 0) anEmptySide = true;
            if (malformed > maxMalformed)
                readProblems.Add($"{P(malformed)} of {(side.Side == "live" ? "live" : "POC")} rows are malformed ({side.RowsMalformed:N0} of {dataRows:N0} in {side.Path}: " +
                                 $"{side.RowsSkipped:N0} skipped, the rest recovered), above the gate's {P(maxMalformed)}");
        }
        failed.InsertRange(0, readProblems);
        foreach (var f in findings.Where(f => f.RowsAffected > 0 && f.Severity is Severity.Fail or Severity.Warn && AboveThePoc(f))
                     .OrderBy(f => f.Severity == Severity.Fail ? 0 : 1).ThenByDescending(f => f.Rate).Take(5))
            conditions.Add($"{f.Rule} on {f.Column}: {P(f.Rate)} of sampled rows ({ContractNames.Of(f.Severity)}){(f.Note is { } note ? ": " + note : "")}");
        // Against an empty side every column "drifts": said once above, not once per column.
        foreach (var d in (anEmptySide ? [] : drift ?? []).Where(d => d.Severity is Severity.Fail or Severity.Warn)
                     .OrderByDescending(d => d.Severity).ThenBy(d => d.Column, StringComparer.Ordinal).Take(5))
            conditions.Add($"drift on {d.Column}: {d.Why} ({ContractNames.Of(d.Severity!.Value)})");
        foreach (var f in findings.Where(f => f.Error is not null))
            conditions.Add($"{f.Rule} failed on {f.Column}: {f.Error}");
        if (failed.Count > 0) return new VerdictReport(Verdict.NotReady, [.. failed, .. conditions], gate);
        if (conditions.Count > 0) return new VerdictReport(Verdict.Conditional, conditions, gate);
        var asInPoc = findings.Where(f => f.RowsAffected > 0 && f.Severity is Severity.Fail or Severity.Warn).ToList();
        return new VerdictReport(Verdict.Ready, [asInPoc.Count == 0
            ? "every gate threshold holds and no warn or fail rule found anything"
            : $"every gate threshold holds; the warn and fail findings ({string.Join(", ", asInPoc.Select(f => f.Rule).Distinct().Take(4))}) are at the POC's own rates, which its accuracy already includes"], gate);
    }

    /// <summary>
    /// Whether a finding's live rate is above its POC rate by more than chance (one-sided two-proportion z test at 1%)
    /// and by at least half a point: defects the POC carries as often are already in the accuracy it was measured at.
    /// A finding the POC was not checked for, or shows no row of, counts as above.
    /// </summary>
    public static bool AboveThePoc(Finding finding)
    {
        if (finding.PocRowsChecked is not { } pocRows || pocRows == 0 || finding.RowsChecked == 0) return true;
        // Every hit on each side, the forms both sides share (counted apart as "as in the POC") included.
        long liveHits = finding.RowsAffected + finding.RowsAsInPoc, pocHits = (finding.PocRowsAffected ?? 0) + (finding.PocRowsAsInPoc ?? 0);
        if (pocHits == 0) return true;
        double difference = (double)liveHits / finding.RowsChecked - (double)pocHits / pocRows;
        return difference >= 0.005 && Rules.PocForms.Significant(liveHits, finding.RowsChecked, pocHits, pocRows);
    }
}

/// <summary>What was read from one side: data rows read (recovered malformed rows among them), malformed and skipped.</summary>
public sealed record SideRows(string Side, string Path, long RowsRead, long RowsMalformed, long RowsSkipped);
