namespace DataReadiness.Rules;

/// <summary>The parameters of a kind that has none.</summary>
public sealed record NoParameters
{
    public static readonly NoParameters Instance = new();
}
