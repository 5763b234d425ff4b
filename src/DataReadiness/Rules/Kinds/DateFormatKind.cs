using System.Globalization;
using System.Runtime.InteropServices;
using DataReadiness.Values;

namespace DataReadiness.Rules.Kinds;

/// <summary>
/// Dates written in a layout other than the column's usual one (the POC's, else the most common); suggests the date
/// in the usual layout, reading day-or-month-first slash dates the way the column's unambiguous ones are written.
/// </summary>
public sealed class DateFormatKind : RowRuleKind<NoParameters>
{
    public override string Name => "date_format";
    public override string Family => RuleFamilies.Hygiene;
    public override string Description => "dates in another layout than the column's usual one";

    protected override NoParameters Read(ParameterReader reader) => NoParameters.Instance;

    public override Applicability AppliesTo(ColumnEvidence column)
    {
        double dates = column.Share(f => f.Dates);
        return dates >= 0.5
            ? Applicability.Yes($"{dates * 100:0}% of values are dates")
            : Applicability.No($"not dates ({dates * 100:0}% of values)");
    }

    /// <summary>A date hit's form is its layout.</summary>
    public override string FormOf(CellHit hit)
    {
        var kind = ValueClassifier.Classify(hit.Value.Trim(), out _, out _, out int format);
        return kind is ValueKind.Date or ValueKind.DateTime ? ValueClassifier.FormatName(format) : hit.Value;
    }

    protected override CellTest Prepare(ColumnContext column, NoParameters parameters)
    {
        // Each distinct text is classified once: the column's values are read twice here, and date columns repeat.
        var classified = new Dictionary<string, (ValueKind Kind, DateTime When, int Format)>(StringComparer.Ordinal);
        (ValueKind Kind, DateTime When, int Format) Classify(string trimmed)
        {
            ref var known = ref CollectionsMarshal.GetValueRefOrAddDefault(classified, trimmed, out bool seen);
            if (!seen)
            {
                var kind = ValueClassifier.Classify(trimmed, out _, out var when, out var format);
                known = (kind, when, format);
            }
            return known;
        }
        IEnumerable<(int Format, DateTime When)> Dates(IEnumerable<string?> values)
        {
            foreach (var v in values)
            {
                if (string.IsNullOrWhiteSpace(v)) continue;
                var (kind, when, format) = Classify(v.Trim());
                if (kind is ValueKind.Date or ValueKind.DateTime) yield return (format, when);
            }
        }
        var reference = Dates(column.Reference ?? column.Values).ToList();
        if (reference.Count == 0) reference = Dates(column.Values).ToList();
        if (reference.Count == 0) return (string _, out string? s) => { s = null; return false; };
        int usual = reference.GroupBy(d => d.Format).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var slashOrders = Dates(column.Values).Where(d => ValueClassifier.FormatName(d.Format) is "dd/MM/yyyy" or "MM/dd/yyyy")
            .GroupBy(d => d.Format).ToDictionary(g => ValueClassifier.FormatName(g.Key), g => g.Count());
        bool monthFirst = slashOrders.GetValueOrDefault("MM/dd/yyyy") > slashOrders.GetValueOrDefault("dd/MM/yyyy");
        var usualLayout = ValueClassifier.FormatName(usual);
        return (string value, out string? suggestion) =>
        {
            suggestion = null;
            var trimmed = value.Trim();
            var (kind, when, format) = Classify(trimmed);
            if (kind is not (ValueKind.Date or ValueKind.DateTime) || format == usual) return false;
            if (format == ValueClassifier.AmbiguousSlashDate && monthFirst)
                DateTime.TryParseExact(trimmed, "MM/dd/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out when);
            if (!usualLayout.Contains(' ')) suggestion = when.ToString(usualLayout, CultureInfo.InvariantCulture);
            return true;
        };
    }
}
