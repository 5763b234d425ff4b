namespace DataReadiness.Cli;

/// <summary>The exit codes a scheduler branches on (DESIGN section 3, Soda v3's convention).</summary>
public static class ExitCodes
{
    public const int Ready = 0;
    public const int Conditional = 1;
    public const int NotReady = 2;
    public const int InvalidConfiguration = 3;
    public const int InputOrUnexpectedError = 4;
}
