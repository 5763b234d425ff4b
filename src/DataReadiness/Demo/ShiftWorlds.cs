namespace DataReadiness.Demo;

/// <summary>
/// A family of generated worlds that tests the estimate where the rules alone cannot: each is the demo's purchase-order
/// world with one kind of change between POC and live, its parameters drawn from the world's own seed. The truth is the
/// generator's (every live row's chance of a correct prediction), so an estimate can be scored on many of them.
/// </summary>
public static class ShiftWorlds
{
    public static readonly string[] Families =
    [
        "defect mix",
        "covariate shift, no defects",
        "whole column in another unit",
        "label shift",
        "defects no rule sees",
        "live as clean as the POC",
    ];

    /// <summary>The index-th world: families in turn, each with parameters drawn from its seed (1000 + index).</summary>
    public static (string Family, DemoWorld World) Draw(int index, int liveRows = 20_000)
    {
        int seed = 1000 + index;
        var random = new Random(seed);
        double Between(double low, double high) => low + (high - low) * random.NextDouble();
        // Every live defect rate between a third and five thirds of the demo's.
        DefectRates Scaled(DefectRates r) => r with
        {
            VendorVariant = r.VendorVariant * Between(0.3, 1.7),
            WeightInPounds = r.WeightInPounds * Between(0.3, 1.7),
            WeightInGrams = r.WeightInGrams * Between(0.3, 1.7),
            WeightWithUnitSuffix = r.WeightWithUnitSuffix * Between(0.3, 1.7),
            UomSynonym = r.UomSynonym * Between(0.3, 1.7),
            NullToken = r.NullToken * Between(0.3, 1.7),
            Shorthand = Math.Min(0.95, r.Shorthand * Between(0.3, 1.7)),
            UnseenVendor = r.UnseenVendor * Between(0.3, 1.7),
            MixedUom = r.MixedUom * Between(0.3, 1.7),
        };
        var family = Families[index % Families.Length];
        var world = new DemoWorld { LiveRows = liveRows, Seed = seed };
        world = family switch
        {
            "defect mix" => world with { Live = Scaled(DefectRates.LiveDefault) },
            "covariate shift, no defects" => world with { Live = DefectRates.PocDefault, LiveVendorSkew = false, LiveHardItemSkew = Between(1.5, 4) },
            "whole column in another unit" => world with { Live = Scaled(DefectRates.LiveDefault), LiveWeightInPounds = true },
            "label shift" => world with { Live = DefectRates.PocDefault, LiveVendorSkew = false, LiveExpeditedShare = Between(0.35, 0.7) },
            "defects no rule sees" => world with { Live = Scaled(DefectRates.LiveDefault), LiveForeignDescriptions = Between(0.1, 0.35) },
            _ => world with { Live = DefectRates.PocDefault, LiveVendorSkew = false, LiveOnlyNullForms = false },
        };
        return (family, world);
    }
}
