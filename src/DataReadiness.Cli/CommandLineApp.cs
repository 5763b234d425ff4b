using System.CommandLine;
using DataReadiness.Demo;
using DataReadiness.Jobs;
using DataReadiness.Rules.Catalog;
using DataReadiness.Runs;
using DataReadiness.Sources;

namespace DataReadiness.Cli;

/// <summary>The datareadiness command: parses arguments, runs the engine, maps outcomes to exit codes.</summary>
public static class CommandLineApp
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var log = new StderrLog(error);
        var root = BuildCommands(args, log);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) error.WriteLine($"error: {e.Message}");
            error.WriteLine("Run 'datareadiness --help' for usage.");
            return ExitCodes.InvalidConfiguration;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (ConfigException e)
        {
            foreach (var d in e.Diagnostics) error.WriteLine(d.ToString());
            log.Error($"the job or rule files have {e.Diagnostics.Count} problem(s); nothing was run");
            return ExitCodes.InvalidConfiguration;
        }
        catch (SourceReadException e)
        {
            log.Error(e.Message);
            return ExitCodes.InputOrUnexpectedError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Error(e.Message);
            return ExitCodes.InputOrUnexpectedError;
        }
        catch (Exception e)
        {
            log.Error($"unexpected error: {e}");
            return ExitCodes.InputOrUnexpectedError;
        }
    }

    private static RootCommand BuildCommands(string[] args, StderrLog log)
    {
        var root = new RootCommand("DataReadiness: measures how far a live ERP/MES extract is from the curated POC set an AI pilot was demoed on.");
        root.Subcommands.Add(RunCommand(args, log));
        root.Subcommands.Add(DemoCommand(args, log));
        root.Subcommands.Add(RulesCommand());
        return root;
    }

    private static Option<string> OutOption() => new("--out")
    {
        Description = "Reports root: runs go to DIR/<job>/<run-id>/",
        DefaultValueFactory = _ => "reports",
        HelpName = "DIR",
    };

    private static Command RunCommand(string[] args, StderrLog log)
    {
        var job = new Argument<string>("JOB.yaml") { Description = "The job file" };
        var outDir = OutOption();
        var sampleRows = new Option<int?>("--sample-rows") { Description = "Rows sampled per side (overrides the job file)", HelpName = "N" };
        var seed = new Option<long?>("--seed") { Description = "Sampling seed (overrides the job file)", HelpName = "S" };
        sampleRows.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<int?>();
            if (value is < 1 or > SampleSpec.MaxRows) r.AddError($"--sample-rows must be between 1 and {SampleSpec.MaxRows:N0}");
        });
        var zip = new Option<bool>("--zip") { Description = "Also write the run folder as <run-id>.zip, the Gate 0 evidence pack" };
        var command = new Command("run", "Run a job: profile live and POC extracts and write the report folder") { job, outDir, sampleRows, seed, zip };
        command.SetAction(parse =>
        {
            var spec = JobFileParser.Load(parse.GetValue(job)!);
            spec = spec with
            {
                Sample = new SampleSpec(parse.GetValue(sampleRows) ?? spec.Sample.Rows, parse.GetValue(seed) ?? spec.Sample.Seed),
            };
            var result = JobRunner.Run(spec, new RunContext(new SystemClock(), log, parse.GetValue(outDir)!, ["datareadiness", .. args]));
            if (parse.GetValue(zip)) log.Info($"evidence pack: {RunFolder.Zip(result.RunDirectory)}");
            return ExitCodes.FromVerdict(result.Findings.Verdict);
        });
        return command;
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
        return new Command("rules", "Work with rule catalogs") { validate };
    }

    private static Command DemoCommand(string[] args, StderrLog log)
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
            var reportsRoot = parse.GetValue(outDir)!;
            var directory = Path.Combine(reportsRoot, "demo");
            var world = new DemoWorld { LiveRows = parse.GetValue(rows), Seed = parse.GetValue(seed) };
            log.Info($"demo: generating {world.LiveRows:N0} live and {world.EffectivePocRows:N0} POC rows (seed {world.Seed}) in {directory}");
            var demo = DemoGenerator.Generate(world, directory);
            log.Info($"demo: ground truth in {demo.TruthDirectory} (true live accuracy {demo.Summary.LiveAccuracyTrue:P1}, POC {demo.Summary.PocAccuracyObserved:P1})");
            var spec = JobFileParser.Load(demo.JobPath);
            var result = JobRunner.Run(spec, new RunContext(new SystemClock(), log, reportsRoot, ["datareadiness", .. args]));
            log.Info($"demo: the estimate says {result.Findings.Estimate?.ExpectedLiveAccuracy:P1}; the generator's truth is {demo.Summary.LiveAccuracyTrue:P1}");
            // The demo shows a verdict but succeeds: its data is meant to be not ready.
            return ExitCodes.Ready;
        });
        return command;
    }
}
