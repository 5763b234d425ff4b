using DataReadiness.Findings;
using DataReadiness.Values;

namespace DataReadiness.Rules.Kinds;

/// <summary>
/// Values that do not have the column's type (a number column with "12 kg", a date column with "next week").
/// Null-like tokens are left to the null rule.
/// </summary>
public sealed class TypeConformanceKind : RowRuleKind<NoParameters>
{
    public override string Name => "type_conformance";
    public override string Family => RuleFamilies.Hygiene;
    public override string Description => "values that do not have the column's type";
    public override SignatureEffect Signature => SignatureEffect.RestatesAnother;

    protected override NoParameters Read(ParameterReader reader) => NoParameters.Instance;

    public override Applicability AppliesTo(ColumnEvidence column) => column.ReferenceType switch
    {
        ColumnType.Integer or ColumnType.Decimal => Applicability.Yes($"the {(column.Poc is { Present: > 0 } ? "POC's" : "column's")} values are numbers"),
        ColumnType.Date or ColumnType.DateTime => Applicability.Yes($"the {(column.Poc is { Present: > 0 } ? "POC's" : "column's")} values are dates"),
        ColumnType.Boolean => Applicability.Yes($"the {(column.Poc is { Present: > 0 } ? "POC's" : "column's")} values are booleans"),
        ColumnType.Empty => Applicability.No("no values"),
        _ => Applicability.No("text: no type to conform to"),
    };

    protected override CellTest Prepare(ColumnContext column, NoParameters parameters)
    {
        // The type the model was shown: the POC's, where there is one.
        var type = column.Evidence?.ReferenceType ?? column.Profile.InferredType;
        var tokens = column.Dictionaries.NullTokens;
        return (string value, out string? suggestion) =>
        {
            suggestion = null;
            var trimmed = value.Trim();
            if (tokens.Contains(trimmed)) return false;
            var kind = ValueClassifier.Classify(trimmed, out _, out _, out _);
            return type switch
            {
                ColumnType.Integer => kind != ValueKind.Integer,
                ColumnType.Decimal => kind is not (ValueKind.Integer or ValueKind.Decimal),
                // Eight-digit yyyyMMdd dates are the date rule's: a date in another layout, found once.
                ColumnType.Date or ColumnType.DateTime => kind is not (ValueKind.Date or ValueKind.DateTime) && !ValueClassifier.TryCompactDate(trimmed, out _),
                ColumnType.Boolean => kind != ValueKind.Boolean,
                _ => false,
            };
        };
    }
}
