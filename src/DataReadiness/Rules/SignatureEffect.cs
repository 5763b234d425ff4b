namespace DataReadiness.Rules;

/// <summary>How a kind's hit on a cell counts in the row's defect signature, which the estimate stratifies on.</summary>
public enum SignatureEffect
{
    /// <summary>The hit is a defect of the row.</summary>
    Defect,

    /// <summary>The hit only restates another kind's hit on the same cell ("27.6 lbs" is also not a number): it counts where no other kind hit that cell.</summary>
    RestatesAnother,

    /// <summary>The hit says nothing about one row's accuracy (a re-sent duplicate row): never in a signature.</summary>
    None,
}
