using System.Globalization;
using DataReadiness.Demo;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Runs;
using DataReadiness.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace DataReadiness.Tests.Rules;

/// <summary>
/// A whole column in another unit and a column gone one-third blank, run with plain job files: each must be found,
/// named first among the verdict's findings, and keep the verdict from `ready`. On real measurements nobody here
/// wrote (the UCI steel plates, POC = odd rows, live = even rows with one change), and on the demo generator.
/// </summary>
public class ColumnShiftVerdictTests(ITestOutputHelper output)
{
    private static RunResult Run(string jobPath) =>
        JobRunner.Run(JobFileParser.Load(jobPath), new RunContext(new FakeTimeProvider(DateTimeOffset.UnixEpoch), new SilentLog(),
            Path.Combine(Path.GetDirectoryName(jobPath)!, "reports"), []));

    /// <summary>Steel plates split in two halves of one population; <paramref name="change"/> edits a live row.</summary>
    private static string SteelJob(TempDirectory dir, Action<Dictionary<string, string>, int> change, (string From, string To)? renamed = null,
        (string From, string To)? named = null)
    {
        var rows = TestCsv.Read(RealData.PathOf("steel_plates/SteelPlatesFaults_Clean.csv"), out var header);
        string Line(IEnumerable<string> values) => string.Join(',', values);
        // named: a column given another name on both sides (one that says its unit); renamed: on the live side only.
        header = header.Select(h => named is { } n && h == n.From ? n.To : h).ToArray();
        var liveHeader = header.Select(h => renamed is { } r && h == r.From ? r.To : h).ToArray();
        var poc = new List<string> { Line(header) };
        var live = new List<string> { Line(liveHeader) };
        for (int i = 0; i < rows.Count; i++)
        {
            if (i % 2 == 0)
            {
                poc.Add(Line(rows[i]));
                continue;
            }
            var row = header.Select((h, c) => (h, rows[i][c])).ToDictionary(p => p.h, p => p.Item2);
            change(row, i / 2);
            live.Add(Line(liveHeader.Select(h => row[h])));
        }
        File.WriteAllLines(Path.Combine(dir.Path, "poc.csv"), poc);
        File.WriteAllLines(Path.Combine(dir.Path, "live.csv"), live);
        return dir.File("steel.yaml", """
            name: steel
            live: { path: live.csv }
            poc: { path: poc.csv, accuracy: 0.9 }
            gate: { min_expected_accuracy: 0.8, max_drop_points: 10 }
            """);
    }

    private void AssertNamedFirst(RunResult run, string rule, string column)
    {
        output.WriteLine($"verdict {ContractNames.Of(run.Findings.Verdict)}: {string.Join(" | ", run.Findings.Gate.Reasons)}");
        Assert.NotEqual(Verdict.Ready, run.Findings.Verdict);
        var firstFinding = run.Findings.Gate.Reasons.First(r => r.Contains(" on ", StringComparison.Ordinal) && r.Contains("sampled rows", StringComparison.Ordinal));
        Assert.StartsWith($"{rule} on {column}:", firstFinding);
    }

    [Fact]
    public void A_steel_thickness_column_written_in_inches_is_a_whole_column_in_another_unit()
    {
        using var dir = new TempDirectory();
        var job = SteelJob(dir, (row, _) => row["Steel_Plate_Thickness"] =
            (double.Parse(row["Steel_Plate_Thickness"], CultureInfo.InvariantCulture) / 25.4).ToString("0.###", CultureInfo.InvariantCulture));
        var run = Run(job);
        var finding = run.Findings.Findings.Single(f => f.Kind == "unit_magnitude" && f.Column == "Steel_Plate_Thickness");
        Assert.True(finding.Rate >= 0.95, $"rate {finding.Rate:P1}");
        Assert.Equal(Severity.Fail, finding.Severity);
        Assert.Contains("mm → in", finding.Note);
        // The suggestion is the value in the POC's unit.
        Assert.All(finding.Examples, e => Assert.Equal(double.Parse(e.Value, CultureInfo.InvariantCulture) * 25.4,
            double.Parse(e.Suggestion!, CultureInfo.InvariantCulture), 0.05));
        Assert.Equal("mm → in (x0.03937)", run.Findings.Units.Single(u => u.Column == "Steel_Plate_Thickness").WholeColumn);
        AssertNamedFirst(run, "units.magnitude", "Steel_Plate_Thickness");
        // No other column of real measurements is taken for another unit.
        Assert.DoesNotContain(run.Findings.Findings, f => f.Kind == "unit_magnitude" && f.Column != "Steel_Plate_Thickness" && f.RowsAffected > 0);
    }

