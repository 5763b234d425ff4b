using System.Text;

namespace DataReadiness.Text;

/// <summary>Repairs UTF-8 text that was decoded as Windows-1252/Latin-1 somewhere along the way ("MÃ¼ller" → "Müller").</summary>
public static class Mojibake
{
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1;
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    /// <summary>Whether the text shows the marks of mojibake or of bytes already lost (U+FFFD).</summary>
    public static bool LooksDamaged(string text) =>
        text.Contains('\uFFFD') || (text.Contains('Ã') || text.Contains('Â') || text.Contains("â€")) && Repair(text) != text;

    public static string Repair(string text)
    {
        if (!text.Contains('Ã') && !text.Contains('Â') && !text.Contains('â')) return text;
        foreach (var encoding in new[] { Windows1252, Encoding.Latin1 })
        {
            try
            {
                var bytes = encoding.GetBytes(text);
                if (encoding.GetString(bytes) != text) continue; // not representable: not this kind of damage
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
            }
        }
        return text;
    }
}
