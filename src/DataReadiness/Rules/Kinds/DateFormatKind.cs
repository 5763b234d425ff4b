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

    /// <summary>The format index given to eight-digit yyyyMMdd dates, which the classifier calls integers.</summary>
    private const int CompactFormat = -2;

    /// <summary>A date hit's form is its layout.</summary>
    public override string FormOf(CellHit hit)
    {
        var (kind, _, format) = Read(hit.Value.Trim());
        return kind is ValueKind.Date or ValueKind.DateTime ? LayoutName(format) : hit.Value;
    }

    private static string LayoutName(int format) => format == CompactFormat ? "yyyyMMdd" : ValueClassifier.FormatName(format);

    /// <summary>A value as a date column reads it: the classifier's reading, and eight digits as yyyyMMdd.</summary>
    private static (ValueKind Kind, DateTime When, int Format) Read(string trimmed)
    {
        var kind = ValueClassifier.Classify(trimmed, out _, out var when, out var format);
        if (kind == ValueKind.Integer && ValueClassifier.TryCompactDate(trimmed, out var compact)) return (ValueKind.Date, compact, CompactFormat);
        return (kind, when, format);
    }

    protected override CellTest Prepare(ColumnContext column, NoParameters parameters)
    {
        // Each distinct text is classified once: the column's values are read twice here, and date columns repeat.
        var classified = new Dictionary<string, (ValueKind Kind, DateTime When, int Format)>(StringComparer.Ordinal);
        (ValueKind Kind, DateTime When, int Format) Classify(string trimmed)
        {
            ref var known = ref CollectionsMarshal.GetValueRefOrAddDefault(classified, trimmed, out bool seen);
            if (!seen) known = Read(trimmed);
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
        var slashOrders = Dates(column.Values).Where(d => LayoutName(d.Format) is "dd/MM/yyyy" or "MM/dd/yyyy")
            .GroupBy(d => d.Format).ToDictionary(g => LayoutName(g.Key), g => g.Count());
        bool monthFirst = slashOrders.GetValueOrDefault("MM/dd/yyyy") > slashOrders.GetValueOrDefault("dd/MM/yyyy");
        var usualPattern = usual == CompactFormat ? "yyyyMMdd" : ValueClassifier.FormatPattern(usual);
        bool usualHasTime = usualPattern.Contains(':');
        return (string value, out string? suggestion) =>
        {
            suggestion = null;
            var trimmed = value.Trim();
            var (kind, when, format) = Classify(trimmed);
            if (kind is not (ValueKind.Date or ValueKind.DateTime) || format == usual) return false;
            if (format == ValueClassifier.AmbiguousSlashDate && monthFirst)
                DateTime.TryParseExact(trimmed, "MM/dd/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out when);
            // Rewritten only where nothing is lost or invented: a date as a date, a time stamp as a time stamp.
            if ((kind == ValueKind.DateTime) == usualHasTime) suggestion = when.ToString(usualPattern, CultureInfo.InvariantCulture);
            return true;
        };
    }
}
