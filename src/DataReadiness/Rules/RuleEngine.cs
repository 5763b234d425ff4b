using System.Security.Cryptography;
using System.Text;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Rules.Catalog;
using DataReadiness.Statistics;

namespace DataReadiness.Rules;

/// <summary>
/// Runs a rule catalog on the live sample and, for every figure, the POC sample: the same code on both sides.
/// The engine knows two shapes of kind (a column kind, a table kind) and asks each kind the rest. A rule that
/// throws becomes an error finding and the others go on.
/// </summary>
public static class RuleEngine
{
    public const int ExamplesPerFinding = 5;

    /// <summary>
    /// Runs every rule of the catalog. <paramref name="columns"/> is what the job file says about columns (roles are
    /// inferred for the others); <paramref name="pocNames"/> gives, for columns the POC has under another name
    /// (renames), the POC's name by the live one.
    /// </summary>
    public static RuleResults Run(RuleCatalog catalog, IReadOnlyDictionary<string, ColumnSpec> columns, RuleSide live, RuleSide? poc,
        IReadOnlyDictionary<string, string>? pocNames = null)
    {
        var roles = live.Profiles.ToDictionary(p => p.Name,
            p => columns.TryGetValue(p.Name, out var spec) && spec.Role is { } role ? role : RoleInference.Infer(p.Name, p, catalog.Dictionaries),
            StringComparer.Ordinal);

        // Every (rule, column) pair is evaluated first, on all cores: rules are pure functions of the samples and
        // profiles. The results are then assembled in catalog order, so the output does not depend on scheduling.
        var evaluations = new List<Evaluation>();
        foreach (var rule in catalog.Rules)
        {
            if (rule.Kind is not IColumnRuleKind)
            {
                evaluations.Add(new Evaluation(rule, null, ColumnRole.Table, rule.Id));
                continue;
            }
            foreach (var profile in live.Profiles)
            {
                var role = roles[profile.Name];
                if (role == ColumnRole.Ignore || !rule.Columns.Matches(profile.Name, role)) continue;
                evaluations.Add(new Evaluation(rule, profile, role, pocNames?.GetValueOrDefault(profile.Name) ?? profile.Name));
            }
        }
        var outcomes = new (RuleOutcome? Live, RuleOutcome? Poc, string? Error)[evaluations.Count];
        AllCores.For(evaluations.Count, i =>
        {
            if (evaluations[i].Profile is not null) outcomes[i] = Evaluate(evaluations[i], live, poc, columns, catalog);
        });

        var findings = new List<Finding>();
        var exceptions = new List<ExceptionRow>();
        var sections = new RuleSections();
        for (int i = 0; i < evaluations.Count; i++)
        {
            var (rule, profile, role, pocName) = evaluations[i];
            if (rule.Kind is ITableRuleKind table)
            {
                var outcome = table.Evaluate(rule, live, poc);
                findings.Add(outcome.Finding);
                exceptions.AddRange(outcome.Exceptions);
                continue;
            }
            var (liveOutcome, pocOutcome, error) = outcomes[i];
            if (error is null && liveOutcome!.RowsChecked == 0 && (pocOutcome?.RowsChecked ?? 0) == 0) continue;
            findings.Add(MakeFinding(rule, profile!.Name, role, liveOutcome, pocOutcome, error));
            if (liveOutcome is not null) AddExceptions(exceptions, live, profile.Name, rule, liveOutcome);
            if (pocOutcome is not null) AddExceptions(exceptions, poc!, pocName, rule, pocOutcome);
            ((IColumnRuleKind)rule.Kind).Report(sections, profile.Name, role, liveOutcome, pocOutcome);
        }
        exceptions.Sort((a, b) =>
        {
            int c = string.CompareOrdinal(a.Source, b.Source);
            if (c == 0) c = a.Row.CompareTo(b.Row);
            if (c == 0) c = string.CompareOrdinal(a.Column, b.Column);
            return c != 0 ? c : string.CompareOrdinal(a.Rule, b.Rule);
        });
        return new RuleResults(findings, sections.VendorClusters, sections.Units, sections.Shorthand, exceptions, CatalogReportOf(catalog, roles));
    }

