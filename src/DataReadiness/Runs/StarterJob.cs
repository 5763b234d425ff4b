using System.Globalization;
using System.Text;
using DataReadiness.Findings;
using DataReadiness.Rules;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Runs;

/// <summary>Writes a commented starter job file from what a first pass over the data suggests.</summary>
public static class StarterJob
{
    /// <summary>
    /// The job file text: sources, the inferred role of each column (with a unit for measures whose name says one),
    /// the POC's outcome column when one column looks like a 1/0 outcome, and a gate to edit.
    /// </summary>
    public static string Write(string name, string livePath, IReadOnlyList<ColumnProfile> live, string? pocPath,
        IReadOnlyList<ColumnProfile>? poc, RuleDictionaries dictionaries, int liveRows)
    {
        var text = new StringBuilder();
        text.Append("# Starter job file written by `datareadiness init`. Check the roles below, then run:\n");
        text.Append(CultureInfo.InvariantCulture, $"#   datareadiness run {name}.yaml\n");
        text.Append(CultureInfo.InvariantCulture, $"name: {name}\n");
        text.Append(CultureInfo.InvariantCulture, $"live: {{ path: {Quote(livePath)} }}\n");
        string? outcome = null;
        if (pocPath is not null && poc is not null)
        {
            // A POC column the live data lacks that holds only 0/1 (or true/false) is most likely the model's outcome.
            outcome = poc.Where(c => !live.Any(l => l.Name == c.Name) && c.Present > 0 &&
                                     c.TopValues.Count <= 2 && c.TopValues.All(v => Estimation.SignatureBuilder.TryOutcome(v.Value, out _)))
                .Select(c => c.Name).FirstOrDefault();
            text.Append("poc:\n");
            text.Append(CultureInfo.InvariantCulture, $"  path: {Quote(pocPath)}\n");
            text.Append(outcome is null
                ? "  # outcome: model_correct   # the POC column with 1/0 per row, if the model's results are there\n  accuracy: 0.90             # else the POC's headline accuracy: EDIT ME\n"
                : $"  outcome: {outcome}        # found: a 1/0 column the live data does not have\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"sample: {{ rows: {Math.Min(100_000, Math.Max(1000, liveRows)).ToString(CultureInfo.InvariantCulture)}, seed: 42 }}\n");
        text.Append("columns:                     # roles: key, vendor, measure, uom, free_text, category, date, id, number, text, ignore\n");
        foreach (var c in live)
        {
            var role = RoleInference.Infer(c.Name, c, dictionaries);
            var extra = "";
            if (role == ColumnRole.Measure)
            {
                var parts = c.Name.ToLowerInvariant().Split('_', '-', ' ');
                var unit = parts.Reverse().FirstOrDefault(p => dictionaries.UnitBySpelling.ContainsKey(p));
                extra = unit is null ? ", unit: EDIT_ME" : $", unit: {dictionaries.UnitBySpelling[unit]}";
                text.Append("  # add per: <quantity column>, group_by: <item column> to compare values per unit within each item\n");
            }
            text.Append(CultureInfo.InvariantCulture, $"  {Quote(c.Name)}: {{ role: {ContractNames.Of(role)}{extra} }}");
            text.Append(CultureInfo.InvariantCulture, $"   # {ContractNames.Of(c.InferredType)}, {(c.Completeness * 100).ToString("0", CultureInfo.InvariantCulture)}% complete, ~{c.Distinct.Estimate.ToString(CultureInfo.InvariantCulture)} distinct\n");
        }
        text.Append("rules: [ default ]           # add your own catalog folder after it, e.g. [ default, site-rules/ ]\n");
        text.Append(pocPath is null
            ? "# gate: { min_expected_accuracy: 0.85, max_drop_points: 10 }   # needs a poc: with an outcome column or accuracy\n"
            : "gate: { min_expected_accuracy: 0.85, max_drop_points: 10 }   # EDIT: what the pilot needs\n");
        return text.ToString();
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or '*')
            ? value
            : "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
