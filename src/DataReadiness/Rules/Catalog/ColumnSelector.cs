using DataReadiness.Findings;

namespace DataReadiness.Rules.Catalog;

/// <summary>Which columns a rule runs on: any column, columns with these roles, or these names.</summary>
public sealed record ColumnSelector(bool Any, IReadOnlyList<ColumnRole> Roles, IReadOnlyList<string> Names)
{
    public static readonly ColumnSelector AnyColumn = new(true, [], []);

    public bool Matches(string column, ColumnRole role) => Any || Names.Contains(column) || Roles.Contains(role);
}