    /// <summary>One rule on one live column (and the same column of the POC), or a table rule (no profile).</summary>
    private sealed record Evaluation(RuleDefinition Rule, ColumnProfile? Profile, ColumnRole Role, string PocName);

    private static (RuleOutcome? Live, RuleOutcome? Poc, string? Error) Evaluate(Evaluation evaluation, RuleSide live, RuleSide? poc,
        IReadOnlyDictionary<string, ColumnSpec> specs, RuleCatalog catalog)
    {
        var (rule, profile, role, pocName) = evaluation;
        var kind = (IColumnRuleKind)rule.Kind;
        var pocValues = poc is not null && poc.Sample.Has(pocName) ? poc.Sample.Text(pocName) : null;
        var pocProfile = poc?.Profiles.FirstOrDefault(p => p.Name == pocName);
        try
        {
            var liveOutcome = kind.Evaluate(Context(live, profile!, role, pocValues, poc?.Sample, specs, catalog), rule);
            var pocOutcome = pocValues is not null && pocProfile is not null
                ? kind.Evaluate(Context(poc!, pocProfile, role, pocValues, poc!.Sample, specs, catalog), rule)
                : null;
            return (liveOutcome, pocOutcome, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (null, null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static ColumnContext Context(RuleSide side, ColumnProfile profile, ColumnRole role,
        IReadOnlyList<string?>? reference, Sampling.SampleFrame? referenceSample, IReadOnlyDictionary<string, ColumnSpec> specs, RuleCatalog catalog) => new()
        {
            ReferenceColumn = name => referenceSample is not null && referenceSample.Has(name) ? referenceSample.Text(name) : null,
            Side = side.Name,
            Column = profile.Name,
            Role = role,
            Spec = specs.GetValueOrDefault(profile.Name),
            Values = side.Sample.Text(profile.Name),
            Reference = reference,
            OtherColumn = name => side.Sample.Has(name) ? side.Sample.Text(name) : null,
            Profile = profile,
            Dictionaries = catalog.Dictionaries,
        };

    /// <summary>
    /// A column rule's finding: rows checked and hit in the live sample with the Wilson interval of the rate, the POC's
    /// figures, and the most frequent hit values (ties in ordinal order) with their suggestions.
    /// </summary>
    private static Finding MakeFinding(RuleDefinition rule, string column, ColumnRole role, RuleOutcome? live, RuleOutcome? poc, string? error)
    {
        long checkedRows = live?.RowsChecked ?? 0;
        long affected = live?.Hits.Count ?? 0;
        var (low, high) = Wilson.Interval(affected, checkedRows);
        var examples = (live?.Hits ?? []).GroupBy(h => h.Value, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(ExamplesPerFinding)
            .Select(g => new FindingExample(g.Key, g.Count(), g.First().Suggestion)).ToList();
        return new Finding(rule.Id, rule.Kind.Name, rule.Kind.Family, column, role, rule.Severity, rule.Impact,
            checkedRows, affected, checkedRows == 0 ? 0 : (double)affected / checkedRows, new Interval(low, high), "sample",
            poc?.RowsChecked, poc?.Hits.Count, poc is null || poc.RowsChecked == 0 ? null : (double)poc.Hits.Count / poc.RowsChecked,
            examples, error);
    }

    private static void AddExceptions(List<ExceptionRow> exceptions, RuleSide side, string column, RuleDefinition rule, RuleOutcome outcome)
    {
        foreach (var hit in outcome.Hits)
        {
            var row = side.Sample.Rows[hit.Index];
            exceptions.Add(new ExceptionRow(row.File, row.Row, column, rule.Id, rule.Kind.Name, hit.Value, hit.Suggestion));
        }
    }

    private static CatalogReport CatalogReportOf(RuleCatalog catalog, IReadOnlyDictionary<string, ColumnRole> roles)
    {
        var lines = string.Concat(catalog.Files.Select(f => $"{FileHash.Sha256(f)}  {Path.GetFileName(f)}\n"));
        return new CatalogReport(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines))),
            catalog.Files, catalog.Rules.Count, roles);
    }
}
