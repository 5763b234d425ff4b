namespace DataReadiness.Findings;

/// <summary>How bad a rule's hit is: info is reported, warn makes a run conditional, fail can fail the gate.</summary>
public enum Severity { Info, Warn, Fail }
