using DataReadiness.Text;

namespace DataReadiness.Rules.Kinds;

/// <summary>Text damaged by a wrong encoding on the way (MÃ¼ller) or already lost (U+FFFD); suggests the repair.</summary>
public sealed class EncodingDamageKind : RowRuleKind<NoParameters>
{
    public override string Name => "encoding_damage";
    public override string Family => RuleFamilies.Hygiene;
    public override string Description => "mojibake and replacement characters";
    public override SignatureEffect Signature => SignatureEffect.RestatesAnother;

    protected override NoParameters Read(ParameterReader reader) => NoParameters.Instance;

    protected override CellTest Prepare(ColumnContext column, NoParameters parameters) => (string value, out string? suggestion) =>
    {
        suggestion = null;
        if (!Mojibake.LooksDamaged(value)) return false;
        var repaired = Mojibake.Repair(value);
        suggestion = repaired == value ? null : repaired;
        return true;
    };
}
