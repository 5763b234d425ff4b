namespace DataReadiness.Tests.Support;

/// <summary>
/// A small approval helper for golden files (Verify does not restore here): compares with the file under the test
/// project's source folder; with DATAREADINESS_APPROVE=1 it writes the new version instead, to be reviewed in git.
/// </summary>
public static class Approve
{
    public static void Matches(string relativePath, string actual)
    {
        var path = Path.Combine(SourceDirectory(), relativePath);
        if (Environment.GetEnvironmentVariable("DATAREADINESS_APPROVE") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"no golden file {path}: run the tests with DATAREADINESS_APPROVE=1 and review the diff");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));
    }

    private static string SourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DataReadiness.Tests.csproj"))) return dir.FullName;
        throw new DirectoryNotFoundException("the test project's folder was not found above " + AppContext.BaseDirectory);
    }
}
