using DataReadiness.Findings;
using DataReadiness.Rules.Catalog;

namespace DataReadiness.Rules;

/// <summary>
/// One rule kind, self-contained: its name, the family (cause) it counts toward, how its hits count in a row's
/// defect signature, its typed parameters with their defaults and ranges, how it evaluates, and what it adds to the
/// report's sections. The catalog, the engine, the estimate and the report ask the kind; none of them knows kinds by
/// name. A kind is registered by one line in <see cref="RuleKinds"/>.
/// </summary>
public abstract class RuleKind
{
    /// <summary>The name rule files use in <c>kind:</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The cause the estimate counts this kind's share of the drop toward (<see cref="RuleFamilies"/>).</summary>
    public abstract string Family { get; }

    /// <summary>What it finds, in a few words, for <c>rules validate</c> and the README.</summary>
    public abstract string Description { get; }

    public virtual SignatureEffect Signature => SignatureEffect.Defect;

    /// <summary>
    /// Whether this kind applies to a column, judged from its evidence (values on both sides, the job file's role);
    /// the reason is reported either way. By default a kind applies to every column.
    /// </summary>
    public virtual Applicability AppliesTo(ColumnEvidence column) => Applicability.Yes("every column");

    /// <summary>
    /// The form of a hit that is compared with the POC: a hit whose forms the POC has as often is not a defect of live.
    /// By default the value as written.
    /// </summary>
    public virtual string FormOf(CellHit hit) => hit.Value;

    /// <summary>A sentence the finding carries beside its figures (a whole column in another unit), or null.</summary>
    public virtual string? NoteOf(RuleOutcome live) => null;

    /// <summary>Reads the typed parameters of one rule of this kind (defaults for those not given).</summary>
    public abstract object ReadParameters(ParameterReader reader);

    /// <summary>This kind's parameters when a rule gives none: the one home of its defaults.</summary>
    public object DefaultParameters => ReadParameters(new ParameterReader(null, Name));

    public override string ToString() => Name;
}

/// <summary>A kind with typed parameters.</summary>
public abstract class RuleKind<TParameters> : RuleKind where TParameters : class
{
    public sealed override object ReadParameters(ParameterReader reader) => Read(reader);

    /// <summary>Reads each parameter through the reader, naming its default and range.</summary>
    protected abstract TParameters Read(ParameterReader reader);

    /// <summary>The typed parameters of one rule of this kind.</summary>
    protected static TParameters ParametersOf(RuleDefinition rule) => (TParameters)rule.Parameters;
}

/// <summary>A kind that looks at one column at a time, on each side, and whose hits are cells of the sample.</summary>
public abstract class ColumnRuleKind<TParameters> : RuleKind<TParameters>, IColumnRuleKind where TParameters : class
{
    public RuleOutcome Evaluate(ColumnContext column, RuleDefinition rule) => Evaluate(column, ParametersOf(rule));

    public abstract RuleOutcome Evaluate(ColumnContext column, TParameters parameters);

    /// <summary>Adds what this kind reports beyond its finding (units, shorthand, vendor clusters) for one column.</summary>
    public virtual void Report(RuleSections sections, string column, ColumnRole role, RuleOutcome? live, RuleOutcome? poc)
    {
    }
}

/// <summary>The engine's view of a column kind, whatever its parameters' type.</summary>
public interface IColumnRuleKind
{
    RuleOutcome Evaluate(ColumnContext column, RuleDefinition rule);

    void Report(RuleSections sections, string column, ColumnRole role, RuleOutcome? live, RuleOutcome? poc);
}

/// <summary>What a table kind found: its finding and the flagged rows.</summary>
public sealed record TableOutcome(Finding Finding, IReadOnlyList<ExceptionRow> Exceptions);

/// <summary>A kind that looks at whole rows of a side at once (duplicate rows) and makes its own finding.</summary>
public abstract class TableRuleKind<TParameters> : RuleKind<TParameters>, ITableRuleKind where TParameters : class
{
    public abstract TableOutcome Evaluate(RuleDefinition rule, RuleSide live, RuleSide? poc);
}

/// <summary>The engine's view of a table kind.</summary>
public interface ITableRuleKind
{
    TableOutcome Evaluate(RuleDefinition rule, RuleSide live, RuleSide? poc);
}
