namespace DataReadiness.Findings;

/// <summary>The expected live accuracy with its interval, the method, the causes of the drop and the evidence behind it.</summary>
public sealed record AccuracyEstimate(
    double PocAccuracy,
    double ExpectedLiveAccuracy,
    Interval Interval,
    double DropPoints,
    string Method,
    bool PriorBased,
    IReadOnlyList<Contribution> Contributions,
    IReadOnlyList<KindImpact> Impacts,
    IReadOnlyList<Stratum> Strata,
    IReadOnlyList<string> Assumptions)
{
    /// <summary>How the shift classifier's weights and its unsupported rows changed the estimate; null without a classifier.</summary>
    public ShiftAdjustment? ShiftAdjustment { get; init; }

    /// <summary>Recall per true class, where the job gives <c>poc.label</c> and <c>poc.prediction</c>; null otherwise.</summary>
    public IReadOnlyList<ClassRecall>? PerClass { get; init; }

    /// <summary>The estimate from the model's own scores, beside this one, where the job gives <c>live.score</c>; null otherwise.</summary>
    public ScoreBasedEstimate? ScoreBased { get; init; }
}

/// <summary>
/// One true class: its POC rows and the model's recall on them; with the shift classifier, its expected share of live
/// rows and expected recall there (POC rows of the class weighted by their odds of being live), and how many rows'
/// worth of evidence that rests on.
/// </summary>
public sealed record ClassRecall(string Class, int PocRows, double PocRecall, double? ExpectedLiveShare, double? ExpectedLiveRecall, double? EffectiveRows);

/// <summary>
/// The estimate's use of the shift classifier (issue 18). POC rows the classifier scored are weighted by their odds of
/// being live (clipped at <paramref name="WeightCap"/>), and the weighted mean of their outcome minus the signature
/// model's accuracy corrects the estimate for what the signatures miss (<paramref name="CorrectionPoints"/>); the
/// weights' effective sample size says how many POC rows that correction really rests on. Live rows outside what the
/// POC covers (<paramref name="UnsupportedShare"/>) keep their signature's accuracy times a prior (mean and concentration
/// from the catalog), which moves the estimate by <paramref name="UnsupportedPoints"/> and widens its interval.
/// <paramref name="ShareOnPriors"/>: the share of live rows whose accuracy rests on priors rather than on POC outcomes
/// (unsupported rows, rows with a kind the POC never shows; every row in the prior-based mode).
/// </summary>
public sealed record ShiftAdjustment(
    int PocRowsWeighted,
    double EffectiveSampleSize,
    int ClippedRows,
    double WeightCap,
    double? CorrectionPoints,
    double UnsupportedShare,
    double UnsupportedImpact,
    double UnsupportedConcentration,
    double UnsupportedPoints,
    double ShareOnPriors);

/// <summary>The share of the accuracy drop one cause accounts for, in accuracy points.</summary>
public sealed record Contribution(string Cause, double Points);

/// <summary>One defect signature: its share of live and POC rows and the accuracy the estimate gives it.</summary>
public sealed record Stratum(string Signature, long LiveRows, long PocRows, double? PocAccuracyObserved, double Accuracy);

/// <summary>
/// A kind's impact (the share of the model's accuracy kept on a row it hits): the catalog's, and the estimate's, which
/// is the POC's evidence shrunk toward the catalog's; with how many POC rows it hits and how common it is on each side.
/// <c>Kind</c> is the signature element: the kind's name, or the rule's id where several rules share a kind.
/// <c>Points</c>: its share of the drop the signatures explain, split as the causes are (they add up to its family's).
/// </summary>
public sealed record KindImpact(string Kind, double CatalogImpact, double EstimatedImpact, long PocRows, double LivePrevalence, double PocPrevalence,
    double Points = 0);
