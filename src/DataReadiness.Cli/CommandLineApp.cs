using System.CommandLine;
using DataReadiness.Configuration;
using DataReadiness.Demo;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Rules;
using DataReadiness.Rules.Catalog;
using DataReadiness.Runs;
using DataReadiness.Sources;

namespace DataReadiness.Cli;

/// <summary>The datareadiness command: parses arguments, runs the engine, maps outcomes to exit codes.</summary>
public static class CommandLineApp
{
    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive = false)
    {
        var logFormat = new Option<LogFormat>("--log-format")
        {
            Description = "text (timestamped lines) or json (one object per line, for log shippers)",
            DefaultValueFactory = _ => LogFormat.Text,
            Recursive = true,
        };
        var root = new RootCommand("DataReadiness: measures how far a live ERP/MES extract is from the curated POC set an AI pilot was demoed on.");
        root.Options.Add(logFormat);
        var verdict = new VerdictHolder();
        root.Subcommands.Add(RunCommand(args, verdict));
        root.Subcommands.Add(DemoCommand(args, verdict));
        root.Subcommands.Add(InitCommand());
        root.Subcommands.Add(RulesCommand());
        var parse = root.Parse(args);
        // A bad --log-format is a parse error like any other (exit 3); the log that says so is plain text.
        var format = parse.Errors.Count == 0 ? parse.GetValue(logFormat) : LogFormat.Text;
        var log = new StderrLog(error, format, interactive);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) log.Error(e.Message);
            log.Error("run 'datareadiness --help' for usage");
            return ExitCodes.For(Outcome.InvalidCommandLine);
        }
        verdict.Log = log;
        // A scheduler's stop (SIGTERM: Kubernetes, systemd, Airflow's timeout) or Ctrl-C ends the process as the
        // signal asks (exit 143 or 130); first, one line says so, since nothing else would.
        using var terminated = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM,
            _ => log.Error("terminated by SIGTERM (exit 143): the run stops here; latest still points at the last whole run, and the next run removes this one's unfinished folder"));
        using var interrupted = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT,
            _ => log.Error("interrupted (exit 130): the run stops here; latest still points at the last whole run"));
        try
        {
            int code = parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
            return verdict.Verdict is null ? code : ExitCodes.For(Outcome.Completed, verdict.Verdict, verdict.FailOn);
        }
        catch (ConfigException e)
        {
            foreach (var d in e.Diagnostics) log.Diagnostic(d.File, d.Line, d.Column, d.Message);
            log.Error($"the job or rule files have {e.Diagnostics.Count} problem(s); nothing was run");
            return ExitCodes.For(Outcome.InvalidConfiguration);
        }
        catch (Exception e) when (e is SourceReadException or JobLockedException or IOException or UnauthorizedAccessException)
        {
            log.Error(e.Message);
            return ExitCodes.For(Outcome.InputUnreadable);
        }
        catch (Exception e)
        {
            // The stack, a line of the log each: a bug report needs it, and each line stays one line.
            log.Error("unexpected error (a bug, exit 5; please report it with the lines below):");
            foreach (var line in e.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                log.Error(line);
            return ExitCodes.For(Outcome.UnexpectedError);
        }
    }

    /// <summary>What a completed run decided, for the exit code; set by the command's action.</summary>
    private sealed class VerdictHolder
    {
        public Verdict? Verdict;
        public FailOn FailOn = FailOn.Warn;
        public StderrLog Log = null!;
    }

    private static Option<string> OutOption() => new("--out")
    {
        Description = "Reports root: runs go to DIR/<job>/<run-id>/",
        DefaultValueFactory = _ => "reports",
        HelpName = "DIR",
    };

    private static Command RunCommand(string[] args, VerdictHolder holder)
    {
        var job = new Argument<string>("JOB.yaml") { Description = "The job file" };
        var outDir = OutOption();
        var sampleRows = new Option<int?>("--sample-rows") { Description = "Rows sampled per side (overrides the job file)", HelpName = "N" };
        var seed = new Option<long?>("--seed") { Description = "Sampling seed (overrides the job file)", HelpName = "S" };
        var failOn = new Option<FailOn>("--fail-on")
        {
            Description = "Which verdicts exit non-zero: warn (conditional 1, not ready 2), fail (only not ready, 2) or never",
            DefaultValueFactory = _ => FailOn.Warn,
        };
        var zip = new Option<bool>("--zip") { Description = "Also write the run folder as <run-id>.zip, the Gate 0 evidence pack" };
        sampleRows.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<int?>();
            if (value is < 1 or > SampleSpec.MaxRows) r.AddError($"--sample-rows must be between 1 and {SampleSpec.MaxRows:N0}");
        });
        var command = new Command("run", "Run a job: profile live and POC extracts and write the report folder") { job, outDir, sampleRows, seed, failOn, zip };
        command.SetAction(parse =>
        {
            var spec = JobFileParser.Load(parse.GetValue(job)!);
            spec = spec with
            {
                Sample = new SampleSpec(parse.GetValue(sampleRows) ?? spec.Sample.Rows, parse.GetValue(seed) ?? spec.Sample.Seed),
            };
            var result = JobRunner.Run(spec, new RunContext(TimeProvider.System, holder.Log, parse.GetValue(outDir)!, ["datareadiness", .. args]));
            if (parse.GetValue(zip)) holder.Log.Info($"evidence pack: {RunFolder.Zip(result.RunDirectory)}");
            holder.Verdict = result.Findings.Verdict;
            holder.FailOn = parse.GetValue(failOn);
            return 0;
        });
        return command;
    }

    private static Command InitCommand()
    {
        var live = new Argument<string>("LIVE") { Description = "The live extract (CSV, Parquet or a glob)" };
        var poc = new Option<string?>("--poc") { Description = "The curated POC set", HelpName = "POC" };
        var name = new Option<string?>("--name") { Description = "The job's name (default: from the live file's name)", HelpName = "NAME" };
        var file = new Option<string?>("--output") { Description = "Where to write the job file (default: NAME.yaml here)", HelpName = "FILE" };
        var command = new Command("init", "Read a sample of an extract, infer column roles and write a commented starter job file") { live, poc, name, file };
        command.SetAction(parse =>
        {
            var livePath = parse.GetValue(live)!;
            var jobName = parse.GetValue(name) ?? SafeName(Path.GetFileNameWithoutExtension(livePath.Replace("*", "")));
            var target = Path.GetFullPath(parse.GetValue(file) ?? jobName + ".yaml");
            if (File.Exists(target))
                throw new ConfigException([new ConfigDiagnostic(target, 1, 1, "exists already; init never overwrites a job file (use --output)")]);
            var baseDirectory = Path.GetDirectoryName(target)!;
            string Relative(string p) => Path.GetRelativePath(baseDirectory, Path.GetFullPath(p));
            var dictionaries = CatalogLoader.Load([DefaultCatalog.Directory]).Dictionaries;
            var liveScan = SourceScanner.ScanSource(new SourceSpec(Path.GetFullPath(livePath)), Environment.CurrentDirectory, 10_000, 42);
            var pocPath = parse.GetValue(poc);
            var pocScan = pocPath is null ? null : SourceScanner.ScanSource(new SourceSpec(Path.GetFullPath(pocPath)), Environment.CurrentDirectory, 10_000, 42);
            var liveSide = new RuleSide("live", liveScan.Sample, liveScan.Columns.Select(ColumnProfileBuilder.Build).ToList(), liveScan.Duplicates);
            var pocSide = pocScan is null ? null : new RuleSide("poc", pocScan.Sample, pocScan.Columns.Select(ColumnProfileBuilder.Build).ToList(), pocScan.Duplicates);
            var text = StarterJob.Write(jobName, Relative(livePath), liveSide, pocPath is null ? null : Relative(pocPath), pocSide,
                dictionaries, (int)Math.Min(int.MaxValue, liveScan.RowsRead));
            // Written atomically, and checked by the same parser the run uses.
            JobFileParser.Parse(text, target);
            AtomicFiles.WriteAllText(target, text);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {target}: check the roles, then run: datareadiness run {Path.GetFileName(target)} " +
                                                           $"(from a checkout: dotnet run --project src/DataReadiness.Cli -- run {Path.GetFileName(target)})");
            return 0;
        });
        return command;
    }

    private static string SafeName(string name)
    {
        var cleaned = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray()).Trim('-', '.');
        return cleaned.Length == 0 ? "job" : cleaned;
    }

    private static Command RulesCommand()
    {
        var directory = new Argument<string?>("DIR")
        {
            Description = "A rule catalog folder or file (default: the catalog shipped with the tool)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var validate = new Command("validate", "Check a rule catalog and print every error with its file and line") { directory };
        validate.SetAction(parse =>
        {
            var path = parse.GetValue(directory) ?? DefaultCatalog.Directory;
            // Throws ConfigException with every problem; the caller prints them and exits 3.
            var catalog = CatalogLoader.Load([path]);
            var d = catalog.Dictionaries;
            parse.InvocationConfiguration.Output.WriteLine(
                $"{path}: valid. {catalog.Rules.Count} rules ({string.Join(", ", catalog.Rules.Select(r => r.Kind).Distinct())}) in {catalog.Files.Count} files; " +
                $"{d.NullTokens.Count} null tokens, {d.Placeholders.Count} placeholders, {d.Units.Count} units, {d.UomCodes.Count} UoM codes, " +
                $"{d.LegalForms.Count} legal forms, {d.NameAbbreviations.Count} name abbreviations, {d.Shorthand.Count} shorthand entries");
            return ExitCodes.Ready;
        });
        var run = new Argument<string>("RUN") { Description = "A run folder (reports/<job>/latest) or its findings.json" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the stub to this file (never over an existing one); default: print it", HelpName = "FILE" };
        var candidates = new Command("candidates", "Write the unknown shorthand tokens of a run as a glossary stub to fill in") { run, output };
        candidates.SetAction(parse =>
        {
            var path = Path.GetFullPath(parse.GetValue(run)!);
            var findingsPath = Directory.Exists(path) ? Path.Combine(path, "findings.json") : path;
            if (!File.Exists(findingsPath))
                throw new ConfigException([new ConfigDiagnostic(findingsPath, 1, 1, "no findings.json here; give a run folder or its findings.json")]);
            System.Text.Json.Nodes.JsonNode findings;
            try
            {
                findings = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(findingsPath)) as System.Text.Json.Nodes.JsonObject
                    ?? throw new System.Text.Json.JsonException("not a JSON object");
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new ConfigException([new ConfigDiagnostic(findingsPath, 1, 1, $"not a findings.json: {e.Message}")]);
            }
            var stub = GlossaryCandidates.Write(findings);
            if (parse.GetValue(output) is { } file)
            {
                var target = Path.GetFullPath(file);
                if (File.Exists(target))
                    throw new ConfigException([new ConfigDiagnostic(target, 1, 1, "exists already; candidates never overwrites a file")]);
                AtomicFiles.WriteAllText(target, stub);
                parse.InvocationConfiguration.Output.WriteLine($"wrote {target}: {GlossaryCandidates.From(findings).Count} candidates");
            }
            else parse.InvocationConfiguration.Output.Write(stub);
            return ExitCodes.Ready;
        });
        return new Command("rules", "Work with rule catalogs") { validate, candidates };
    }

    private static Command DemoCommand(string[] args, VerdictHolder holder)
    {
        var rows = new Option<int>("--rows") { Description = "Live rows to generate", DefaultValueFactory = _ => 20_000, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Generator seed", DefaultValueFactory = _ => 7, HelpName = "S" };
        var outDir = OutOption();
        rows.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 10 or > 100_000_000) r.AddError("--rows must be between 10 and 100,000,000");
        });
        var command = new Command("demo", "Generate a live + POC extract pair with known defects, then run the job on it") { rows, seed, outDir };
        command.SetAction(parse =>
        {
            var log = holder.Log;
            var reportsRoot = parse.GetValue(outDir)!;
            var directory = Path.Combine(reportsRoot, "demo");
            var world = new DemoWorld { LiveRows = parse.GetValue(rows), Seed = parse.GetValue(seed) };
            log.Info($"demo: generating {world.LiveRows:N0} live and {world.EffectivePocRows:N0} POC rows (seed {world.Seed}) in {directory}");
            var demo = DemoGenerator.Generate(world, directory);
            log.Info($"demo: ground truth in {demo.TruthDirectory} (true live accuracy {demo.Summary.LiveAccuracyTrue:P1}, POC {demo.Summary.PocAccuracyObserved:P1})");
            var spec = JobFileParser.Load(demo.JobPath);
            var result = JobRunner.Run(spec, new RunContext(TimeProvider.System, log, reportsRoot, ["datareadiness", .. args]));
            log.Info($"demo: the estimate says {result.Findings.Estimate?.ExpectedLiveAccuracy:P1}; the generator's truth is {demo.Summary.LiveAccuracyTrue:P1}");
            log.Info($"demo: open {Path.Combine(result.RunDirectory, RunFolder.ReportFile)}");
            // The demo shows a verdict but succeeds: its data is meant to be not ready.
            return ExitCodes.Ready;
        });
        return command;
    }
}
