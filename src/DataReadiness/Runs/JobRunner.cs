using System.Security.Cryptography;
using System.Text;
using DataReadiness.Comparison;
using DataReadiness.Estimation;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Reporting;
using DataReadiness.Rules;
using DataReadiness.Rules.Catalog;
using DataReadiness.Schema;
using DataReadiness.Sources;

namespace DataReadiness.Runs;

/// <summary>The result of a run: where it was written and what it found.</summary>
public sealed record RunResult(string RunDirectory, FindingsDocument Findings, SourceScan Live, SourceScan? Poc, RuleResults Rules);

/// <summary>Runs a job: one pass per source, the profiles, and the run folder with its evidence.</summary>
public static class JobRunner
{
    public static RunResult Run(JobSpec job, RunContext context)
    {
        var started = context.Time.GetUtcNow();
        var log = context.Log;
        var clock = new PhaseClock(log);
        // The catalog is read first: a bad rule file stops the run before any data is read (exit code 3).
        var catalog = clock.Time("catalog", () => CatalogLoader.Load(CatalogPaths(job)), c => $"{c.Rules.Count} rules from {c.Files.Count} files");
        var jobDirectory = Path.Combine(Path.GetFullPath(context.ReportsRoot), job.Name);
        using var jobLock = JobLock.Acquire(jobDirectory, job.Name);
        if (JobLock.RemoveStalePartials(jobDirectory) is { Folders: > 0 } stale)
            log.Info($"removed {stale.Folders} unfinished run folder(s) a killed run left in {jobDirectory} ({stale.Bytes:N0} bytes)");
        log.Info($"job '{job.Name}': {catalog.Rules.Count} rules from {catalog.Files.Count} files; sample {job.Sample.Rows:N0} rows per side, seed {job.Sample.Seed}");
        // ML.NET loads and compiles while the sources are read; the shift classifier then starts warm.
        var warm = job.Poc is null ? Task.CompletedTask : Task.Run(ShiftClassifier.Warm);
        var (live, liveReport) = clock.Time("live pass", () => Scan("live", job.Live, job, log, context), PassDetail);
        var (poc, pocReport) = job.Poc is null ? (null, null)
            : clock.Time("poc pass", () => Scan("poc", job.Poc.Source, job, log, context), PassDetail);
        UnknownColumns(job, live, poc);
        var schema = poc is null ? null
            : clock.Time("schema", () => SchemaMatcher.Match(liveReport.Columns, pocReport!.Columns, live.Sample, poc.Sample, job.Poc?.Outcome, catalog.Dictionaries.Shorthand,
                Rules.Kinds.UnitConversions.Of(catalog.Dictionaries).Select(c => (c.Scale, c.Shift)).ToList(),
                job.ModelColumns));
        foreach (var r in schema?.Renamed ?? [])
            log.Info($"schema: POC column '{r.Poc}' is live column '{r.Live}' (confidence {r.Confidence:P0})");
        var rules = clock.Time("rules", () => RuleEngine.Run(catalog, job.Columns,
            new RuleSide("live", live.Sample, liveReport.Columns, live.Duplicates),
            poc is null ? null : new RuleSide("poc", poc.Sample, pocReport!.Columns, poc.Duplicates),
            schema?.Renamed.ToDictionary(r => r.Live, r => r.Poc, StringComparer.Ordinal)), r => $"{r.Findings.Count} findings");
        foreach (var kind in rules.Timings) clock.Record(kind);
        foreach (var failed in rules.Findings.Where(f => f.Error is not null))
            log.Warn($"rule {failed.Rule} failed on column {failed.Column}: {failed.Error}");
        log.Info($"rules: {rules.Findings.Count(f => f.RowsAffected > 0)} findings with hits, {rules.Exceptions.Count:N0} flagged cells");
        var comparison = schema is null ? null
            : clock.Time("comparison", () => Comparer.Compare(liveReport.Columns, pocReport!.Columns, live.Sample, poc!.Sample, rules.Catalog.Roles, schema, rules.Findings));
        if (comparison is not null) log.Info($"comparison: {comparison.Overall.Summary}");
        // The classifier's time includes waiting for ML.NET's warm-up, where the passes were quicker than it.
        var measured = poc is null ? null
            : clock.Time("shift classifier", () =>
            {
                warm.Wait();
                return ShiftClassifier.Measure(live.Sample, poc.Sample, schema?.Renamed.ToDictionary(r => r.Live, r => r.Poc, StringComparer.Ordinal) ?? [],
                    rules.Catalog.Roles, job.ModelColumns, (int)job.Sample.Seed);
            }, m => m is null ? "too few rows" : $"{m.Report.Folds} folds, {m.Report.Features} features");
        var shift = measured?.Report;
        if (shift is not null)
            log.Info($"shift: a classifier tells live rows from POC rows at AUC {shift.Auc:0.000} [{shift.AucLow:0.000}, {shift.AucHigh:0.000}] (0.5: alike)" +
                     (shift.Drivers.Count > 0 ? $"; most by {string.Join(", ", shift.Drivers.Take(3).Select(d => d.Column))}" : "") +
                     $"; {shift.UnsupportedShare:P1} of live rows outside what the POC covers");
        var (estimate, verdict) = clock.Time("estimate and verdict", () =>
        {
            var estimate = Estimate(job, catalog, rules, live, poc, measured, log);
            var previous = RunFolder.ReadHistory(jobDirectory)
                .Where(h => h.ExpectedLiveAccuracy is not null).Select(h => (h.RunId, h.ExpectedLiveAccuracy!.Value)).ToList();
            static SideRows Read(string side, SourceSpec spec, SourceScan scan) => new(side, spec.Path, scan.RowsRead,
                scan.Files.Sum(f => f.Diagnostics.RowsMalformed), scan.Files.Sum(f => f.Diagnostics.RowsSkipped));
            List<SideRows> sides = [Read("live", job.Live, live)];
            if (poc is not null && job.Poc is not null) sides.Add(Read("poc", job.Poc.Source, poc));
            return (estimate, VerdictDecider.Decide(estimate, job.Gate, rules.Findings, shift, previous, comparison?.Drift, sides));
        });
        log.Info($"verdict: {ContractNames.Of(verdict.Verdict)}" + (verdict.Reasons.Count > 0 ? $" ({verdict.Reasons[0]})" : ""));
        var finished = context.Time.GetUtcNow();

        var findings = new FindingsDocument(
            FindingsDocument.CurrentSchemaVersion,
            new ToolInfo("datareadiness", RunContext.ToolVersion),
            job.Name,
            RunFolder.NewRunId(started),
            started,
            finished,
            verdict.Verdict,
            verdict,
            estimate,
            new SampleInfo(job.Sample.Rows, job.Sample.Seed, SampleMethod(live, poc)),
            new SourcesReport(liveReport, pocReport),
            schema,
            comparison?.Drift ?? [],
            comparison is null ? null : new ComparisonSummary(comparison.Overall, comparison.RuleRateDeltas),
            rules.Catalog, rules.Findings, rules.VendorClusters, rules.Units, rules.Shorthand)
        {
            Shift = shift,
        };
        var directory = RunFolder.Write(job, findings, live, poc, rules, context, clock);
        var total = clock.Snapshot();
        log.Info(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"report written to {directory} ({total.WallMs / 1000:0.00} s wall, {total.CpuMs / 1000:0.00} s CPU since the job file was read; " +
            $"the JIT compiled {total.JitMethods:N0} methods in {total.JitMs / 1000:0.00} s)"));
        return new RunResult(directory, findings, live, poc, rules);
    }

    private static string PassDetail((SourceScan Scan, SourceReport Report) side) =>
        $"{side.Scan.RowsRead:N0} rows, {side.Scan.Columns.Count} columns, {side.Report.Bytes:N0} bytes, {side.Scan.Sample.Rows.Count:N0} sampled, by {side.Scan.Engine}";

    private static AccuracyEstimate? Estimate(JobSpec job, RuleCatalog catalog, RuleResults rules, SourceScan live, SourceScan? poc,
        ShiftMeasurement? shift, IRunLog log)
    {
        if (poc is null || job.Poc is null) return null;
        if (live.RowsRead == 0 || poc.RowsRead == 0)
        {
            log.Warn($"no accuracy estimate: the {(live.RowsRead == 0 ? "live extract" : "POC set")} has no rows");
            return null;
        }
        string? outcome = job.Poc.Outcome;
        (string Label, string Prediction)? classes = job.Poc.Label is { } label && job.Poc.Prediction is { } prediction ? (label, prediction) : null;
        if (classes is { } pair && (!poc.Sample.Columns.Contains(pair.Label) || !poc.Sample.Columns.Contains(pair.Prediction)))
        {
            log.Warn($"poc: the label column '{pair.Label}' or the prediction column '{pair.Prediction}' is not in {job.Poc.Source.Path}; no per-class recall");
            classes = null;
        }
        if (outcome is not null && !poc.Sample.Columns.Contains(outcome))
        {
            log.Warn($"poc: the outcome column '{outcome}' is not in {job.Poc.Source.Path}; " +
                     (job.Poc.Accuracy is null ? "no estimate" : "falling back to the headline accuracy"));
            outcome = null;
        }
        if (outcome is null && classes is null && job.Poc.Accuracy is null)
        {
            log.Warn("poc: neither an outcome column nor a headline accuracy: no accuracy estimate");
            return null;
        }
        var input = SignatureBuilder.Build(catalog, rules, live.Sample, poc.Sample, outcome, outcome is null && classes is null ? job.Poc.Accuracy : null,
            (int)job.Sample.Seed, shift, classes, job.ModelColumns);
        if ((outcome is not null || classes is not null) && input.PocOutcomes!.Count == 0)
        {
            log.Warn(outcome is not null
                ? $"poc: no readable values (1/0, true/false) in the outcome column '{outcome}': no estimate"
                : $"poc: no row with both a label and a prediction: no estimate");
            return null;
        }
        var estimate = AccuracyEstimator.Estimate(input);
        if (ScoreBased(job, live, poc, outcome, classes, log) is { } scored)
        {
            estimate = estimate with { ScoreBased = scored };
            log.Info($"estimate from the model's scores (CBPE): expected live {scored.ExpectedLiveAccuracy:P1} [{scored.Interval.Low:P1}, {scored.Interval.High:P1}]" +
                     (scored.Calibration is { } check
                         ? $"; on the POC the scores expect {check.ExpectedFromScores:P1} against {check.Observed:P1} observed, calibration error {check.ExpectedCalibrationError:P1} (p = {check.PValue:0.000}): " +
                           (check.Holds ? "calibrated" : "miscalibrated, recalibrated on the POC")
                         : "; calibration not checked (no POC rows with a score and an outcome)"));
        }
        log.Info($"estimate: POC {estimate.PocAccuracy:P1} -> expected live {estimate.ExpectedLiveAccuracy:P1} " +
                 $"[{estimate.Interval.Low:P1}, {estimate.Interval.High:P1}], drop {estimate.DropPoints:0.0} points ({(estimate.PriorBased ? "prior-based" : "post-stratified")}" +
                 (estimate.ShiftAdjustment is { } a ? $"; {a.ShareOnPriors:P0} of live rows rest on priors" +
                     (a.CorrectionPoints is { } c ? $", shift weights move it {c:+0.0;-0.0} points (effective {a.EffectiveSampleSize:0} POC rows)" : "") : "") + ")");
        return estimate;
    }

    /// <summary>
    /// The confidence-based estimate where the job names live's score column: live's readable scores, and the POC rows
    /// with both a readable score and an outcome for the calibration. Unreadable scores (not a number in [0, 1]) are counted.
    /// </summary>
    private static ScoreBasedEstimate? ScoreBased(JobSpec job, SourceScan live, SourceScan poc, string? outcome,
        (string Label, string Prediction)? classes, IRunLog log)
    {
        if (job.LiveScore is not { } liveColumn) return null;
        if (!live.Sample.Has(liveColumn))
        {
            log.Warn($"live: the score column '{liveColumn}' is not in {job.Live.Path}; no estimate from the model's scores");
            return null;
        }
        var liveScores = live.Sample.Text(liveColumn).Select(ScoreBasedEstimator.ReadScore).ToList();
        var readable = liveScores.OfType<double>().ToList();
        if (readable.Count < liveScores.Count)
            log.Warn($"live: {liveScores.Count - readable.Count:N0} of {liveScores.Count:N0} sampled rows have no readable score in '{liveColumn}' (a number in [0, 1]); they are left out of the estimate from the scores");
        if (readable.Count == 0) return null;
        var pocRows = new List<(double, bool)>();
        int pocWithout = 0;
        string? pocColumn = job.Poc!.Score;
        if (pocColumn is not null && !poc.Sample.Has(pocColumn))
        {
            log.Warn($"poc: the score column '{pocColumn}' is not in {job.Poc.Source.Path}; the scores' calibration is not checked");
            pocColumn = null;
        }
        if (pocColumn is not null && SignatureBuilder.Outcomes(poc.Sample, outcome, classes) is { } outcomes)
        {
            var scores = poc.Sample.Text(pocColumn);
            for (int i = 0; i < outcomes.Length; i++)
            {
                if (outcomes[i] is not { } correct) continue;
                if (ScoreBasedEstimator.ReadScore(scores[i]) is { } score) pocRows.Add((score, correct));
                else pocWithout++;
            }
            if (pocWithout > 0)
                log.Warn($"poc: {pocWithout:N0} rows with an outcome have no readable score in '{pocColumn}'; they are left out of the calibration");
        }
        return ScoreBasedEstimator.Estimate(new ScoreInput(readable, liveScores.Count - readable.Count, pocRows, pocWithout, job.Poc.ScoreIs,
            liveColumn, pocColumn, Seed: (int)job.Sample.Seed));
    }

    /// <summary>
    /// A column the job's <c>columns:</c> names that neither side has is a mistake (a misspelling quietly changes
    /// which rules run and the estimate): a configuration error at its line, with the closest column there is.
    /// </summary>
    private static void UnknownColumns(JobSpec job, SourceScan live, SourceScan? poc)
    {
        var names = live.Columns.Select(c => c.Name).Concat(poc?.Columns.Select(c => c.Name) ?? []).Distinct(StringComparer.Ordinal).ToList();
        var problems = new List<Configuration.ConfigDiagnostic>();
        foreach (var (column, spec) in job.Columns)
        {
            if (names.Contains(column, StringComparer.Ordinal)) continue;
            var closest = names.OrderBy(n => Configuration.YamlSection.Levenshtein(n.ToLowerInvariant(), column.ToLowerInvariant())).ThenBy(n => n, StringComparer.Ordinal).FirstOrDefault();
            var hint = closest is not null && Configuration.YamlSection.Levenshtein(closest.ToLowerInvariant(), column.ToLowerInvariant()) <= Math.Max(2, column.Length / 3)
                ? $"; did you mean '{closest}'?" : "";
            problems.Add(new Configuration.ConfigDiagnostic(job.JobFilePath, spec.At.Line, spec.At.Column,
                $"columns.{column}: no column '{column}' in live or in the POC{hint} (columns: {string.Join(", ", names.Take(12))}{(names.Count > 12 ? ", ..." : "")})"));
        }
        if (problems.Count > 0) throw new Configuration.ConfigException(problems);
    }

    /// <summary>
    /// The job's catalogs, relative to the job file (the entry <c>default</c> names the catalog shipped with the
    /// tool), or the default catalog alone when the job names none.
    /// </summary>
    public static IReadOnlyList<string> CatalogPaths(JobSpec job) =>
        job.Rules.Count == 0
            ? [DefaultCatalog.Directory]
            : job.Rules.Select(r => r == "default" ? DefaultCatalog.Directory : Path.GetFullPath(r, job.BaseDirectory)).ToList();

    /// <summary>A source's pass, its sample and its column profiles.</summary>
    private static (SourceScan Scan, SourceReport Report) Scan(string side, SourceSpec spec, JobSpec job, IRunLog log, RunContext context)
    {
        log.Info($"{side}: reading {spec.Path}");
        var scan = SourceScanner.ScanSource(spec, job.BaseDirectory, job.Sample.Rows, job.Sample.Seed,
            p => log.Progress(p.File, p.Rows, p.BytesRead, p.BytesTotal),
            file => DisplayPath(file, job.BaseDirectory), log.Info, [context.ReportsRoot], context.Time);
        var engineLine = $"{side}: scanned by {scan.Engine} ({scan.EngineReason}); sample drawn {scan.Sampling}";
        if (spec.Database is null && spec.Engine == ScanEngine.DuckDb && scan.Engine == "stream")
            log.Warn(engineLine + "; the job asked for engine: duckdb");
        else log.Info(engineLine);
        if (scan.Pushdown is { } pushdown)
        {
            log.Info($"{side}: the pushdown received {pushdown.RowsReceived:N0} rows ({pushdown.BytesReceived:N0} bytes) in {pushdown.Queries:N0} queries " +
                     $"for {scan.RowsRead:N0} rows in the table; {pushdown.Snapshot}");
            foreach (var part in pushdown.Partitions)
                log.Info($"{side}: partition {part.Partition}{(part.Server is null ? "" : $" on server {part.Server}")}: {part.Rows:N0} rows, " +
                         $"{part.RowsReceived:N0} rows received in {part.Queries} queries, read {part.QueriesStarted:HH:mm:ss.fff}-{part.QueriesEnded:HH:mm:ss.fff} UTC");
        }
        foreach (var file in scan.Files)
        {
            var d = file.Diagnostics;
            log.Info($"{side}: {file.Path}: {file.RowsRead:N0} rows read, {file.Bytes:N0} bytes" +
                     (d.Separator is null ? "" : $", separator '{Printable(d.Separator)}'{(d.SeparatorDetected ? " (detected)" : "")}"));
            if (d.RowsMalformed > 0)
                log.Warn($"{side}: {file.Path}: {d.RowsMalformed:N0} malformed rows ({d.RowsSkipped:N0} skipped, the rest recovered): " +
                         string.Join(", ", d.MalformedByReason.Select(r => $"{r.Key} {r.Value:N0}")) +
                         $"; first at data row {d.Examples[0].Row}, line {d.Examples[0].Line}");
            foreach (var problem in d.HeaderProblems) log.Warn($"{side}: {file.Path}: {problem}");
        }
        foreach (var (file, columns) in scan.MissingColumnsByFile)
            log.Warn($"{side}: {file} lacks {string.Join(", ", columns)} (counted as null there)");
        foreach (var column in scan.Columns.Where(c => c.NulValues > 0))
            log.Warn($"{side}: column '{column.Name}' has {column.NulValues:N0} values with NUL bytes (binary data in a text field)");
        foreach (var column in scan.Columns.Where(c => c.InvalidUtf8 > 0))
            log.Warn($"{side}: column '{column.Name}' has {column.InvalidUtf8:N0} values that are not valid UTF-8; if the file is Latin-1, set encoding: windows-1252");
        return (scan, Report(side, scan));
    }

    private static SourceReport Report(string side, SourceScan scan)
    {
        var files = scan.Files.Select(f => new FileReport(
            f.Path, f.Format, f.Sha256, f.Bytes, f.RowsRead, f.Diagnostics.RowsMalformed, f.Diagnostics.RowsSkipped,
            f.Diagnostics.Separator, f.Diagnostics.SeparatorDetected, f.Diagnostics.Encoding,
            f.Diagnostics.HeaderProblems, scan.MissingColumnsByFile.GetValueOrDefault(f.Path) ?? [],
            f.Diagnostics.MalformedByReason, f.Diagnostics.Examples)).ToList();
        var sha = files.Count == 1
            ? files[0].Sha256
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
                string.Concat(files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => $"{f.Sha256}  {f.Path}\n")))));
        return new SourceReport(
            side, scan.Pattern, string.Join("+", files.Select(f => f.Format).Distinct()), sha,
            files.Sum(f => f.Bytes), scan.RowsRead, files.Sum(f => f.RowsMalformed), files.Sum(f => f.RowsSkipped),
            scan.Sample.Rows.Count, scan.Engine, scan.EngineReason, scan.Sampling, files, scan.Columns.Select(ColumnProfileBuilder.Build).ToList(),
            scan.Pushdown);
    }

    /// <summary>How both samples were drawn: one method, or each side's where their engines differ.</summary>
    private static string SampleMethod(SourceScan live, SourceScan? poc) =>
        poc is null || poc.Sampling == live.Sampling ? live.Sampling : $"live: {live.Sampling}; poc: {poc.Sampling}";

    private static string DisplayPath(string file, string baseDirectory)
    {
        var relative = Path.GetRelativePath(baseDirectory, file);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? file : relative;
    }

    private static string Printable(string separator) => separator == "\t" ? "\\t" : separator;
}
