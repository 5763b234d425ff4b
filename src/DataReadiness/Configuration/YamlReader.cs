using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DataReadiness.Configuration;

/// <summary>
/// Reads one YAML configuration file (a job file, a rule catalog file) and collects every problem in it as
/// <c>file(line,col): message</c>, instead of stopping at the first. Values are read through <see cref="YamlSection"/>,
/// which checks types, ranges and unknown keys and reports against the node's own line and column.
/// </summary>
public sealed class YamlReader(string file)
{
    private readonly List<ConfigDiagnostic> _errors = new();

    public string File { get; } = file;

    public IReadOnlyList<ConfigDiagnostic> Errors => _errors;

    /// <summary>
    /// Parses the text and returns its root mapping, or null (with the problem recorded) when the text is not YAML or
    /// its root is not a mapping; <paramref name="rootIs"/> says what the root should be, for the message. An empty
    /// file gives an empty mapping when <paramref name="emptyIsEmptyMapping"/>.
    /// </summary>
    public YamlSection? Root(string text, string rootIs, bool emptyIsEmptyMapping = false)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            Error(e.Start, $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's document model gives up on some broken flow mappings without a position: find it with the parser.
            Error(LastParsedPosition(text), "not valid YAML: an unclosed '{', '[' or quote");
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            if (emptyIsEmptyMapping) return new YamlSection(this, new YamlMappingNode(), "");
            Error(Mark.Empty, rootIs);
            return null;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(stream.Documents[0].RootNode.Start, rootIs);
            return null;
        }
        return new YamlSection(this, root, "");
    }

    /// <summary>A mapping of this file as a section to read, for nodes found by hand (a test's case file).</summary>
    public YamlSection Section(YamlMappingNode node, string path) => new(this, node, path);

    public void Error(Mark at, string message) =>
        _errors.Add(new ConfigDiagnostic(File, (int)Math.Max(1, at.Line), (int)Math.Max(1, at.Column), message));

    public void Error(YamlNode node, string message) => Error(node.Start, message);

    /// <summary>Throws a <see cref="ConfigException"/> with every problem, in file order, if there are any.</summary>
    public void ThrowIfErrors()
    {
        if (_errors.Count > 0) throw new ConfigException(Sorted(_errors));
    }

    /// <summary>Problems ordered by file, line and column, as compilers list them.</summary>
    public static IReadOnlyList<ConfigDiagnostic> Sorted(IEnumerable<ConfigDiagnostic> diagnostics) =>
        diagnostics.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Column).ToList();

    private static Mark LastParsedPosition(string text)
    {
        var parser = new Parser(new StringReader(text));
        var last = Mark.Empty;
        try
        {
            while (parser.MoveNext()) last = parser.Current!.Start;
        }
        catch (YamlException e)
        {
            return e.Start;
        }
        catch (InvalidOperationException)
        {
        }
        return last;
    }
}
