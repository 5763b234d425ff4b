using System.Security.Cryptography;
using System.Text;
using DataReadiness.Findings;
using DataReadiness.Jobs;
using DataReadiness.Profiling;
using DataReadiness.Rules.Catalog;
using DataReadiness.Rules.Kinds;
using DataReadiness.Sampling;
using DataReadiness.Statistics;

namespace DataReadiness.Rules;

/// <summary>Everything the rules found on both sides, shaped for findings.json and exceptions.csv.</summary>
public sealed record RuleResults(
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<VendorClusterReport> VendorClusters,
    IReadOnlyList<UnitReport> Units,
    IReadOnlyList<ShorthandReport> Shorthand,
    IReadOnlyList<ExceptionRow> Exceptions,
    CatalogReport Catalog);

/// <summary>One side as the rules see it: its sample, full-pass profiles and duplicate sketch.</summary>
public sealed record RuleSide(string Name, Sample Sample, IReadOnlyList<ColumnProfile> Profiles, DuplicateRowSketch Duplicates);

/// <summary>
/// Runs a rule catalog on the live sample and, for every figure, the POC sample: the same code on both sides.
/// A rule that throws becomes an error finding and the others go on.
/// </summary>
public static class RuleEngine
{
    public const int ExamplesPerFinding = 5;

    // pocNames: for columns the POC has under another name (renames), the POC's name by the live one.
    public static RuleResults Run(RuleCatalog catalog, JobSpec job, RuleSide live, RuleSide? poc, IReadOnlyDictionary<string, string>? pocNames = null)
    {
        var roles = live.Profiles.ToDictionary(p => p.Name,
            p => job.Columns.TryGetValue(p.Name, out var spec) && spec.Role is not null ? spec.Role : RoleInference.Infer(p.Name, p, catalog.Dictionaries),
            StringComparer.Ordinal);
        var liveColumns = Columns(live.Sample);
        var pocColumns = poc is null ? null : Columns(poc.Sample);

        var findings = new List<Finding>();
        var exceptions = new List<ExceptionRow>();
        var clusters = new List<VendorClusterReport>();
        var units = new Dictionary<string, UnitReport>(StringComparer.Ordinal);
        var shorthand = new List<ShorthandReport>();

        // Every (rule, column) pair is evaluated first, on all cores: rules are pure functions of the samples and
        // profiles. The results are then assembled in catalog order, so the output does not depend on scheduling.
        var evaluations = new List<Evaluation>();
        foreach (var rule in catalog.Rules)
        {
            var kind = RuleKinds.Known[rule.Kind];
            if (kind.Scope == RuleKinds.Scope.Table)
            {
                evaluations.Add(new Evaluation(rule, kind, null, null, "table", rule.Id));
                continue;
            }
            var instance = kind.Create!(rule);
            foreach (var profile in live.Profiles)
            {
                var role = roles[profile.Name];
                if (role == "ignore" || !rule.Columns.Matches(profile.Name, role)) continue;
                evaluations.Add(new Evaluation(rule, kind, instance, profile, role, pocNames?.GetValueOrDefault(profile.Name) ?? profile.Name));
            }
        }
        var outcomes = new (RuleOutcome? Live, RuleOutcome? Poc, string? Error)[evaluations.Count];
        AllCores.For(evaluations.Count, i =>
        {
            if (evaluations[i].Instance is not null) outcomes[i] = Evaluate(evaluations[i], live, poc, liveColumns, pocColumns, job, catalog);
        });

        for (int i = 0; i < evaluations.Count; i++)
        {
            var (rule, kind, instance, profile, role, pocName) = evaluations[i];
            if (instance is null)
            {
                findings.Add(DuplicateFinding(rule, kind, live, poc, exceptions));
                continue;
            }
            var (liveOutcome, pocOutcome, error) = outcomes[i];
            if (error is null && liveOutcome!.RowsChecked == 0 && (pocOutcome?.RowsChecked ?? 0) == 0) continue;
            findings.Add(MakeFinding(rule, kind, profile!.Name, role, liveOutcome, pocOutcome, error));
            if (liveOutcome is not null) AddExceptions(exceptions, live, profile.Name, rule, liveOutcome);
            if (pocOutcome is not null) AddExceptions(exceptions, poc!, pocName, rule, pocOutcome);
            Collect(profile.Name, role, liveOutcome?.Details, pocOutcome?.Details, clusters, units, shorthand);
        }
        exceptions.Sort((a, b) =>
        {
            int c = string.CompareOrdinal(a.Source, b.Source);
            if (c == 0) c = a.Row.CompareTo(b.Row);
            if (c == 0) c = string.CompareOrdinal(a.Column, b.Column);
            return c != 0 ? c : string.CompareOrdinal(a.Rule, b.Rule);
        });
        return new RuleResults(findings, clusters, units.Values.ToList(), shorthand, exceptions, CatalogReportOf(catalog, roles));
    }

