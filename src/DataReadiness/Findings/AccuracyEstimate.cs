namespace DataReadiness.Findings;

/// <summary>The expected live accuracy with its interval, the method, the causes of the drop and the evidence behind it.</summary>
public sealed record AccuracyEstimate(
    double PocAccuracy,
    double ExpectedLiveAccuracy,
    double[] Interval,
    double DropPoints,
    string Method,
    bool PriorBased,
    IReadOnlyList<Contribution> Contributions,
    IReadOnlyList<Retention> Retention,
    IReadOnlyList<Stratum> Strata,
    IReadOnlyList<string> Assumptions);

/// <summary>The share of the accuracy drop one cause accounts for, in accuracy points.</summary>
public sealed record Contribution(string Cause, double Points);

/// <summary>One defect signature: its share of live and POC rows and the accuracy the estimate gives it.</summary>
public sealed record Stratum(string Signature, long LiveRows, long PocRows, double? PocAccuracyObserved, double Accuracy);

/// <summary>How much accuracy a row keeps when a rule kind hits it: the POC's evidence shrunk toward the catalog's prior.</summary>
public sealed record Retention(string Kind, double Prior, double Estimate, long PocRows, double LivePrevalence, double PocPrevalence);
