namespace DataReadiness.Rules;

/// <summary>The causes the estimate splits the accuracy drop into; every kind belongs to one.</summary>
public static class RuleFamilies
{
    public const string Nulls = "nulls";
    public const string Units = "units";
    public const string Vendors = "vendors";
    public const string Shorthand = "shorthand";
    public const string Hygiene = "hygiene";
}
