using System.Text.RegularExpressions;

namespace DataReadiness.Tests.Conventions;

/// <summary>A reader finds a type by its file: every source file is named after one of the types it declares.</summary>
public partial class FileNameTests
{
    [GeneratedRegex(@"^(?:public|internal)[\w ]*? (?:class|record struct|record|struct|interface|enum|delegate [\w<>?,\[\] ]+) (\w+)", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    [Fact]
    public void Every_source_file_is_named_after_a_type_it_declares()
    {
        var root = Path.Combine(Support.Repository.Root, "src");
        var misnamed = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && Path.GetFileName(f) != "Program.cs")
            .Where(f => !Declaration().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value).Contains(Path.GetFileNameWithoutExtension(f)))
            .Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).ToList();
        Assert.True(misnamed.Count == 0, "named after none of their types: " + string.Join(", ", misnamed));
    }
}
