using DataReadiness.Findings;

namespace DataReadiness.Rules.Catalog;

/// <summary>Which columns a rule runs on: any column, columns with these roles, or these names.</summary>
public sealed record ColumnSelector(bool Any, IReadOnlyList<ColumnRole> Roles, IReadOnlyList<string> Names)
{
    public static readonly ColumnSelector AnyColumn = new(true, [], []);

    public bool Matches(string column, IEnumerable<ColumnRole> roles) => Any || Names.Contains(column) || roles.Any(Roles.Contains);

    /// <summary>The selector as the catalog writes it, for a reason in findings.json.</summary>
    public override string ToString() => Any ? "any" : string.Join("; ", new[]
    {
        Roles.Count > 0 ? "roles " + string.Join(", ", Roles.Select(r => ContractNames.Of(r))) : null,
        Names.Count > 0 ? "names " + string.Join(", ", Names) : null,
    }.Where(p => p is not null));
}