    /// <summary>
    /// Real measurement columns given a name that says their unit, live converted whole: the sensor cases of the
    /// issue (pressure psi to kPa, temperature Celsius to Kelvin and to Fahrenheit, downtime hours to minutes).
    /// </summary>
    [Theory]
    [InlineData("Length_of_Conveyer", "hyd_pressure_psi", 6.894757, 0.0, "psi → kpa")]
    [InlineData("Maximum_of_Luminosity", "oil_temp_degc", 1.0, 273.15, "C → K")]
    [InlineData("Maximum_of_Luminosity", "oil_temp_degc", 1.8, 32.0, "C → F")]
    [InlineData("Steel_Plate_Thickness", "downtime_hours", 60.0, 0.0, "h → min")]
    public void A_measure_written_whole_in_another_unit_is_found_by_its_pair_of_units(string source, string name, double scale, double shift, string pair)
    {
        using var dir = new TempDirectory();
        var job = SteelJob(dir, (row, _) => row[name] = (double.Parse(row[name], CultureInfo.InvariantCulture) * scale + shift).ToString("0.###", CultureInfo.InvariantCulture),
            named: (source, name));
        var run = Run(job);
        var finding = run.Findings.Findings.Single(f => f.Kind == "unit_magnitude" && f.Column == name);
        output.WriteLine($"{name}: {finding.Note}, rate {finding.Rate:P1}");
        Assert.Contains(pair, finding.Note, StringComparison.OrdinalIgnoreCase);
        Assert.True(finding.Rate >= 0.95, $"rate {finding.Rate:P1}");
        AssertNamedFirst(run, "units.magnitude", name);
        Assert.DoesNotContain(run.Findings.Findings, f => f.Kind == "unit_magnitude" && f.Column != name && f.RowsAffected > 0);
    }

    [Fact]
    public void A_pressure_in_bar_renamed_and_written_in_psi_is_matched_and_found()
    {
        using var dir = new TempDirectory();
        var job = SteelJob(dir, (row, _) =>
        {
            row["hyd_press"] = (double.Parse(row["hyd_pressure_bar"], CultureInfo.InvariantCulture) * 14.503774).ToString("0.###", CultureInfo.InvariantCulture);
            row.Remove("hyd_pressure_bar");
        }, renamed: ("hyd_pressure_bar", "hyd_press"), named: ("Length_of_Conveyer", "hyd_pressure_bar"));
        var run = Run(job);
        var rename = Assert.Single(run.Findings.Schema!.Renamed);
        Assert.Equal(("hyd_pressure_bar", "hyd_press"), (rename.Poc, rename.Live));
        var finding = run.Findings.Findings.Single(f => f.Kind == "unit_magnitude" && f.Column == "hyd_press");
        output.WriteLine($"hyd_press: {finding.Note}");
        Assert.Contains("bar → psi", finding.Note, StringComparison.OrdinalIgnoreCase);
        AssertNamedFirst(run, "units.magnitude", "hyd_press");
    }

