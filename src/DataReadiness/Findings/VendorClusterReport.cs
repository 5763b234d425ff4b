namespace DataReadiness.Findings;

/// <summary>A vendor cluster as findings.json reports it.</summary>
public sealed record VendorClusterReport(string Column, string Canonical, IReadOnlyList<VendorVariantReport> Variants, bool InPoc, long Rows);

/// <summary>One spelling of a vendor: its count in the live sample, and whether the POC has it.</summary>
public sealed record VendorVariantReport(string Value, long Count, bool InPoc);
