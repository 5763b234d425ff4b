namespace DataReadiness.Cli;

/// <summary>The exit codes a scheduler branches on (DESIGN section 3, Soda v3's convention).</summary>
public static class ExitCodes
{
    public const int Ready = 0;
    public const int Conditional = 1;
    public const int NotReady = 2;
    public const int InvalidConfiguration = 3;
    public const int InputOrUnexpectedError = 4;

    /// <summary>The exit code of a completed run: ready 0, conditional 1, not ready 2.</summary>
    public static int FromVerdict(string verdict) => verdict switch
    {
        Estimation.VerdictDecider.Ready => Ready,
        Estimation.VerdictDecider.Conditional => Conditional,
        Estimation.VerdictDecider.NotReady => NotReady,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "unknown verdict"),
    };
}
