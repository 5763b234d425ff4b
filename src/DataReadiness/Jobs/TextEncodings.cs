using System.Text;

namespace DataReadiness.Jobs;

/// <summary>The encoding names a job file may give a source, and what each means.</summary>
public static class TextEncodings
{
    /// <summary>
    /// Maps an encoding name to an encoding; null means UTF-8 with byte order marks honoured. False when the name is
    /// unknown (the job file parser reports it; the CSV reader refuses the file).
    /// </summary>
    public static bool TryResolve(string? name, out Encoding? encoding)
    {
        encoding = null;
        if (name is null) return true;
        switch (name.Trim().ToLowerInvariant().Replace("_", "-", StringComparison.Ordinal))
        {
            case "utf-8": case "utf8": return true;
            case "utf-16": case "utf-16le": case "utf16": encoding = Encoding.Unicode; return true;
            case "utf-16be": encoding = Encoding.BigEndianUnicode; return true;
            case "latin1": case "latin-1": case "iso-8859-1": encoding = Encoding.Latin1; return true;
        }
        try
        {
            encoding = CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.GetEncoding(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
