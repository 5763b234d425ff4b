namespace DataReadiness.Rules;

/// <summary>
/// The run's columns by their live names, and where each is in the POC (a rename gives it another name there):
/// the rules name columns the live way on both sides.
/// </summary>
public sealed class ColumnNames(RuleSide live, RuleSide? poc, IReadOnlyDictionary<string, string>? pocNames)
{
    /// <summary>The live columns, in the extract's order.</summary>
    public IReadOnlyList<string> Live { get; } = live.Profiles.Select(p => p.Name).ToList();

    /// <summary>The POC's name of a live column (the same name unless it was renamed).</summary>
    public string InPoc(string liveName) => pocNames?.GetValueOrDefault(liveName) ?? liveName;

    /// <summary>A live column's sampled values; null when live has no such column.</summary>
    public IReadOnlyList<string?>? LiveColumn(string liveName) => live.Sample.Has(liveName) ? live.Sample.Text(liveName) : null;

    /// <summary>The POC's sampled values of a live column; null when there is no POC or it lacks the column.</summary>
    public IReadOnlyList<string?>? PocColumn(string liveName) =>
        poc is not null && poc.Sample.Has(InPoc(liveName)) ? poc.Sample.Text(InPoc(liveName)) : null;
}
