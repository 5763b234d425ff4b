using System.Globalization;
using DataReadiness.Findings;

namespace DataReadiness.Reporting;

/// <summary>The report's first lines in words a project lead reads: the change, what the figure rests on, the causes.</summary>
public static class ReportHeadline
{
    /// <summary>Causes below this many points are not named: they would read as "0.0 points".</summary>
    public const double SmallestNamedPoints = 0.05;

    public static string Change(double dropPoints) => dropPoints >= SmallestNamedPoints
        ? $"a drop of {Points(dropPoints)} points"
        : dropPoints <= -SmallestNamedPoints ? $"a gain of {Points(-dropPoints)} points" : "no change";

    /// <summary>
    /// What share of the figure the POC's measured outcomes carry and what share rests on assumed effects: live rows
    /// outside what the POC covers, and rows with a defect the POC never shows, take the catalog's priors.
    /// </summary>
    public static string Basis(AccuracyEstimate estimate)
    {
        if (estimate.PriorBased)
            return "No measured outcome stands behind this figure: the job gives the POC's accuracy but no outcome per row, " +
                   "so it rests wholly on assumed effects (the rule catalog's priors for each defect).";
        double assumed = Math.Clamp(estimate.ShiftAdjustment?.ShareOnPriors ?? ShareWithUnseenKinds(estimate), 0, 1);
        if (assumed < 0.005)
            return "Every live row looks like POC rows the model was tested on: the figure rests on measured outcomes.";
        return $"{Percent(1 - assumed)} of live rows look like POC rows the model was tested on; for the other {Percent(assumed)} " +
               "the estimate rests on assumed effects (the rule catalog's priors for defects the POC never shows, or rows " +
               "outside what the POC covers), which no outcome here checks.";
    }

    /// <summary>The share of live rows whose signature holds a kind no POC row has.</summary>
    private static double ShareWithUnseenKinds(AccuracyEstimate estimate)
    {
        var unseen = estimate.Impacts.Where(i => i.PocRows == 0).Select(i => i.Kind).ToHashSet(StringComparer.Ordinal);
        long live = estimate.Strata.Sum(s => s.LiveRows);
        if (live == 0) return 0;
        long onPriors = estimate.Strata.Where(s => s.Signature.Split('+').Any(unseen.Contains)).Sum(s => s.LiveRows);
        return (double)onPriors / live;
    }

    /// <summary>The three biggest causes of the drop that are worth naming, in plain words, with their points.</summary>
    public static IReadOnlyList<(string Words, double Points)> Causes(AccuracyEstimate estimate) =>
        estimate.Contributions.Where(c => c.Points >= SmallestNamedPoints).OrderByDescending(c => c.Points).Take(3)
            .Select(c => (Words(c.Cause), c.Points)).ToList();

    public static string Words(string cause) => cause switch
    {
        "vendors" => "vendor names spelled differently, or not in the POC",
        "units" => "numbers in another unit",
        "shorthand" => "operator shorthand in free text",
        "nulls" => "missing and null-like values",
        "hygiene" => "general hygiene: types, date layouts, whitespace, duplicates",
        "shift" => "live rows mixed unlike the POC's (the same defects in other proportions)",
        "unsupported" => "live rows unlike anything in the POC",
        "unexplained" => "causes no rule explains",
        _ => cause,
    };

    private static string Points(double points) => points.ToString("0.0", CultureInfo.InvariantCulture);
    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