    [Fact]
    public void A_column_renamed_and_written_in_another_unit_is_matched_to_the_poc_and_found()
    {
        using var dir = new TempDirectory();
        var job = SteelJob(dir, (row, _) =>
        {
            row["Plate_Thickness_in"] = (double.Parse(row["Steel_Plate_Thickness"], CultureInfo.InvariantCulture) / 25.4).ToString("0.###", CultureInfo.InvariantCulture);
            row.Remove("Steel_Plate_Thickness");
        }, renamed: ("Steel_Plate_Thickness", "Plate_Thickness_in"));
        var run = Run(job);
        var rename = Assert.Single(run.Findings.Schema!.Renamed);
        Assert.Equal(("Steel_Plate_Thickness", "Plate_Thickness_in"), (rename.Poc, rename.Live));
        var finding = run.Findings.Findings.Single(f => f.Kind == "unit_magnitude" && f.Column == "Plate_Thickness_in");
        Assert.Contains("mm → in", finding.Note);
        AssertNamedFirst(run, "units.magnitude", "Plate_Thickness_in");
    }

    [Fact]
    public void A_steel_column_gone_one_third_blank_is_named_first_and_the_verdict_is_not_ready()
    {
        using var dir = new TempDirectory();
        var job = SteelJob(dir, (row, i) => { if (i % 3 == 0) row["Pixels_Areas"] = ""; });
        var run = Run(job);
        var finding = run.Findings.Findings.Single(f => f.Kind == "null_like" && f.Column == "Pixels_Areas");
        Assert.InRange(finding.Rate, 0.3, 0.37);
        AssertNamedFirst(run, "nulls.null_like", "Pixels_Areas");
    }

    [Fact]
    public void A_plain_job_on_the_unchanged_halves_is_ready()
    {
        using var dir = new TempDirectory();
        var run = Run(SteelJob(dir, (_, _) => { }));
        output.WriteLine(string.Join(" | ", run.Findings.Gate.Reasons));
        Assert.Equal(Verdict.Ready, run.Findings.Verdict);
        // Two halves of one population: the classifier cannot tell them apart (cross-fitted, so it cannot learn the rows).
        var shift = Assert.IsType<ShiftReport>(run.Findings.Shift);
        output.WriteLine($"shift AUC {shift.Auc} [{shift.AucLow}, {shift.AucHigh}]");
        Assert.InRange(shift.Auc, 0.4, 0.6);
        Assert.True(shift.UnsupportedShare <= 0.05, $"unsupported {shift.UnsupportedShare}");
    }

    [Fact]
    public void A_sensor_column_in_another_unit_is_what_tells_live_from_the_poc()
    {
        using var dir = new TempDirectory();
        var run = Run(SteelJob(dir, (row, _) => row["Steel_Plate_Thickness"] =
            (double.Parse(row["Steel_Plate_Thickness"], CultureInfo.InvariantCulture) / 25.4).ToString("0.###", CultureInfo.InvariantCulture)));
        var shift = Assert.IsType<ShiftReport>(run.Findings.Shift);
        output.WriteLine($"shift AUC {shift.Auc}; drivers {string.Join(", ", shift.Drivers.Select(d => $"{d.Column} {d.AucDrop}"))}");
        Assert.True(shift.Auc >= 0.95, $"AUC {shift.Auc}");
        Assert.Equal("Steel_Plate_Thickness", shift.Drivers[0].Column);
        // Every live row has a thickness no POC row has: none is covered, and the verdict says so first.
        Assert.True(shift.UnsupportedShare >= 0.95, $"unsupported {shift.UnsupportedShare}");
        Assert.Equal(Verdict.NotReady, run.Findings.Verdict);
        Assert.StartsWith("live data outside what the POC covers", run.Findings.Gate.Reasons[0]);
        Assert.Contains(run.Findings.Gate.Reasons, r => r.StartsWith("a classifier tells live rows from POC rows at AUC", StringComparison.Ordinal));
    }