    /// <summary>One rule on one live column (and the same column of the POC), or a table rule.</summary>
    private sealed record Evaluation(RuleDefinition Rule, RuleKinds.KindInfo Kind, IRule? Instance, ColumnProfile? Profile, string Role, string PocName);

    private static (RuleOutcome? Live, RuleOutcome? Poc, string? Error) Evaluate(Evaluation evaluation, RuleSide live, RuleSide? poc,
        Dictionary<string, string?[]> liveColumns, Dictionary<string, string?[]>? pocColumns, JobSpec job, RuleCatalog catalog)
    {
        var (_, _, instance, profile, role, pocName) = evaluation;
        var pocValues = pocColumns?.GetValueOrDefault(pocName);
        var pocProfile = poc?.Profiles.FirstOrDefault(p => p.Name == pocName);
        try
        {
            var liveOutcome = instance!.Evaluate(Context(live, profile!, role, liveColumns, pocValues, pocColumns, job, catalog));
            var pocOutcome = pocValues is not null && pocProfile is not null
                ? instance.Evaluate(Context(poc!, pocProfile, role, pocColumns!, pocValues, pocColumns, job, catalog))
                : null;
            return (liveOutcome, pocOutcome, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (null, null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static Dictionary<string, string?[]> Columns(Sample sample)
    {
        var columns = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        for (int c = 0; c < sample.Columns.Count; c++)
        {
            var values = new string?[sample.Rows.Count];
            for (int r = 0; r < values.Length; r++) values[r] = sample.Rows[r].Values[c];
            columns[sample.Columns[c]] = values;
        }
        return columns;
    }

    private static ColumnContext Context(RuleSide side, ColumnProfile profile, string role, Dictionary<string, string?[]> columns,
        string?[]? reference, Dictionary<string, string?[]>? referenceColumns, JobSpec job, RuleCatalog catalog) => new()
    {
        ReferenceColumn = name => referenceColumns?.GetValueOrDefault(name),
        Side = side.Name,
        Column = profile.Name,
        Role = role,
        Spec = job.Columns.GetValueOrDefault(profile.Name),
        Values = columns[profile.Name],
        Reference = reference,
        OtherColumn = name => columns.GetValueOrDefault(name),
        Profile = profile,
        Dictionaries = catalog.Dictionaries,
    };

    private static Finding MakeFinding(RuleDefinition rule, RuleKinds.KindInfo kind, string column, string role,
        RuleOutcome? live, RuleOutcome? poc, string? error)
    {
        long checkedRows = live?.RowsChecked ?? 0;
        long affected = live?.Hits.Count ?? 0;
        var (low, high) = Wilson.Interval(affected, checkedRows);
        var examples = (live?.Hits ?? []).GroupBy(h => h.Value, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(ExamplesPerFinding)
            .Select(g => new FindingExample(g.Key, g.Count(), g.First().Suggestion)).ToList();
        return new Finding(rule.Id, rule.Kind, kind.Family, column, role, rule.Severity.ToString().ToLowerInvariant(), rule.Impact,
            checkedRows, affected, checkedRows == 0 ? 0 : (double)affected / checkedRows, [low, high], "sample",
            poc?.RowsChecked, poc?.Hits.Count, poc is null || poc.RowsChecked == 0 ? null : (double)poc.Hits.Count / poc.RowsChecked,
            examples, error);
    }

    private static Finding DuplicateFinding(RuleDefinition rule, RuleKinds.KindInfo kind, RuleSide live, RuleSide? poc, List<ExceptionRow> exceptions)
    {
        var (checkedRows, duplicated) = live.Duplicates.Totals();
        var (low, high) = Wilson.Interval(duplicated, checkedRows);
        var groups = live.Duplicates.Duplicates();
        foreach (var side in new[] { live, poc })
        {
            if (side is null) continue;
            foreach (var g in side.Duplicates.Duplicates().Where(g => g.Rows.Count > 0))
                foreach (var (file, row) in g.Rows.Skip(1))
                    exceptions.Add(new ExceptionRow(file, row, "*", rule.Id, rule.Kind, $"duplicate of row {g.Rows[0].Row}", ""));
        }
        var examples = groups.Take(ExamplesPerFinding)
            .Select(g => new FindingExample(g.Rows.Count == 0 ? $"{g.Count} identical rows (the database gives no row positions)"
                : $"rows {string.Join(", ", g.Rows.Select(r => r.Row))}", g.Count, null)).ToList();
        long? pocChecked = null, pocDuplicated = null;
        if (poc is not null) (pocChecked, pocDuplicated) = poc.Duplicates.Totals();
        return new Finding(rule.Id, rule.Kind, kind.Family, "*", "table", rule.Severity.ToString().ToLowerInvariant(), rule.Impact,
            checkedRows, duplicated, checkedRows == 0 ? 0 : (double)duplicated / checkedRows, [low, high], "row-hash sketch over every row",
            pocChecked, pocDuplicated, pocChecked is > 0 ? (double)pocDuplicated!.Value / pocChecked.Value : null, examples, null);
    }

    private static void AddExceptions(List<ExceptionRow> exceptions, RuleSide side, string column, RuleDefinition rule, RuleOutcome outcome)
    {
        foreach (var hit in outcome.Hits)
        {
            var row = side.Sample.Rows[hit.Index];
            exceptions.Add(new ExceptionRow(row.File, row.Row, column, rule.Id, rule.Kind, hit.Value, hit.Suggestion));
        }
    }

    private static void Collect(string column, string role, object? live, object? poc, List<VendorClusterReport> clusters,
        Dictionary<string, UnitReport> units, List<ShorthandReport> shorthand)
    {
        switch (live)
        {
            case IReadOnlyList<VendorCluster> found when !clusters.Any(c => c.Column == column):
                clusters.AddRange(found.Select(c => new VendorClusterReport(column, c.Canonical,
                    c.Variants.Select(v => new VendorVariantReport(v.Value, v.Count, v.InPoc)).ToList(), c.InPoc, c.Variants.Sum(v => v.Count))));
                break;
            case UnitDetails u:
                var existing = units.GetValueOrDefault(column);
                var detected = (existing?.Detected ?? []).Concat(u.Detected.Select(d => new UnitCount(d.Unit, d.Rows, d.DetectedBy))).ToList();
                units[column] = new UnitReport(column, role, existing?.ExpectedUnit ?? u.ExpectedUnit,
                    existing?.ExpectedUnit is not null ? existing.ExpectedFrom : u.ExpectedFrom, detected, existing?.MixedUom ?? []);
                break;
            case UomDetails uom:
                var previous = units.GetValueOrDefault(column);
                units[column] = new UnitReport(column, role, null, "codes",
                    [.. previous?.Detected ?? [], .. uom.Codes.OrderByDescending(c => c.Value).Select(c => new UnitCount(c.Key, c.Value, "code"))],
                    uom.MixedItems.Select(m => new MixedUomReport(m.Item, m.Uoms)).ToList());
                break;
            case ShorthandDetails s:
                shorthand.Add(new ShorthandReport(column, s.RowsChecked, s.RowsWithShorthand, s.Share, (poc as ShorthandDetails)?.Share,
                    s.Tokens.Select(t => new ShorthandTokenReport(t.Token, t.Count, t.Expansion, t.Expansion is not null)).ToList()));
                break;
        }
    }

    private static CatalogReport CatalogReportOf(RuleCatalog catalog, IReadOnlyDictionary<string, string> roles)
    {
        var lines = string.Concat(catalog.Files.Select(f => $"{FileHash.Sha256(f)}  {Path.GetFileName(f)}\n"));
        return new CatalogReport(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines))),
            catalog.Files, catalog.Rules.Count, roles);
    }
}
