using System.Globalization;
using System.Text;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Runs;
using DataReadiness.Values;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DataReadiness.Bench.RealData;

/// <summary>One split of the steel plates: a real model's real accuracy on live, and what a plain job estimated.</summary>
public sealed record RealModelResult(string Split, int TrainRows, int PocRows, int LiveRows, double PocAccuracy, double TrueLiveAccuracy,
    double Estimate, double Low, double High, Verdict Verdict, double? ShiftAuc, double? UnsupportedShare, string FirstReason,
    IReadOnlyList<ClassRecall> PerClass, IReadOnlyDictionary<string, double> TrueLiveRecall, ScoreBasedEstimate? ScoreBased)
{
    public double? ScoreErrorPoints => ScoreBased is { } s ? 100 * (s.ExpectedLiveAccuracy - TrueLiveAccuracy) : null;
    public bool ScoreCovers => ScoreBased is { } s && TrueLiveAccuracy >= s.Interval.Low && TrueLiveAccuracy <= s.Interval.High;

    public double ErrorPoints => 100 * (Estimate - TrueLiveAccuracy);
    public bool Covers => TrueLiveAccuracy >= Low && TrueLiveAccuracy <= High;
}

/// <summary>
/// A real model on real data under a real shift (issue 18): the UCI steel plates (1,941 plates, 27 measurements, 7
/// fault classes). A multiclass model (ML.NET, SDCA maximum entropy on min-max normalised measurements) is trained on
/// a part of one population; its per-row outcome on a held-out part is the POC, the rows of another population are
/// live, and the model's accuracy there is the truth. Splits by a stable hash of the row number. Each split is then
/// run as a plain job (no <c>columns:</c>), as a user would, with the model's score per row (its probability for the
/// class it predicts) on both sides for the confidence-based estimate beside the model-free one.
/// </summary>
public static class RealModelBenchmark
{
    private const string File = "steel_plates/SteelPlatesFaults_Clean.csv";
    private static readonly string[] Faults = ["Pastry_Fault", "Z_Scratch_Fault", "K_Scatch_Fault", "Stains_Fault", "Dirtiness_Fault", "Bumps_Fault", "Other_Faults"];

    public static List<RealModelResult> Run(string dataDirectory, string work)
    {
        var lines = System.IO.File.ReadAllLines(Path.Combine(dataDirectory, File));
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        int Column(string name) => Array.IndexOf(header, name);
        var features = header.Where(h => !Faults.Contains(h)).ToArray();
        // Each row's quarter, by a stable hash of its number: the same quarters on every machine.
        int Quarter(int i) => (int)(StableHash.Of(i.ToString(CultureInfo.InvariantCulture), 18) % 4);
        bool A400(int i) => rows[i][Column("TypeOfSteel_A400")] == "1";
        var all = Enumerable.Range(0, rows.Count).ToList();
        double conveyorMedian = Median(rows.Select(r => double.Parse(r[Column("Length_of_Conveyer")], CultureInfo.InvariantCulture)));
        double areaMedian = Median(all.Where(A400).Select(i => double.Parse(rows[i][Column("Pixels_Areas")], CultureInfo.InvariantCulture)));
        bool LargeDefect(int i) => double.Parse(rows[i][Column("Pixels_Areas")], CultureInfo.InvariantCulture) > areaMedian;
        bool ShortConveyor(int i) => double.Parse(rows[i][Column("Length_of_Conveyer")], CultureInfo.InvariantCulture) <= conveyorMedian;
        var splits = new (string Name, Func<int, bool> Population, Func<int, bool> Live)[]
        {
            ("steel type A400, held-out rows as live (no shift)", A400, i => A400(i) && Quarter(i) == 3),
            ("trained on A400, live is steel type A300", A400, i => !A400(i)),
            ("trained on the shorter conveyors, live is the longer", ShortConveyor, i => !ShortConveyor(i)),
            // A shift inside what the POC covers: the held-out rows of the same steel type, the larger defects only.
            ("steel type A400, held-out rows with the larger defects", A400, i => A400(i) && Quarter(i) == 3 && LargeDefect(i)),
        };
        var results = new List<RealModelResult>();
        foreach (var (name, population, isLive) in splits)
        {
            var train = all.Where(i => population(i) && Quarter(i) is 0 or 1).ToList();
            var poc = all.Where(i => population(i) && Quarter(i) == 2).ToList();
            var live = all.Where(i => isLive(i) && !(population(i) && Quarter(i) != 3)).ToList();
            var predict = Train(rows, header, features, train);
            var (pocLabels, pocPredicted, pocScores) = predict(poc);
            var (liveLabels, livePredicted, liveScores) = predict(live);
            var pocCorrect = pocLabels.Select((l, k) => l == pocPredicted[k]).ToList();
            var liveCorrect = liveLabels.Select((l, k) => l == livePredicted[k]).ToList();
            var trueRecall = liveLabels.Select((l, k) => (l, Hit: l == livePredicted[k])).GroupBy(p => p.l, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(p => p.Hit) / (double)g.Count(), StringComparer.Ordinal);
            var dir = Path.Combine(work, "realmodel", results.Count.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            WriteCsv(Path.Combine(dir, "poc.csv"), header, features, rows, poc, pocScores, (pocLabels, pocPredicted));
            WriteCsv(Path.Combine(dir, "live.csv"), header, features, rows, live, liveScores, null);
            var job = Path.Combine(dir, "steel.yaml");
            System.IO.File.WriteAllText(job, """
                name: steel
                live: { path: live.csv, score: confidence }
                poc: { path: poc.csv, label: fault, prediction: predicted_fault, score: confidence }
                gate: { max_drop_points: 10 }

                """);
            var run = JobRunner.Run(JobFileParser.Load(job), new RunContext(TimeProvider.System, new SilentLog(), Path.Combine(dir, "reports"), []));
            var estimate = run.Findings.Estimate!;
            results.Add(new RealModelResult(name, train.Count, poc.Count, live.Count, pocCorrect.Count(c => c) / (double)poc.Count,
                liveCorrect.Count(c => c) / (double)live.Count, estimate.ExpectedLiveAccuracy, estimate.Interval.Low, estimate.Interval.High,
                run.Findings.Verdict, run.Findings.Shift?.Auc, run.Findings.Shift?.UnsupportedShare, run.Findings.Gate.Reasons.Count > 0 ? run.Findings.Gate.Reasons[0] : "",
                estimate.PerClass ?? [], trueRecall, estimate.ScoreBased));
        }
        return results;
    }

    /// <summary>Trains the model on the given rows; returns, for any rows, each one's true fault, the model's, and its probability for it.</summary>
    private static Func<List<int>, (List<string> Labels, List<string> Predicted, List<float> Scores)> Train(List<string[]> rows, string[] header, string[] features, List<int> train)
    {
        var ml = new MLContext(18);
        DataFrame Frame(List<int> which)
        {
            var frame = new DataFrame();
            foreach (var feature in features)
            {
                int c = Array.IndexOf(header, feature);
                frame.Columns.Add(new PrimitiveDataFrameColumn<float>(feature, which.Select(i => float.Parse(rows[i][c], CultureInfo.InvariantCulture))));
            }
            frame.Columns.Add(new StringDataFrameColumn("Label", which.Select(i => Faults.First(f => rows[i][Array.IndexOf(header, f)] == "1"))));
            return frame;
        }
        var pipeline = ml.Transforms.Concatenate("Features", features)
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(Frame(train));
        return which =>
        {
            var frame = Frame(which);
            var scored = model.Transform(frame);
            var predicted = scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(p => p.ToString()).ToList();
            // The predicted class is the most probable one: its probability is the largest of the row's.
            var confidence = scored.GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().Max()).ToList();
            var truth = (StringDataFrameColumn)frame.Columns["Label"];
            return (Enumerable.Range(0, predicted.Count).Select(k => truth[k]).ToList(), predicted, confidence);
        };
    }