    [Fact]
    public void A_nightly_run_that_falls_from_the_last_one_is_not_ready_and_says_by_how_much()
    {
        using var dir = new TempDirectory();
        string Nightly(string job)
        {
            File.WriteAllText(job, File.ReadAllText(job).Replace("max_drop_points: 10 }", "max_drop_points: 50, max_drop_vs_previous_points: 5 }", StringComparison.Ordinal));
            return job;
        }
        var first = Run(Nightly(SteelJob(dir, (_, _) => { })));
        Assert.Equal(Verdict.Ready, first.Findings.Verdict);
        // The next night the thickness sensor reports inches: tonight's expected accuracy against last night's.
        var second = Run(Nightly(SteelJob(dir, (row, _) => row["Steel_Plate_Thickness"] =
            (double.Parse(row["Steel_Plate_Thickness"], CultureInfo.InvariantCulture) / 25.4).ToString("0.###", CultureInfo.InvariantCulture))));
        output.WriteLine(string.Join(" | ", second.Findings.Gate.Reasons));
        Assert.Equal(Verdict.NotReady, second.Findings.Verdict);
        Assert.Contains(second.Findings.Gate.Reasons, r => r.Contains("points below the previous run's", StringComparison.Ordinal)
            && r.Contains(first.Findings.RunId, StringComparison.Ordinal));
    }

    [Fact]
    public void With_a_shift_gate_a_live_the_classifier_tells_apart_is_not_ready()
    {
        using var dir = new TempDirectory();
        var job = SteelJob(dir, (row, _) => row["Pixels_Areas"] =
            (double.Parse(row["Pixels_Areas"], CultureInfo.InvariantCulture) * 1.5).ToString("0.###", CultureInfo.InvariantCulture));
        File.WriteAllText(job, File.ReadAllText(job).Replace("max_drop_points: 10 }", "max_drop_points: 10, max_shift_auc: 0.7 }", StringComparison.Ordinal));
        var run = Run(job);
        output.WriteLine(string.Join(" | ", run.Findings.Gate.Reasons));
        Assert.Equal(0.7, run.Findings.Gate.Gate?.MaxShiftAuc);
        Assert.Equal(Verdict.NotReady, run.Findings.Verdict);
        Assert.Contains(run.Findings.Gate.Reasons, r => r.Contains("above the gate's 0.70", StringComparison.Ordinal) && r.Contains("Pixels_Areas", StringComparison.Ordinal));
    }

    [Fact]
    public void A_demo_world_whose_live_weights_are_all_in_pounds_is_never_ready()
    {
        using var dir = new TempDirectory();
        var demo = DemoGenerator.Generate(new DemoWorld { LiveRows = 6000, Seed = 23, LiveWeightInPounds = true }, Path.Combine(dir.Path, "demo"));
        var run = Run(demo.JobPath);
        var finding = run.Findings.Findings.Single(f => f.Kind == "unit_magnitude" && f.Column == "gross_weight_kg");
        Assert.Contains("kg → lb", finding.Note);
        Assert.True(finding.Rate >= 0.9, $"rate {finding.Rate:P1}");
        var truth = TestCsv.Read(Path.Combine(demo.TruthDirectory, "defects.csv"))
            .Where(t => t[0] == "live" && t[2] == "gross_weight_kg" && t[3] == DefectKinds.UnitPounds).Select(t => long.Parse(t[1], CultureInfo.InvariantCulture)).ToHashSet();
        var sampled = run.Rules.Exceptions.Where(e => e.Source == "inputs/live.csv").Select(e => e.Row).ToHashSet();
        var flagged = run.Rules.Exceptions.Where(e => e.Kind == "unit_magnitude" && e.Column == "gross_weight_kg" && e.Source == "inputs/live.csv").Select(e => e.Row).ToHashSet();
        double precision = (double)flagged.Count(truth.Contains) / flagged.Count;
        output.WriteLine($"whole column in pounds: {flagged.Count} flagged, precision {precision:P1}");
        Assert.True(precision >= 0.9, $"precision {precision:P1}");
        Assert.NotEqual(Verdict.Ready, run.Findings.Verdict);
        AssertNamedFirst(run, "units.magnitude", "gross_weight_kg");
    }
}
