
namespace DataReadiness.Rules.Kinds;

/// <summary>A pattern-drift kind's parameters: without a POC, shapes held by at most this share of values are rare.</summary>
public sealed record PatternDriftParameters(double MaxShare)
{
    public static readonly PatternDriftParameters Default = new(0.01);
}

/// <summary>
/// Codes whose shape the column does not usually have: each value's shape (letters → A, digits → 9, other characters
/// kept, so MAT-10021 is AAA-99999) is compared with the shapes of the POC's values, or, without a POC, with the
/// shapes that cover the column's usual values; a rare shape is a hit.
/// </summary>
public sealed class PatternDriftKind : RowRuleKind<PatternDriftParameters>
{
    public override string Name => "pattern_drift";
    public override string Family => RuleFamilies.Hygiene;
    public override string Description => "codes in a shape the column does not usually have";
    public override SignatureEffect Signature => SignatureEffect.RestatesAnother;

    protected override PatternDriftParameters Read(ParameterReader reader) =>
        new(reader.Number("max_share", PatternDriftParameters.Default.MaxShare, 0, 0.5));

    public override Applicability AppliesTo(ColumnEvidence column)
    {
        var f = column.Reference;
        bool codes = f.Present > 0 && f.Share(f.SingleToken) >= 0.95 && f.Share(f.WithDigits) >= 0.5 && f.Share(f.WithLetters) >= 0.5
                     && f.Share(f.Numbers) < 0.5 && f.Share(f.Dates) < 0.5;
        return codes
            ? Applicability.Yes("codes: single tokens of letters and digits")
            : Applicability.No("not codes: values are not single tokens of letters and digits");
    }

    /// <summary>A drift hit's form is its shape (MAT-10021 is AAA-99999).</summary>
    public override string FormOf(CellHit hit) =>
        new(hit.Value.Trim().Select(c => char.IsLetter(c) ? 'A' : char.IsDigit(c) ? '9' : c).ToArray());

    protected override CellTest Prepare(ColumnContext column, PatternDriftParameters parameters)
    {
        double rare = parameters.MaxShare;
        var tokens = column.Dictionaries.NullTokens;
        // Shapes are written into one buffer and looked up by span: a string per value (or a memo of every distinct
        // value) cost more than the rule's work on a column of unique codes.
        var shapes = new ShapeWriter();
        ReadOnlySpan<char> ShapeOf(string v) => shapes.Of(v);
        var own = new Dictionary<string, int>(StringComparer.Ordinal);
        var ownBySpan = own.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var v in column.Values)
        {
            if (string.IsNullOrWhiteSpace(v) || tokens.Contains(v.Trim())) continue;
            var shape = ShapeOf(v);
            ownBySpan[shape] = ownBySpan.TryGetValue(shape, out int seen) ? seen + 1 : 1;
        }
        int total = own.Values.Sum();
        var usual = new HashSet<string>(StringComparer.Ordinal);
        var usualBySpan = usual.GetAlternateLookup<ReadOnlySpan<char>>();
        if (column.Reference is { } reference)
        {
            foreach (var v in reference)
                if (!string.IsNullOrWhiteSpace(v)) usualBySpan.Add(ShapeOf(v));
        }
        else
        {
            foreach (var (shape, count) in own)
                if (count > rare * total) usual.Add(shape);
        }
        // A column of free-form values has no shape to drift from.
        bool shaped = usual.Count is > 0 and <= 20;
        return (string value, out string? suggestion) =>
        {
            suggestion = null;
            return shaped && !tokens.Contains(value.Trim()) && !usualBySpan.Contains(ShapeOf(value));
        };
    }

    /// <summary>Writes a value's shape into a buffer it reuses: letters become A, digits 9, anything else stays.</summary>
    private sealed class ShapeWriter
    {
        private char[] _buffer = new char[64];

        public ReadOnlySpan<char> Of(string value)
        {
            var text = value.AsSpan().Trim();
            if (_buffer.Length < text.Length) _buffer = new char[text.Length * 2];
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                _buffer[i] = char.IsLetter(c) ? 'A' : char.IsDigit(c) ? '9' : c;
            }
            return _buffer.AsSpan(0, text.Length);
        }
    }
}
