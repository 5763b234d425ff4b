namespace DataReadiness.Demo;

/// <summary>The names of injected defects in the ground truth, and how much of the model's accuracy each keeps.</summary>
public static class DefectKinds
{
    public const string VendorVariant = "vendor_variant";
    public const string UnseenVendor = "unseen_vendor";
    public const string UnitPounds = "unit_lb";
    public const string UnitGrams = "unit_g";
    public const string UnitSuffix = "unit_suffix";
    public const string DecimalComma = "decimal_comma";
    public const string UomSynonym = "uom_synonym";
    public const string NullToken = "null_token";
    public const string Shorthand = "shorthand";
    public const string DateFormat = "date_format";
    public const string CategoryVariant = "category_variant";
    public const string DuplicateRow = "duplicate_row";
    public const string Placeholder = "placeholder";
    public const string MixedUom = "mixed_uom";
    /// <summary>Not a defect: an expedited order, a class the model finds harder (the label-shift worlds).</summary>
    public const string Expedited = "expedited_order";
    /// <summary>An item description in German where the model learnt English ones: no rule looks for it.</summary>
    public const string ForeignDescription = "foreign_description";

    /// <summary>Kinds written only in the shift worlds (<see cref="DemoWorld.LiveExpeditedShare"/>, <see cref="DemoWorld.LiveForeignDescriptions"/>).</summary>
    public static readonly IReadOnlySet<string> ShiftWorldsOnly = new HashSet<string> { Expedited, ForeignDescription };

    /// <summary>
    /// The true probability that the demo's model is still right on a row with this defect, relative to a clean
    /// row (multiplied when a row has several). The estimator in a later issue must recover these from data.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, double> Retention = new Dictionary<string, double>
    {
        [VendorVariant] = 0.80, [UnseenVendor] = 0.72, [UnitPounds] = 0.62, [UnitGrams] = 0.58, [UnitSuffix] = 0.75,
        [DecimalComma] = 0.80, [UomSynonym] = 0.90, [NullToken] = 0.78, [Shorthand] = 0.88, [DateFormat] = 0.98,
        [CategoryVariant] = 0.95, [DuplicateRow] = 1.0, [Placeholder] = 0.9, [MixedUom] = 0.85,
        [Expedited] = 0.85, [ForeignDescription] = 0.75,
    };
}
