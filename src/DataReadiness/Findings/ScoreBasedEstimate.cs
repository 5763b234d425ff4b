namespace DataReadiness.Findings;

/// <summary>What a per-row model score means: the probability of the class the model predicted, or of the positive class of a binary model.</summary>
public enum ScoreMeaning { Confidence, PositiveClass }

/// <summary>
/// Confidence-based performance estimation (NannyML's CBPE; issue 18): the model's expected accuracy on live from its own
/// per-row scores, each a probability that the row's prediction is right, calibrated on the POC's outcomes. Shown beside
/// the model-free estimate; it sees what the model's inputs do to its confidence, and misses what they do to its
/// correctness when the model is confidently wrong (a shift the model was not trained for).
/// </summary>
public sealed record ScoreBasedEstimate(
    double ExpectedLiveAccuracy,
    Interval Interval,
    string Method,
    string LiveScoreColumn,
    int LiveRowsScored,
    int LiveRowsWithoutScore,
    double LiveMeanScore,
    ScoreCalibration? Calibration);

/// <summary>
/// The POC's check of the scores against its outcomes: the accuracy the raw scores expect and the one observed, the
/// expected calibration error over bins of equal rows, and its p-value under perfect calibration (outcomes drawn from the
/// scores themselves). <paramref name="Holds"/>: the scores are calibrated within chance or within 2 points. Live scores are
/// mapped through the POC's isotonic fit of outcome on score either way (a no-op, within noise, where calibration holds).
/// </summary>
public sealed record ScoreCalibration(
    string PocScoreColumn,
    int PocRows,
    int PocRowsWithoutScore,
    double ExpectedFromScores,
    double Observed,
    double ExpectedCalibrationError,
    double PValue,
    bool Holds,
    IReadOnlyList<CalibrationBin> Bins);

/// <summary>One bin of POC rows by score: its score range, rows, mean score and observed accuracy.</summary>
public sealed record CalibrationBin(double Low, double High, int Rows, double MeanScore, double Accuracy);
