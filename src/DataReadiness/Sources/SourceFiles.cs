using System.Text;
using System.Text.RegularExpressions;
using DataReadiness.Jobs;

namespace DataReadiness.Sources;

/// <summary>Expands a source path or glob into the files it names, and tells their format.</summary>
public static class SourceFiles
{
    /// <summary>
    /// The files a path or glob names, sorted ordinally; fails clearly when there are none. A glob never descends into
    /// a symbolic link to a folder (a link back up would read the same files again and again; linked files are read)
    /// nor into <paramref name="excludedFolders"/> (the reports folder, whose findings and exceptions are the tool's own
    /// output); what it left out is told through <paramref name="note"/>.
    /// </summary>
    public static IReadOnlyList<string> Resolve(string pattern, string baseDirectory, IReadOnlyCollection<string>? excludedFolders = null,
        Action<string>? note = null)
    {
        var full = Path.GetFullPath(pattern, baseDirectory);
        if (full.IndexOfAny(['*', '?']) < 0)
        {
            if (Directory.Exists(full))
                throw new SourceReadException($"{pattern}: is a directory; name a file, or a glob such as {Path.Combine(pattern, "*.csv")}");
            if (!File.Exists(full)) throw new SourceReadException($"{pattern}: no such file");
            return [full];
        }
        var segments = full.Split(Path.DirectorySeparatorChar);
        int firstWild = Array.FindIndex(segments, s => s.IndexOfAny(['*', '?']) >= 0);
        var root = string.Join(Path.DirectorySeparatorChar, segments[..firstWild]);
        if (root.Length == 0) root = Path.DirectorySeparatorChar.ToString();
        if (!Directory.Exists(root)) throw new SourceReadException($"{pattern}: the folder {root} does not exist");
        var regex = GlobToRegex(string.Join('/', segments[firstWild..]));
        bool recursive = segments[firstWild..].Length > 1 || segments[firstWild].Contains("**");
        var excluded = (excludedFolders ?? []).Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f))).ToList();
        var skippedLinks = new List<string>();
        var skippedExcluded = new List<string>();
        var found = new List<string>();
        var folders = new Stack<string>([root]);
        while (folders.Count > 0)
        {
            var folder = folders.Pop();
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 }))
            {
                if (entry is FileInfo) found.Add(entry.FullName);
                else if (!recursive) continue;
                else if (entry.LinkTarget is not null) skippedLinks.Add(entry.FullName);
                else if (excluded.Any(e => string.Equals(e, entry.FullName, StringComparison.Ordinal))) skippedExcluded.Add(entry.FullName);
                else folders.Push(entry.FullName);
            }
        }
        var files = found
            .Where(f => regex.IsMatch(Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/')))
            .Where(f => !excluded.Any(e => f.StartsWith(e + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        foreach (var link in skippedLinks.Order(StringComparer.Ordinal))
            note?.Invoke($"{pattern}: not following {link}, a link to a folder ({new DirectoryInfo(link).LinkTarget})");
        foreach (var reports in skippedExcluded.Order(StringComparer.Ordinal))
            note?.Invoke($"{pattern}: leaving out {reports}, the reports folder (the tool's own output)");
        if (files.Count == 0) throw new SourceReadException($"{pattern}: the glob matches no file");
        return files;
    }

    /// <summary>The format of a file: from the spec, else its extension, else its first bytes.</summary>
    public static SourceFormat FormatOf(string file, SourceFormat declared)
    {
        if (declared != SourceFormat.Auto) return declared;
        var extension = Path.GetExtension(file).ToLowerInvariant();
        if (extension is ".parquet" or ".pq") return SourceFormat.Parquet;
        if (extension is ".csv" or ".tsv" or ".txt") return SourceFormat.Csv;
        if (extension is ".xlsx" or ".xlsm") return SourceFormat.Xlsx;
        using var stream = FileHash.OpenReadOnly(file);
        Span<byte> magic = stackalloc byte[4];
        return stream.Read(magic) == 4 && magic.SequenceEqual("PAR1"u8) ? SourceFormat.Parquet : SourceFormat.Csv;
    }

    private static Regex GlobToRegex(string glob)
    {
        var pattern = new StringBuilder("^");
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" matches zero or more folders
                bool slash = i + 2 < glob.Length && glob[i + 2] == '/';
                pattern.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*') pattern.Append("[^/]*");
            else if (c == '?') pattern.Append("[^/]");
            else pattern.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
