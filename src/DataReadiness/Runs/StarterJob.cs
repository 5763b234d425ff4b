using System.Globalization;
using System.Text;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Rules;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Runs;

/// <summary>Writes a commented starter job file from what a first pass over the data suggests.</summary>
public static class StarterJob
{
    /// <summary>
    /// The job file text: sources, the POC's outcome column when one column looks like a 1/0 outcome, what the
    /// values show of each column (the run judges this itself: written commented out, with its reasons, for a user
    /// to override), and a gate to edit.
    /// </summary>
    public static string Write(string name, string livePath, RuleSide liveSide, string? pocPath, RuleSide? pocSide,
        RuleDictionaries dictionaries, int liveRows)
    {
        var live = liveSide.Profiles;
        var poc = pocSide?.Profiles;
        var text = new StringBuilder();
        text.Append("# Starter job file written by `datareadiness init`. Check the roles below, then run:\n");
        text.Append(CultureInfo.InvariantCulture, $"#   datareadiness run {name}.yaml\n");
        text.Append(CultureInfo.InvariantCulture, $"# (from a checkout: dotnet run --project src/DataReadiness.Cli -- run {name}.yaml)\n");
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
                ? "  # outcome: model_correct   # the POC column with 1/0 per row, if the model's results are there\n" +
                  "  # accuracy: 0.90           # else the POC's headline accuracy: uncomment and give the real figure\n"
                : $"  outcome: {outcome}        # found: a 1/0 column the live data does not have\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"sample: {{ rows: {Math.Min(100_000, Math.Max(1000, liveRows)).ToString(CultureInfo.InvariantCulture)}, seed: 42 }}\n");
        text.Append("# What the values show of each column. A run judges this itself, from the values of both sides; to override\n");
        text.Append("# it, uncomment a line (roles: key, vendor, measure, uom, free_text, category, date, id, number, text, ignore;\n");
        text.Append("# a measure may add unit:, per: <quantity column> and group_by: <item column>).\n");
        text.Append("# columns:\n");
        var names = new ColumnNames(liveSide, pocSide, null);
        var noSpecs = new Dictionary<string, ColumnSpec>();
        foreach (var c in live)
        {
            var evidence = RuleEngine.EvidenceOf(c, noSpecs, liveSide, pocSide, names, dictionaries);
            var roles = evidence.Roles.Select(r => ContractNames.Of(r.Role)).ToList();
            text.Append(CultureInfo.InvariantCulture, $"#   {Quote(c.Name)}: {{ role: {roles[0]} }}");
            text.Append(CultureInfo.InvariantCulture, $"   # {string.Join(" and ", roles)}: {string.Join("; ", evidence.Roles.Select(r => r.Reason))}{Missing(c, dictionaries)}\n");
        }
        text.Append("rules: [ default ]           # add your own catalog folder after it, e.g. [ default, site-rules/ ]\n");
        text.Append(pocPath is null
            ? "# gate: { min_expected_accuracy: 0.85, max_drop_points: 10 }   # needs a poc: with an outcome column or accuracy\n"
            : "gate: { min_expected_accuracy: 0.85, max_drop_points: 10 }   # EDIT: what the pilot needs\n" +
              "# also: max_shift_auc: 0.75 (how far live may differ from the POC), max_unsupported_share: 0.5 (default),\n" +
              "#   for nightly runs max_drop_vs_previous_points: 5, min_expected_accuracy_over_last: { runs: 7, min: 0.85 }\n");
        return text.ToString();
    }

    /// <summary>
    /// How much of a column is missing, null-like tokens (<c>N/A</c>, <c>NULL</c>) included: the role's reason counts
    /// filled values only, and would otherwise read "100% numbers" of a column 40% <c>N/A</c>.
    /// </summary>
    private static string Missing(ColumnProfile column, RuleDictionaries dictionaries)
    {
        var tokens = column.TopValues.Where(v => dictionaries.NullTokens.Contains(v.Value.Trim())).ToList();
        long missing = column.Nulls + column.Blanks + tokens.Sum(v => v.Count);
        if (missing == 0 || column.Rows == 0) return "";
        string forms = tokens.Count == 0 ? "" : $", {string.Join(", ", tokens.Take(3).Select(v => v.Value))}";
        return string.Create(CultureInfo.InvariantCulture, $"; {missing:N0} of {column.Rows:N0} values ({100.0 * missing / column.Rows:0.0}%) empty or null-like{forms}");
    }

    // A glob's '*' would start a YAML alias, so anything but plain path characters is quoted.
    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '/')
            ? value
            : "\"" + string.Concat(value.Select(c => c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                // YAML's double-quoted escapes: a control character (a header of random bytes) stays one line.
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            })) + "\"";
}
