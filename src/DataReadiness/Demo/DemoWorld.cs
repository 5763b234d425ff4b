namespace DataReadiness.Demo;

/// <summary>
/// The knobs of a demo world: sizes, seed, and how often each defect is injected on each side. Later issues
/// measure rules and estimates against worlds with different mixes.
/// </summary>
public sealed record DemoWorld
{
    public int LiveRows { get; init; } = 20_000;
    /// <summary>POC rows; 0 means a quarter of the live rows (at least 500).</summary>
    public int PocRows { get; init; }
    public int Seed { get; init; } = 7;

    public DefectRates Live { get; init; } = DefectRates.LiveDefault;
    public DefectRates Poc { get; init; } = DefectRates.PocDefault;

    public int EffectivePocRows => PocRows > 0 ? PocRows : Math.Max(500, LiveRows / 4);

    /// <summary>The live extract writes every gross weight in pounds (the POC's are kilograms): a whole column in another unit.</summary>
    public bool LiveWeightInPounds { get; init; }

    /// <summary>Notes in shorthand are standard texts in one fixed short form (few distinct values), as ERP templates are.</summary>
    public bool StandardShorthand { get; init; }

    /// <summary>
    /// Live writes missing values as words (`N/A`, `TBD`) where the POC leaves them blank, and misses some unit prices;
    /// off for a live as clean as the POC, which then writes its missing values as the POC does.
    /// </summary>
    public bool LiveOnlyNullForms { get; init; } = true;

    /// <summary>Live orders concentrate on fewer vendors than the POC's (a drift in the mix that costs no accuracy); off for a live as even as the POC.</summary>
    public bool LiveVendorSkew { get; init; } = true;

    /// <summary>
    /// Covariate shift: live orders lean toward the items the model finds hard (each item's weight falls by e^-skew from
    /// the hardest to the easiest). No defect marks these rows; only their mix differs. 0: the POC's even mix.
    /// </summary>
    public double LiveHardItemSkew { get; init; }

    /// <summary>
    /// Label shift: the share of expedited orders in live (smaller quantities, a surcharge on the price, a harder target
    /// for the model). The POC holds <see cref="PocExpeditedShare"/> of them, whatever this is; 0 turns the class off on both sides.
    /// </summary>
    public double LiveExpeditedShare { get; init; }

    public const double PocExpeditedShare = 0.2;

    /// <summary>A defect no rule looks for: the share of live lines whose item description comes from a German-language system.</summary>
    public double LiveForeignDescriptions { get; init; }
}

/// <summary>Per-row probabilities of each injected defect.</summary>
public sealed record DefectRates(
    double VendorVariant,
    double WeightInPounds,
    double WeightInGrams,
    double WeightWithUnitSuffix,
    double DecimalComma,
    double UomSynonym,
    double NullToken,
    double Shorthand,
    double DateFormat,
    double CategoryVariant,
    double DuplicateRow,
    double UnseenVendor,
    double Placeholder,
    double MixedUom,
    double TimeToken = 0,
    double NoteToken = 0)
{
    public static readonly DefectRates LiveDefault = new(
        VendorVariant: 0.22, WeightInPounds: 0.05, WeightInGrams: 0.02, WeightWithUnitSuffix: 0.03, DecimalComma: 0.01,
        UomSynonym: 0.15, NullToken: 0.03, Shorthand: 0.55, DateFormat: 0.05, CategoryVariant: 0.03, DuplicateRow: 0.01,
        UnseenVendor: 0.04, Placeholder: 0.01, MixedUom: 0.02, TimeToken: 0.04, NoteToken: 0.02);

    public static readonly DefectRates PocDefault = new(
        VendorVariant: 0.03, WeightInPounds: 0.005, WeightInGrams: 0.0, WeightWithUnitSuffix: 0.0, DecimalComma: 0.0,
        UomSynonym: 0.02, NullToken: 0.005, Shorthand: 0.06, DateFormat: 0.0, CategoryVariant: 0.0, DuplicateRow: 0.0,
        UnseenVendor: 0.0, Placeholder: 0.0, MixedUom: 0.0, TimeToken: 0.005, NoteToken: 0.005);

    public static readonly DefectRates None = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
