using DataReadiness.Findings;

namespace DataReadiness.Rules;

/// <summary>
/// The findings.json sections that rule kinds fill beside their findings (vendor clusters, units, shorthand), in
/// the order kinds report them. Kinds add to them in <see cref="ColumnRuleKind{TParameters}.Report"/>.
/// </summary>
public sealed class RuleSections
{
    private readonly List<VendorClusterReport> _vendorClusters = new();
    private readonly Dictionary<string, UnitReport> _units = new(StringComparer.Ordinal);
    private readonly List<ShorthandReport> _shorthand = new();

    public IReadOnlyList<VendorClusterReport> VendorClusters => _vendorClusters;
    public IReadOnlyList<UnitReport> Units => _units.Values.ToList();
    public IReadOnlyList<ShorthandReport> Shorthand => _shorthand;

    /// <summary>A column's vendor clusters; the first rule to report a column's clusters wins.</summary>
    public void AddVendorClusters(string column, IEnumerable<VendorClusterReport> clusters)
    {
        if (_vendorClusters.Any(c => c.Column == column)) return;
        _vendorClusters.AddRange(clusters);
    }

    /// <summary>Units found in a measure column; the first expected unit reported for a column stays.</summary>
    public void AddUnitsFound(string column, ColumnRole role, string? expectedUnit, string expectedFrom, IEnumerable<UnitCount> detected,
        string? per = null, string? groupBy = null, string? groupingFoundBy = null, string? wholeColumn = null)
    {
        var existing = _units.GetValueOrDefault(column);
        _units[column] = new UnitReport(column, role, existing?.ExpectedUnit ?? expectedUnit,
            existing?.ExpectedUnit is not null ? existing.ExpectedFrom : expectedFrom,
            WithoutDoubleCounts([.. existing?.Detected ?? [], .. detected]), existing?.MixedUom ?? [])
        {
            Per = existing?.Per ?? per,
            GroupBy = existing?.GroupBy ?? groupBy,
            GroupingFoundBy = existing?.GroupingFoundBy ?? groupingFoundBy,
            WholeColumn = existing?.WholeColumn ?? wholeColumn,
        };
    }

    /// <summary>
    /// A plain number at another unit's magnitude is a plain number too: the unit rule counts it under the column's
    /// unit and the magnitude rule under the other. Counted once, under the other, the counts add up to the rows
    /// (they read 10,642 in a 10,000-row sample).
    /// </summary>
    private static List<UnitCount> WithoutDoubleCounts(List<UnitCount> detected)
    {
        long atOtherMagnitude = detected.Where(d => d.DetectedBy.StartsWith("magnitude", StringComparison.Ordinal)).Sum(d => d.Rows);
        if (atOtherMagnitude == 0) return detected;
        return detected.Select(d => d.DetectedBy.EndsWith("plain number", StringComparison.Ordinal)
                ? d with { Rows = Math.Max(0, d.Rows - atOtherMagnitude) }
                : d)
            .Where(d => d.Rows > 0).ToList();
    }

    /// <summary>The UoM codes of a unit-of-measure column and the items recorded in several of them.</summary>
    public void AddUomCodes(string column, ColumnRole role, IEnumerable<UnitCount> codes, IEnumerable<MixedUomReport> mixed, string? item = null)
    {
        var previous = _units.GetValueOrDefault(column);
        _units[column] = new UnitReport(column, role, null, "codes", [.. previous?.Detected ?? [], .. codes], mixed.ToList()) { GroupBy = item };
    }

    public void AddShorthand(ShorthandReport report) => _shorthand.Add(report);
}
