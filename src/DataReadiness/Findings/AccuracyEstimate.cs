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
    IReadOnlyList<string> Assumptions);

/// <summary>The share of the accuracy drop one cause accounts for, in accuracy points.</summary>
public sealed record Contribution(string Cause, double Points);

/// <summary>One defect signature: its share of live and POC rows and the accuracy the estimate gives it.</summary>
public sealed record Stratum(string Signature, long LiveRows, long PocRows, double? PocAccuracyObserved, double Accuracy);

/// <summary>
/// A kind's impact (the share of the model's accuracy kept on a row it hits): the catalog's, and the estimate's, which
/// is the POC's evidence shrunk toward the catalog's; with how many POC rows it hits and how common it is on each side.
/// <c>Kind</c> is the signature element: the kind's name, or the rule's id where several rules share a kind.
/// </summary>
public sealed record KindImpact(string Kind, double CatalogImpact, double EstimatedImpact, long PocRows, double LivePrevalence, double PocPrevalence);
