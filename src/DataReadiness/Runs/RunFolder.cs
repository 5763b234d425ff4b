using System.Globalization;
using System.Runtime.InteropServices;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Reporting;
using DataReadiness.Rules;
using DataReadiness.Sources;

namespace DataReadiness.Runs;

/// <summary>
/// Lays out reports/&lt;job&gt;/&lt;run-id&gt;/: the run is written into a hidden temporary folder and renamed into
/// place whole, then latest/ is pointed at it and history.jsonl gains a line.
/// </summary>
public static class RunFolder
{
    public const string FindingsFile = "findings.json";
    public const string ManifestFile = "manifest.json";
    public const string ManifestHashFile = "manifest.json.sha256";
    public const string JobCopyFile = "job.yaml";
    public const string ExceptionsFile = "exceptions.csv";
    public const string ReportFile = "readiness.html";
    public const string RulesFolder = "rules";
    public const string HistoryFile = "history.jsonl";
    public const string LatestName = "latest";

    /// <summary>Each live column's sampled values and its POC counterpart's (renamed columns matched as the drift matched them).</summary>
    private static List<ColumnSample> ColumnSamples(FindingsDocument findings, SourceScan live, SourceScan? poc)
    {
        var pocNames = findings.Drift.GroupBy(d => d.Column, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().PocColumn, StringComparer.Ordinal);
        return findings.Sources.Live.Columns.Where(c => live.Sample.Has(c.Name)).Select(c =>
        {
            var pocName = pocNames.GetValueOrDefault(c.Name) ?? c.Name;
            return new ColumnSample(c.Name, live.Sample.Text(c.Name), poc is not null && poc.Sample.Has(pocName) ? poc.Sample.Text(pocName) : null);
        }).ToList();
    }

