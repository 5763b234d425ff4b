using DataReadiness.Findings;

namespace DataReadiness.Cli;

/// <summary>How a command ended, before it becomes an exit code.</summary>
public enum Outcome { Completed, InvalidCommandLine, InvalidConfiguration, InputUnreadable, UnexpectedError }

/// <summary>Which verdicts make a run exit non-zero (--fail-on).</summary>
public enum FailOn { Warn, Fail, Never }

/// <summary>
/// The exit codes a scheduler branches on (DESIGN section 3, Soda v3's convention), from one pure function. Priority:
/// a run that did not complete says why (3 for the command line, job or rule files, 4 for an input that could not be
/// read, worth a retry, 5 for an internal error, a bug not worth one), before any verdict; a completed run maps its verdict through --fail-on: warn (the default)
/// gives ready 0, conditional 1, not ready 2; fail gives 0, 0, 2; never gives 0 whatever the verdict.
/// </summary>
public static class ExitCodes
{
    public const int Ready = 0;
    public const int Conditional = 1;
    public const int NotReady = 2;
    public const int InvalidConfiguration = 3;
    public const int InputUnreadable = 4;
    public const int InternalError = 5;

    public static int For(Outcome outcome, Verdict? verdict = null, FailOn failOn = FailOn.Warn) => outcome switch
    {
        Outcome.InvalidCommandLine or Outcome.InvalidConfiguration => InvalidConfiguration,
        Outcome.InputUnreadable => InputUnreadable,
        Outcome.UnexpectedError => InternalError,
        _ => (verdict, failOn) switch
        {
            (_, FailOn.Never) => Ready,
            (null or Verdict.Ready, _) => Ready,
            (Verdict.Conditional, FailOn.Warn) => Conditional,
            (Verdict.Conditional, FailOn.Fail) => Ready,
            (Verdict.NotReady, _) => NotReady,
            _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "unknown verdict"),
        },
    };
}
