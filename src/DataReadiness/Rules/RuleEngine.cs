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
    /// Runs every rule of the catalog. <paramref name="columns"/> is what the job file says about columns (it overrides
    /// the evidence); <paramref name="pocNames"/> gives, for columns the POC has under another name (renames), the
    /// POC's name by the live one. Each column rule runs on the columns its kind finds it applies to, from the
    /// column's values on both sides; findings.json records every decision with its reason.
    /// </summary>
    public static RuleResults Run(RuleCatalog catalog, IReadOnlyDictionary<string, ColumnSpec> columns, RuleSide live, RuleSide? poc,
        IReadOnlyDictionary<string, string>? pocNames = null)
    {
        var names = new ColumnNames(live, poc, pocNames);
        var evidence = new ColumnEvidence[live.Profiles.Count];
        var evidenceTime = new (TimeSpan Wall, TimeSpan Cpu)[evidence.Length];
        AllCores.For(evidence.Length, i => (evidence[i], evidenceTime[i]) = Timed(() => EvidenceOf(live.Profiles[i], columns, live, poc, names, catalog.Dictionaries)));

        // Every (rule, column) pair is evaluated first, on all cores: rules are pure functions of the samples and
        // profiles. The results are then assembled in catalog order, so the output does not depend on scheduling.
        var evaluations = new List<Evaluation>();
        var checks = evidence.Select(_ => new List<RuleCheck>()).ToArray();
        foreach (var rule in catalog.Rules)
        {
            if (rule.Kind is not IColumnRuleKind)
            {
                evaluations.Add(new Evaluation(rule, null, null));
                continue;
            }
            for (int c = 0; c < evidence.Length; c++)
            {
                var column = evidence[c];
                var decision = Decide(rule, column);
                checks[c].Add(new RuleCheck(rule.Id, rule.Kind.Name, decision.Applies, decision.Reason));
                if (decision.Applies) evaluations.Add(new Evaluation(rule, live.Profiles[c], column));
            }
        }
        var outcomes = new (RuleOutcome? Live, RuleOutcome? Poc, string? Error)[evaluations.Count];
        var spent = new (TimeSpan Wall, TimeSpan Cpu)[evaluations.Count];
        AllCores.For(evaluations.Count, i =>
        {
            if (evaluations[i].Profile is not null) (outcomes[i], spent[i]) = Timed(() => Evaluate(evaluations[i], live, poc, names, catalog));
        });

        var findings = new List<Finding>();
        var exceptions = new List<ExceptionRow>();
        var sections = new RuleSections();
        for (int i = 0; i < evaluations.Count; i++)
        {
            var (rule, profile, column) = evaluations[i];
            if (rule.Kind is ITableRuleKind table)
            {
                (var outcome, spent[i]) = Timed(() => table.Evaluate(rule, live, poc));
                findings.Add(outcome.Finding);
                exceptions.AddRange(outcome.Exceptions);
                continue;
            }
            var (liveOutcome, pocOutcome, error) = outcomes[i];
            if (error is null && liveOutcome!.RowsChecked == 0 && (pocOutcome?.RowsChecked ?? 0) == 0) continue;
            var split = PocForms.Split(rule.Kind, liveOutcome, pocOutcome);
            findings.Add(MakeFinding(rule, profile!.Name, column!.PrimaryRole, split, error));
            if (split.Live is not null) AddExceptions(exceptions, live, profile.Name, rule, split.Live);
            if (split.Poc is not null) AddExceptions(exceptions, poc!, names.InPoc(profile.Name), rule, split.Poc);
            ((IColumnRuleKind)rule.Kind).Report(sections, profile.Name, column.PrimaryRole, liveOutcome, pocOutcome);
        }
        exceptions.Sort((a, b) =>
        {
            int c = string.CompareOrdinal(a.Source, b.Source);
            if (c == 0) c = a.Row.CompareTo(b.Row);
            if (c == 0) c = string.CompareOrdinal(a.Column, b.Column);
            return c != 0 ? c : string.CompareOrdinal(a.Rule, b.Rule);
        });
        var columnChecks = evidence.Select((e, c) => new ColumnChecks(e.Column, e.Roles.Select(r => r.Role).ToList(),
            e.Roles.Select(r => $"{ContractNames.Of(r.Role)}: {r.Reason}").ToList(), checks[c])).ToList();
        return new RuleResults(findings, sections.VendorClusters, sections.Units, sections.Shorthand, exceptions,
            CatalogReportOf(catalog, evidence.ToDictionary(e => e.Column, e => e.PrimaryRole, StringComparer.Ordinal), columnChecks))
        {
            Timings = KindTimings(evaluations, spent, evidenceTime),
        };
    }

    /// <summary>
    /// The time each kind took, summed over its evaluations (they run side by side, so the sums add up to more than the
    /// phase's wall time), heaviest first, after the column evidence every kind reads.
    /// </summary>
    private static List<PhaseTiming> KindTimings(List<Evaluation> evaluations, (TimeSpan Wall, TimeSpan Cpu)[] spent, (TimeSpan Wall, TimeSpan Cpu)[] evidence)
    {
        var timings = new List<PhaseTiming>
        {
            new("column evidence", ThreadCpu.Milliseconds(Sum(evidence.Select(e => e.Wall))), ThreadCpu.Milliseconds(Sum(evidence.Select(e => e.Cpu))),
                $"{evidence.Length} columns' value facts and roles", "rules"),
        };
        timings.AddRange(evaluations.Select((e, i) => (e.Rule.Kind.Name, spent[i])).GroupBy(x => x.Name, StringComparer.Ordinal)
            .Select(g => new PhaseTiming(g.Key, ThreadCpu.Milliseconds(Sum(g.Select(x => x.Item2.Wall))), ThreadCpu.Milliseconds(Sum(g.Select(x => x.Item2.Cpu))),
                $"{g.Count()} evaluation{(g.Count() == 1 ? "" : "s")}", "rules"))
            .OrderByDescending(t => t.WallMs).ThenBy(t => t.Phase, StringComparer.Ordinal));
        return timings;
    }

    private static TimeSpan Sum(IEnumerable<TimeSpan> spans) => spans.Aggregate(TimeSpan.Zero, (a, b) => a + b);

    private static (T Result, (TimeSpan Wall, TimeSpan Cpu) Spent) Timed<T>(Func<T> work)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var cpu = ThreadCpu.Now();
        var result = work();
        return (result, (System.Diagnostics.Stopwatch.GetElapsedTime(start), ThreadCpu.Now() - cpu));
    }

    /// <summary>What one live column and its POC counterpart show, for the kinds to decide on.</summary>
    public static ColumnEvidence EvidenceOf(ColumnProfile profile, IReadOnlyDictionary<string, ColumnSpec> columns, RuleSide live, RuleSide? poc,
        ColumnNames names, RuleDictionaries dictionaries)
    {
        var pocName = names.InPoc(profile.Name);
        var pocProfile = poc?.Profiles.FirstOrDefault(p => p.Name == pocName);
        var pocValues = pocProfile is not null && poc!.Sample.Has(pocName) ? poc.Sample.Text(pocName) : null;
        return new ColumnEvidence(profile.Name, columns.GetValueOrDefault(profile.Name), profile, pocProfile,
            ValueFacts.Of(live.Sample.Text(profile.Name), dictionaries), pocValues is null ? null : ValueFacts.Of(pocValues, dictionaries),
            RoleInference.NameHints(profile.Name, dictionaries));
    }

    /// <summary>Whether a column rule runs on a column: the job file's ignore, the rule's column selector, then the kind.</summary>
    private static Applicability Decide(RuleDefinition rule, ColumnEvidence column)
    {
        if (column.Declared == ColumnRole.Ignore) return Applicability.No("declared ignore in the job file");
        if (!rule.Columns.Matches(column.Column, column.Roles.Select(r => r.Role)))
            return Applicability.No($"the rule's columns ({rule.Columns}) do not include it");
        return rule.Kind.AppliesTo(column);
    }

    /// <summary>One rule on one live column (and the same column of the POC), or a table rule (no profile).</summary>
    private sealed record Evaluation(RuleDefinition Rule, ColumnProfile? Profile, ColumnEvidence? Column);

    private static (RuleOutcome? Live, RuleOutcome? Poc, string? Error) Evaluate(Evaluation evaluation, RuleSide live, RuleSide? poc,
        ColumnNames names, RuleCatalog catalog)
    {
        var (rule, profile, column) = evaluation;
        var kind = (IColumnRuleKind)rule.Kind;
        var pocName = names.InPoc(profile!.Name);
        var pocValues = poc is not null && poc.Sample.Has(pocName) ? poc.Sample.Text(pocName) : null;
        var pocProfile = poc?.Profiles.FirstOrDefault(p => p.Name == pocName);
        try
        {
            var liveOutcome = kind.Evaluate(Context(live, false, profile, column!, pocValues, names, catalog), rule);
            var pocOutcome = pocValues is not null && pocProfile is not null
                ? kind.Evaluate(Context(poc!, true, pocProfile, column!, pocValues, names, catalog), rule)
                : null;
            return (liveOutcome, pocOutcome, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (null, null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    // Columns are named by their live names throughout; on the POC side each name is looked up under the POC's name.
    private static ColumnContext Context(RuleSide side, bool isPoc, ColumnProfile profile, ColumnEvidence evidence,
        IReadOnlyList<string?>? reference, ColumnNames names, RuleCatalog catalog) => new()
        {
            Side = side.Name,
            Column = evidence.Column,
            Role = evidence.PrimaryRole,
            Evidence = evidence,
            Spec = evidence.Spec,
            Values = side.Sample.Text(profile.Name),
            Reference = reference,
            OtherColumn = isPoc ? names.PocColumn : names.LiveColumn,
            ReferenceColumn = names.PocColumn,
            ColumnNames = names.Live,
            Profile = profile,
            Dictionaries = catalog.Dictionaries,
        };

    /// <summary>
    /// A column rule's finding: rows checked and hit in the live sample with the Wilson interval of the rate, the POC's
    /// figures, the most frequent hit values (ties in ordinal order) with their suggestions, and the forms the POC
    /// has as often, counted apart.
    /// </summary>
    private static Finding MakeFinding(RuleDefinition rule, string column, ColumnRole role, PocForms.Result split, string? error)
    {
        var (live, poc) = (split.Live, split.Poc);
        long checkedRows = live?.RowsChecked ?? 0;
        long affected = live?.Hits.Count ?? 0;
        var (low, high) = Wilson.Interval(affected, checkedRows);
        var examples = (live?.Hits ?? []).GroupBy(h => h.Value, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(ExamplesPerFinding)
            .Select(g => new FindingExample(g.Key, g.Count(), g.First().Suggestion)).ToList();
        return new Finding(rule.Id, rule.Kind.Name, rule.Kind.Family, column, role, rule.Severity, rule.Impact,
            checkedRows, affected, checkedRows == 0 ? 0 : (double)affected / checkedRows, new Interval(low, high), "sample",
            poc?.RowsChecked, poc?.Hits.Count, poc is null || poc.RowsChecked == 0 ? null : (double)poc.Hits.Count / poc.RowsChecked,
            examples, error, split.LiveAsInPoc, poc is null ? null : split.PocAsInPoc, split.Forms.Count == 0 ? null : split.Forms,
            live is null ? null : rule.Kind.NoteOf(live), rule.Description);
    }

    private static void AddExceptions(List<ExceptionRow> exceptions, RuleSide side, string column, RuleDefinition rule, RuleOutcome outcome)
    {
        foreach (var hit in outcome.Hits)
        {
            var row = side.Sample.Rows[hit.Index];
            exceptions.Add(new ExceptionRow(row.File, row.Row, column, rule.Id, rule.Kind.Name, hit.Value, hit.Suggestion));
        }
    }

    private static CatalogReport CatalogReportOf(RuleCatalog catalog, IReadOnlyDictionary<string, ColumnRole> roles, IReadOnlyList<ColumnChecks> columns)
    {
        var lines = string.Concat(catalog.Files.Select(f => $"{FileHash.Sha256(f)}  {Path.GetFileName(f)}\n"));
        return new CatalogReport(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines))),
            catalog.Files, catalog.Rules.Count, roles, columns);
    }
}
