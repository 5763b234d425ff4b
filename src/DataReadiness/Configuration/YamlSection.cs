using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace DataReadiness.Configuration;

/// <summary>
/// One mapping of a configuration file, read with types and ranges: each getter returns the value, or null (or the
/// default) after reporting the problem to the <see cref="YamlReader"/> at the value's own line and column. Keys
/// that no getter asked for can be reported with <see cref="ReportUnreadKeys"/>.
/// </summary>
public sealed class YamlSection
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    internal YamlSection(YamlReader reader, YamlMappingNode node, string path)
    {
        Reader = reader;
        Node = node;
        Path = path;
    }

    public YamlReader Reader { get; }
    public YamlMappingNode Node { get; }
    /// <summary>Where this mapping is, for messages: "live", "columns.vendor"; empty for the root.</summary>
    public string Path { get; }

    /// <summary>The keys of the mapping, in file order.</summary>
    public IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries =>
        Node.Children.Select(p => (((p.Key as YamlScalarNode)?.Value) ?? "", p.Key, p.Value));

    /// <summary>The raw node under a key, or null; marks the key as read.</summary>
    public YamlNode? Value(string key)
    {
        _read.Add(key);
        return Node.Children.FirstOrDefault(p => p.Key is YamlScalarNode s && s.Value == key).Value;
    }

    public bool Has(string key) => Node.Children.Any(p => p.Key is YamlScalarNode s && s.Value == key);

    private string Where(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>Reports every key not among <paramref name="allowed"/>, with the closest known key as a hint.</summary>
    public void CheckKeys(IReadOnlyCollection<string> allowed, string where)
    {
        foreach (var (key, keyNode, _) in Entries)
        {
            if (allowed.Contains(key)) continue;
            var closest = allowed.OrderBy(a => Levenshtein(a, key)).FirstOrDefault();
            var hint = closest is not null && Levenshtein(closest, key) <= Math.Max(2, key.Length / 3) ? $"; did you mean '{closest}'?" : "";
            Reader.Error(keyNode, $"{where}: unknown key '{key}'{hint} (known: {string.Join(", ", allowed)})");
        }
    }

    /// <summary>Reports the keys no getter read, with <paramref name="describe"/> making each message.</summary>
    public void ReportUnreadKeys(Func<string, string> describe)
    {
        foreach (var (key, keyNode, _) in Entries)
            if (!_read.Contains(key)) Reader.Error(keyNode, describe(key));
    }

    /// <summary>The keys some getter read (a rule kind's parameter names, once it has read them).</summary>
    public IReadOnlyCollection<string> ReadKeys => _read;

    /// <summary>A nested mapping, or null when absent (a value that is not a mapping is reported).</summary>
    public YamlSection? Mapping(string key, string? message = null)
    {
        var node = Value(key);
        if (node is null) return null;
        if (node is YamlMappingNode map) return new YamlSection(Reader, map, Where(key));
        Reader.Error(node, message ?? $"{key}: expected a mapping");
        return null;
    }

    /// <summary>A mapping found elsewhere (a list item), read with this file's reader.</summary>
    public YamlSection Child(YamlMappingNode node, string path) => new(Reader, node, path);

    public string? String(string key, string? where = null)
    {
        var node = Value(key);
        if (node is null) return null;
        if (node is YamlScalarNode { Value: { Length: > 0 } text }) return text;
        Reader.Error(node, $"{Prefix(where)}{key}: expected text");
        return null;
    }

    public string? RequiredString(string key, string? where = null)
    {
        var value = String(key, where);
        if (value is null && !Has(key)) Reader.Error(Node, $"{Prefix(where)}{key} is missing");
        return value;
    }

    private static string Prefix(string? where) => where is null ? "" : where + ".";

    /// <summary>A number in [min, max], or null when absent or wrong (reported).</summary>
    public double? Number(string key, double min, double max, string? where = null)
    {
        var node = Value(key);
        if (node is null) return null;
        if (node is YamlScalarNode { Value: { } text } &&
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            if (value >= min && value <= max) return value;
            Reader.Error(node, $"{Prefix(where)}{key}: {text} is out of range [{Format(min)}, {Format(max)}]");
            return null;
        }
        Reader.Error(node, $"{Prefix(where)}{key}: expected a number" + (node is YamlScalarNode { Value: { } shown } ? $", not '{shown}'" : ""));
        return null;
    }

    /// <summary>A whole number in [min, max], or null when absent or wrong (reported).</summary>
    public long? Integer(string key, long min, long max, string? where = null)
    {
        var node = Value(key);
        if (node is null) return null;
        if (node is YamlScalarNode { Value: { } text } &&
            long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            if (value >= min && value <= max) return value;
            Reader.Error(node, $"{Prefix(where)}{key}: {text} is out of range [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
            return null;
        }
        Reader.Error(node, $"{Prefix(where)}{key}: expected a whole number" + (node is YamlScalarNode { Value: { } shown } ? $", not '{shown}'" : ""));
        return null;
    }

    public bool? Boolean(string key, string? where = null)
    {
        var node = Value(key);
        if (node is null) return null;
        if (node is YamlScalarNode { Value: "true" or "false" } s) return s.Value == "true";
        Reader.Error(node, $"{Prefix(where)}{key}: expected true or false");
        return null;
    }

    /// <summary>
    /// A key whose value is one of a few names; anything else is reported with the names to use (the first ones
    /// given: later names are accepted aliases). Absent, it is <paramref name="absent"/>; wrong, the default too.
    /// </summary>
    public T Choice<T>(string key, string where, string what, T absent, params (string Name, T Value)[] options)
    {
        if (String(key, where) is not { } text) return absent;
        foreach (var (name, value) in options)
            if (name == text) return value;
        var shown = options.Select(o => o.Value).Distinct().Select(v => options.First(o => Equals(o.Value, v)).Name).ToList();
        Reader.Error(Value(key)!, $"{where}.{key}: '{text}' is not {what}; use {string.Join(", ", shown[..^1])} or {shown[^1]}");
        return absent;
    }

    /// <summary>A list of single values (each item that is not one is reported); empty when absent.</summary>
    public IReadOnlyList<string> Strings(string key, string where)
    {
        var node = Value(key);
        return node is null ? [] : StringsOf(node, where);
    }

    /// <summary>The single values of a list node.</summary>
    public IReadOnlyList<string> StringsOf(YamlNode node, string where)
    {
        var values = new List<string>();
        if (node is YamlSequenceNode list)
        {
            foreach (var item in list)
            {
                if (item is YamlScalarNode { Value: { } text }) values.Add(text);
                else Reader.Error(item, $"{where}: each entry is a single value");
            }
        }
        else Reader.Error(node, $"{where}: expected a list such as [a, b]");
        return values;
    }

    /// <summary>The entries of a mapping of single values ({ chk: check }); a value that is not one is reported.</summary>
    public IReadOnlyList<(string Key, string Value)> PairsOf(YamlNode node, string where)
    {
        var pairs = new List<(string, string)>();
        // An empty section (`shorthand:` with every entry commented out) has no entries.
        if (node is YamlScalarNode { Value: null or "" or "~" or "null", Style: YamlDotNet.Core.ScalarStyle.Plain }) return pairs;
        if (node is not YamlMappingNode map)
        {
            Reader.Error(node, $"{where}: expected a mapping such as {{ chk: check }}");
            return pairs;
        }
        foreach (var (k, v) in map.Children)
        {
            if (v is YamlScalarNode { Value: { Length: > 0 } text }) pairs.Add((((YamlScalarNode)k).Value ?? "", text));
            else Reader.Error(v, $"{where}.{((YamlScalarNode)k).Value}: expected a single value");
        }
        return pairs;
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    public static int Levenshtein(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
