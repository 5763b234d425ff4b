namespace DataReadiness.Tests.Support;

/// <summary>A folder for one test's files, deleted afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "datareadiness-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name, string contents)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, contents);
        return path;
    }

    public string Bytes(string name, byte[] contents)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, contents);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}


/// <summary>
/// The real-world data the tests read: the copies in this test project (RealData/, with their provenance), else the
/// shared data sets beside the checkout (../shared/realdata).
/// </summary>
public static class RealData
{
    public static string PathOf(string relative)
    {
        var copied = System.IO.Path.Combine(AppContext.BaseDirectory, "RealData", relative);
        if (System.IO.File.Exists(copied)) return copied;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "..", "shared", "realdata", relative);
            if (System.IO.File.Exists(candidate)) return System.IO.Path.GetFullPath(candidate);
        }
        throw new FileNotFoundException($"RealData/{relative} is not in the test project, nor shared/realdata/{relative} beside the checkout.");
    }
}

/// <summary>The checkout the tests run from.</summary>
public static class Repository
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "DataReadiness.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("DataReadiness.sln not found above " + AppContext.BaseDirectory);
        }
    }
}

/// <summary>A generated demo world and its plain demo job, run once under a fixed clock.</summary>
public static class DemoWorldRun
{
    public static (DataReadiness.Demo.DemoSummary Truth, DataReadiness.Runs.RunResult Run) Of(DataReadiness.Demo.DemoWorld world, string directory, string reportsRoot)
    {
        var demo = DataReadiness.Demo.DemoGenerator.Generate(world, directory);
        var run = DataReadiness.Runs.JobRunner.Run(DataReadiness.Jobs.JobFileParser.Load(demo.JobPath),
            new DataReadiness.Runs.RunContext(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch),
                new DataReadiness.Runs.SilentLog(), reportsRoot, []));
        return (demo.Summary, run);
    }
}