    /// <summary>A run id sorts by time: 20261123T093000Z.</summary>
    public static string NewRunId(DateTimeOffset started) =>
        started.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string Write(JobSpec job, FindingsDocument findings, SourceScan live, SourceScan? poc, RuleResults rules, RunContext context,
        PhaseClock clock)
    {
        var jobDirectory = Path.Combine(Path.GetFullPath(context.ReportsRoot), job.Name);
        Directory.CreateDirectory(jobDirectory);
        var runId = UniqueRunId(jobDirectory, findings.RunId);
        if (runId != findings.RunId) findings = findings with { RunId = runId };
        var partial = Path.Combine(jobDirectory, $".{runId}.partial-{Environment.ProcessId}");
        var final = Path.Combine(jobDirectory, runId);
        Directory.CreateDirectory(partial);
        string manifestSha256;
        try
        {
            // The report and the exceptions are independent: written side by side, each timed; findings.json follows
            // with the timings of everything before it.
            var report = findings;
            Action[] outputs =
            [
                () => clock.Time("report", () => AtomicFiles.WriteAllText(Path.Combine(partial, ReportFile),
                    ReportRenderer.Render(report, [.. ReadHistory(jobDirectory), HistoryOf(report, runId)], report.FinishedAt, rules.Exceptions,
                        ColumnSamples(report, live, poc)))),
                () => clock.Time("exceptions.csv", () => AtomicFiles.WriteText(Path.Combine(partial, ExceptionsFile), writer => ExceptionsCsv.Write(writer, rules.Exceptions)),
                    () => $"{rules.Exceptions.Count:N0} flagged cells"),
            ];
            AllCores.For(outputs.Length, i => outputs[i]());
            findings = findings with { Timings = clock.Snapshot() };
            AtomicFiles.WriteAllText(Path.Combine(partial, FindingsFile), Json.Serialize(findings));
            File.Copy(job.JobFilePath, Path.Combine(partial, JobCopyFile));
            var ruleCopies = CopyRuleFiles(rules.Catalog.Files, Path.Combine(partial, RulesFolder));

            // Inputs by absolute path: the evidence must name the exact file, wherever the job was run from.
            var inputs = new List<ManifestFile> { Describe("job", job.JobFilePath, Path.GetFullPath(job.JobFilePath)) };
            inputs.AddRange(live.Files.Select(f => new ManifestFile("live", f.FullPath, f.Bytes, f.Sha256)));
            if (poc is not null) inputs.AddRange(poc.Files.Select(f => new ManifestFile("poc", f.FullPath, f.Bytes, f.Sha256)));
            inputs.AddRange(rules.Catalog.Files.Select(f => Describe("rules", f, f)));
            var written = new[] { ReportFile, FindingsFile, ExceptionsFile, JobCopyFile }.Concat(ruleCopies)
                .Select(name => Describe("output", Path.Combine(partial, name), name)).ToList();
            var manifest = new Manifest(
                1, "datareadiness", RunContext.ToolVersion, runId, job.Name, findings.StartedAt, findings.FinishedAt,
                context.CommandLine, job.Sample.Seed, job.Sample.Rows,
                $"{RuntimeInformation.FrameworkDescription} on {RuntimeInformation.RuntimeIdentifier}",
                RunContext.LibraryVersions, rules.Catalog.Sha256, inputs, written);
            AtomicFiles.WriteAllText(Path.Combine(partial, ManifestFile), Json.Serialize(manifest));
            // The manifest hashes every other file; its own hash goes beside it (sha256sum -c reads it) and into
            // history.jsonl, outside the run folder, so a changed manifest shows.
            manifestSha256 = FileHash.Sha256(Path.Combine(partial, ManifestFile));
            AtomicFiles.WriteAllText(Path.Combine(partial, ManifestHashFile), $"{manifestSha256}  {ManifestFile}\n");
            Directory.Move(partial, final);
        }
        catch
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
            throw;
        }
        PointLatestAt(jobDirectory, runId);
        AtomicFiles.AppendLine(Path.Combine(jobDirectory, HistoryFile),
            Json.Serialize(HistoryOf(findings, runId) with { ManifestSha256 = manifestSha256 }, indented: false));
        return final;
    }

    /// <summary>
    /// Zips a run folder into &lt;run-id&gt;.zip beside it, the evidence pack a reviewer files at Gate 0; written under a
    /// temporary name and renamed. Returns the zip's path.
    /// </summary>
    public static string Zip(string runDirectory)
    {
        var zip = runDirectory.TrimEnd(Path.DirectorySeparatorChar) + ".zip";
        var temporary = Path.Combine(Path.GetDirectoryName(zip)!, $".{Path.GetFileName(zip)}.{Environment.ProcessId}.tmp");
        try
        {
            System.IO.Compression.ZipFile.CreateFromDirectory(runDirectory, temporary, System.IO.Compression.CompressionLevel.Optimal, includeBaseDirectory: true);
            File.Move(temporary, zip, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        return zip;
    }

    private static HistoryEntry HistoryOf(FindingsDocument findings, string runId) => new(
        runId, findings.StartedAt, findings.FinishedAt,
        findings.Sources.Live.Sha256, findings.Sources.Live.RowsRead, findings.Sources.Live.RowsMalformed,
        findings.Sources.Poc?.Sha256, findings.Sources.Poc?.RowsRead, runId + "/" + FindingsFile,
        findings.Verdict, findings.Estimate?.ExpectedLiveAccuracy, findings.Estimate?.DropPoints,
        findings.Findings.Where(f => f.RowsAffected > 0).OrderByDescending(f => f.Rate).Take(5)
            .ToDictionary(f => $"{f.Rule}:{f.Column}", f => f.Rate));

    /// <summary>The earlier runs of the job, oldest first, for the report's trends; unreadable lines are skipped.</summary>
    public static IReadOnlyList<HistoryEntry> ReadHistory(string jobDirectory)
    {
        var path = Path.Combine(jobDirectory, HistoryFile);
        if (!File.Exists(path)) return [];
        var entries = new List<HistoryEntry>();
        foreach (var line in File.ReadLines(path))
        {
            try
            {
                if (System.Text.Json.JsonSerializer.Deserialize<HistoryEntry>(line, Json.Compact) is { } entry) entries.Add(entry);
            }
            catch (System.Text.Json.JsonException)
            {
            }
        }
        return entries.TakeLast(60).ToList();
    }

    /// <summary>Copies the catalog files into the run folder, named after their folder when two share a name.</summary>
    private static List<string> CopyRuleFiles(IReadOnlyList<string> files, string folder)
    {
        Directory.CreateDirectory(folder);
        var copies = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            if (copies.Contains($"{RulesFolder}/{name}")) name = $"{Path.GetFileName(Path.GetDirectoryName(file))}-{name}";
            for (int n = 2; copies.Contains($"{RulesFolder}/{name}"); n++) name = $"{n}-{Path.GetFileName(file)}";
            File.Copy(file, Path.Combine(folder, name));
            copies.Add($"{RulesFolder}/{name}");
        }
        return copies;
    }

    private static ManifestFile Describe(string role, string path, string shownAs) =>
        new(role, shownAs, new FileInfo(path).Length, FileHash.Sha256(path));

    private static string UniqueRunId(string jobDirectory, string runId)
    {
        var candidate = runId;
        for (int n = 2; Directory.Exists(Path.Combine(jobDirectory, candidate)); n++) candidate = $"{runId}-{n}";
        return candidate;
    }

    /// <summary>latest is a relative symbolic link swapped in by rename(2); where links are not allowed, a copy.</summary>
    private static void PointLatestAt(string jobDirectory, string runId)
    {
        var latest = Path.Combine(jobDirectory, LatestName);
        var temporary = Path.Combine(jobDirectory, $".{LatestName}.{Environment.ProcessId}.tmp");
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                if (new FileInfo(temporary).LinkTarget is not null) File.Delete(temporary);
                File.CreateSymbolicLink(temporary, runId);
                if (Directory.Exists(latest) && new DirectoryInfo(latest).LinkTarget is null) Directory.Delete(latest, recursive: true);
                // File.Move refuses a link to a folder; rename(2) replaces the old link atomically.
                if (Rename(temporary, latest) == 0) return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
            if (new FileInfo(temporary).LinkTarget is not null) File.Delete(temporary);
        }
        if (new FileInfo(latest).LinkTarget is not null) File.Delete(latest);
        else if (Directory.Exists(latest)) Directory.Delete(latest, recursive: true);
        Directory.CreateDirectory(latest);
        foreach (var file in Directory.GetFiles(Path.Combine(jobDirectory, runId)))
            File.Copy(file, Path.Combine(latest, Path.GetFileName(file)));
    }

    private static int Rename(string oldPath, string newPath) =>
        RenameUtf8(System.Text.Encoding.UTF8.GetBytes(oldPath + "\0"), System.Text.Encoding.UTF8.GetBytes(newPath + "\0"));

    // Paths go to rename(2) as the NUL-terminated UTF-8 the kernel takes.
    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int RenameUtf8(byte[] oldPath, byte[] newPath);
}
