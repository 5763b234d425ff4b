namespace DataReadiness.Configuration;

/// <summary>One problem in a configuration file, located as Scriban and MSBuild do: file(line,col): message.</summary>
public sealed record ConfigDiagnostic(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}({Line},{Column}): {Message}";
}
