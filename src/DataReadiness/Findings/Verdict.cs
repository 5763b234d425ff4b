namespace DataReadiness.Findings;

/// <summary>What the gate decided: ready, ready with conditions, or not ready (findings.json: ready, conditional, not_ready).</summary>
public enum Verdict { Ready, Conditional, NotReady }
