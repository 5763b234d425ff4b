using DataReadiness.Configuration;

namespace DataReadiness.Rules;

/// <summary>
/// Reads one rule's <c>params:</c> for its kind: each getter names a parameter with its default and range, so a
/// kind's parameters, defaults and ranges are written once, in the kind. Problems go to the catalog file's reader
/// with their line and column; without a <c>params:</c> mapping every parameter takes its default.
/// </summary>
public sealed class ParameterReader
{
    private readonly YamlSection? _section;
    private readonly string _where;
    private readonly List<string> _names = new();

    public ParameterReader(YamlSection? section, string ruleId)
    {
        _section = section;
        _where = $"rule '{ruleId}': params";
    }

    /// <summary>The parameter names the kind asked for, in order.</summary>
    public IReadOnlyList<string> Names => _names;

    public int Integer(string name, int fallback, int min, int max)
    {
        _names.Add(name);
        return (int?)_section?.Integer(name, min, max, _where) ?? fallback;
    }

    public double Number(string name, double fallback, double min, double max)
    {
        _names.Add(name);
        return _section?.Number(name, min, max, _where) ?? fallback;
    }
}