    private static void WriteCsv(string path, string[] header, string[] features, List<string[]> rows, List<int> which, List<float> scores,
        (List<string> Labels, List<string> Predicted)? classes)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', features)).Append(",confidence").Append(classes is null ? "\n" : ",fault,predicted_fault\n");
        var columns = features.Select(f => Array.IndexOf(header, f)).ToArray();
        for (int k = 0; k < which.Count; k++)
        {
            text.Append(string.Join(',', columns.Select(c => rows[which[k]][c])));
            text.Append(',').Append(scores[k].ToString("0.####", CultureInfo.InvariantCulture));
            if (classes is { } c) text.Append(',').Append(c.Labels[k]).Append(',').Append(c.Predicted[k]);
            text.Append('\n');
        }
        System.IO.File.WriteAllText(path, text.ToString());
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>Per class: POC rows and recall, the expected live share and recall, and the true live recall.</summary>
    public static string ClassTable(RealModelResult result)
    {
        var text = new StringBuilder();
        text.AppendLine("| class | POC rows | POC recall | expected live share | expected live recall (effective rows) | true live recall |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var c in result.PerClass)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {c.Class} | {c.PocRows} | {c.PocRecall:0.00} | {c.ExpectedLiveShare:P0} | {c.ExpectedLiveRecall:0.00} ({c.EffectiveRows:0}) | " +
                $"{(result.TrueLiveRecall.TryGetValue(c.Class, out var r) ? r.ToString("0.00", CultureInfo.InvariantCulture) : "–")} |"));
        return text.ToString();
    }

    public static string Table(IEnumerable<RealModelResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| split | train / POC / live rows | POC accuracy | true live accuracy | estimate [95%] | error | from the model's scores [95%] | error | shift AUC | unsupported | verdict |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in results)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Split} | {r.TrainRows} / {r.PocRows} / {r.LiveRows} | {r.PocAccuracy:P1} | {r.TrueLiveAccuracy:P1} | {r.Estimate:P1} [{r.Low:P1}, {r.High:P1}] | " +
                $"{r.ErrorPoints:+0.0;-0.0} | {r.ScoreBased?.ExpectedLiveAccuracy:P1} [{r.ScoreBased?.Interval.Low:P1}, {r.ScoreBased?.Interval.High:P1}] | {r.ScoreErrorPoints:+0.0;-0.0} | " +
                $"{r.ShiftAuc:0.00} | {r.UnsupportedShare:P0} | {ContractNames.Of(r.Verdict)} |"));
        return text.ToString();
    }

    /// <summary>The POC's calibration check of the model's scores, per split.</summary>
    public static string CalibrationTable(IEnumerable<RealModelResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| split | POC rows | scores expect | observed | calibration error | p | calibrated |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in results)
            if (r.ScoreBased?.Calibration is { } c)
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Split} | {c.PocRows} | {c.ExpectedFromScores:P1} | {c.Observed:P1} | {c.ExpectedCalibrationError:P1} | {c.PValue:0.000} | {(c.Holds ? "yes" : "no")} |"));
        return text.ToString();
    }
}
