namespace DataReadiness.Findings;

/// <summary>One column's part in telling live rows from POC rows: how much the classifier's AUC falls when it is shuffled.</summary>
public sealed record ShiftDriver(string Column, double AucDrop);

/// <summary>
/// How different live is from the POC, as one number: the AUC of a classifier trained to tell a live row from a POC row
/// (0.5: no better than a coin, the samples are alike; 1: every row gives its side away), out of fold, with a 95%
/// interval, and the columns that drive it. Columns left out: the outcome, identifiers and dates (they differ between
/// any two extracts by construction).
/// </summary>
public sealed record ShiftReport(double Auc, double AucLow, double AucHigh, int LiveRows, int PocRows, int Folds, int Features,
    IReadOnlyList<string> Columns, IReadOnlyList<string> LeftOut, IReadOnlyList<ShiftDriver> Drivers)
{
    /// <summary>
    /// The share of live rows the classifier, out of fold, is near certain are live (odds of 49 to 1 or more, the
    /// sides' sizes set aside): rows unlike any the POC holds, whose accuracy the POC cannot speak for.
    /// </summary>
    public double UnsupportedShare { get; init; }
}
