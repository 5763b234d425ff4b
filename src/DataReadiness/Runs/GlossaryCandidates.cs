using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace DataReadiness.Runs;

/// <summary>
/// The unknown shorthand tokens of a run (findings.json <c>shorthand[].tokens</c> without an expansion) as a glossary
/// stub a user fills in: a catalog file whose <c>shorthand:</c> lists every candidate commented out, most frequent
/// first, with its rows and columns. As written it loads as an empty glossary; each line uncommented and given its
/// expansion becomes an entry (one left without an expansion is an error at its line).
/// </summary>
public static class GlossaryCandidates
{
    public sealed record Candidate(string Token, long Rows, IReadOnlyList<string> Columns);

    /// <summary>The candidates of a findings document, most rows first.</summary>
    public static IReadOnlyList<Candidate> From(JsonNode findings)
    {
        var byToken = new Dictionary<string, (long Rows, SortedSet<string> Columns)>(StringComparer.Ordinal);
        foreach (var section in findings["shorthand"]?.AsArray() ?? [])
        {
            var column = (string?)section?["column"] ?? "";
            foreach (var token in section?["tokens"]?.AsArray() ?? [])
            {
                if (token?["expansion"] is not null) continue;
                var text = (string?)token?["token"];
                if (string.IsNullOrEmpty(text)) continue;
                var entry = byToken.GetValueOrDefault(text, (0, new SortedSet<string>(StringComparer.Ordinal)));
                entry.Columns.Add(column);
                byToken[text] = (entry.Rows + ((long?)token?["count"] ?? 0), entry.Columns);
            }
        }
        return byToken.Select(t => new Candidate(t.Key, t.Value.Rows, t.Value.Columns.ToList()))
            .OrderByDescending(c => c.Rows).ThenBy(c => c.Token, StringComparer.Ordinal).ToList();
    }

    /// <summary>The stub: a header saying what to do, then every candidate commented out under <c>shorthand:</c>.</summary>
    public static string Write(JsonNode findings)
    {
        var candidates = From(findings);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Glossary candidates from run {(string?)findings["run_id"]} of job '{JobName(findings)}': ");
        text.Append(CultureInfo.InvariantCulture, $"{candidates.Count} abbreviations the glossary does not know, most rows first.\n");
        text.Append("# Uncomment the ones you know and write their expansion (`xfr: transfer`); leave the rest as they are.\n");
        text.Append("# Put this file in a folder of your own and list it after the default catalog in the job file:\n");
        text.Append("#   rules: [default, site-rules/]\n");
        text.Append("# then check it with: datareadiness rules validate site-rules/\n");
        text.Append("shorthand:\n");
        foreach (var c in candidates)
            text.Append(CultureInfo.InvariantCulture, $"  # {Quoted(c.Token)}:    # {c.Rows:N0} row{(c.Rows == 1 ? "" : "s")} in {string.Join(", ", c.Columns)}\n");
        return text.ToString();
    }

    private static string? JobName(JsonNode findings) => findings["job"] switch
    {
        JsonObject job => (string?)job["name"],
        JsonValue name => (string?)name,
        _ => null,
    };

    // A key YAML reads as written: plain where it can be, else single-quoted.
    private static string Quoted(string token) =>
        token.Length > 0 && token.All(ch => char.IsLetterOrDigit(ch) || ch is '.' or '-' or '_') && !char.IsDigit(token[0])
            ? token
            : "'" + token.Replace("'", "''") + "'";
}
