namespace DataReadiness.Values;

/// <summary>The shape of one non-empty value, from most to least specific.</summary>
public enum ValueKind { Integer, Decimal, Boolean, Date, DateTime, Text }
