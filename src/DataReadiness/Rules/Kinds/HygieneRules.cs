using System.Globalization;
using System.Runtime.InteropServices;
using DataReadiness.Profiling;
using DataReadiness.Rules.Catalog;
using DataReadiness.Text;
using DataReadiness.Values;

namespace DataReadiness.Rules.Kinds;

/// <summary>Leading or trailing whitespace: invisible in a spreadsheet, a different value to a join or a model.</summary>
public sealed class WhitespaceRule(RuleDefinition definition) : RowRule(definition)
{
    protected override CellTest Prepare(ColumnContext column) => (string value, out string? suggestion) =>
    {
        suggestion = value.Trim();
        return suggestion.Length != value.Length;
    };
}

/// <summary>One category written in several cases (HAM1, ham1, Ham1): the POC's spelling, else the most frequent, is canonical.</summary>
public sealed class CaseVariantRule(RuleDefinition definition) : RowRule(definition)
{
    protected override CellTest Prepare(ColumnContext column)
    {
        var canonical = new Dictionary<string, string>(StringComparer.Ordinal);
        void Learn(IEnumerable<string?> values)
        {
            // Spellings counted per case-folded form in one pass; the most frequent (then the first in ordinal order) wins.
            var spellings = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
            foreach (var raw in values)
            {
                if (string.IsNullOrWhiteSpace(raw)) continue;
                var v = raw.Trim();
                var key = v.ToUpperInvariant();
                if (!spellings.TryGetValue(key, out var counts)) spellings[key] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
                counts[v] = counts.GetValueOrDefault(v) + 1;
            }
            foreach (var (key, counts) in spellings)
                canonical.TryAdd(key, counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First().Key);
        }
        if (column.Reference is not null) Learn(column.Reference);
        Learn(column.Values);
        return (string value, out string? suggestion) =>
        {
            var trimmed = value.Trim();
            suggestion = canonical.GetValueOrDefault(trimmed.ToUpperInvariant());
            return suggestion is not null && suggestion != trimmed;
        };
    }
}

/// <summary>Text damaged by a wrong encoding on the way (MÃ¼ller) or already lost (U+FFFD); suggests the repair.</summary>
public sealed class EncodingDamageRule(RuleDefinition definition) : RowRule(definition)
{
    protected override CellTest Prepare(ColumnContext column) => (string value, out string? suggestion) =>
    {
        suggestion = null;
        if (!Mojibake.LooksDamaged(value)) return false;
        var repaired = Mojibake.Repair(value);
        suggestion = repaired == value ? null : repaired;
        return true;
    };
}

/// <summary>
/// Values that do not have the column's type (a number column with "12 kg", a date column with "next week").
/// Null-like tokens are left to the null rule.
/// </summary>
public sealed class TypeConformanceRule(RuleDefinition definition) : RowRule(definition)
{
    protected override CellTest Prepare(ColumnContext column)
    {
        var type = column.Profile.InferredType;
        var tokens = column.Dictionaries.NullTokens;
        return (string value, out string? suggestion) =>
        {
            suggestion = null;
            var trimmed = value.Trim();
            if (tokens.Contains(trimmed)) return false;
            var kind = ValueClassifier.Classify(trimmed, out _, out _, out _);
            return type switch
            {
                "integer" => kind != ValueKind.Integer,
                "decimal" => kind is not (ValueKind.Integer or ValueKind.Decimal),
                "date" or "datetime" => kind is not (ValueKind.Date or ValueKind.DateTime),
                "boolean" => kind != ValueKind.Boolean,
                _ => false,
            };
        };
    }
}

/// <summary>
/// Dates written in a layout other than the column's usual one (the POC's, else the most common); suggests the date
/// in the usual layout, reading day-or-month-first slash dates the way the column's unambiguous ones are written.
/// </summary>
public sealed class DateFormatRule(RuleDefinition definition) : RowRule(definition)
{
    protected override CellTest Prepare(ColumnContext column)
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
