using System.Text;

namespace DataReadiness.Text;

/// <summary>
/// Folds Latin letters with diacritics to their base letters (ü→u, ß→ss, ø→o) from a fixed table, so the result does
/// not depend on the machine's ICU data or on .NET's globalization-invariant mode.
/// </summary>
public static class Accents
{
    private const string From = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž";
    private const string To = "AAAAAACEEEEIIIINOOOOOOUUUUYaaaaaaceeeeiiiinoooooouuuuyyAaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjKkLlLlLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZz";
    private static readonly Dictionary<char, string> Map = BuildMap();

    private static Dictionary<char, string> BuildMap()
    {
        var map = new Dictionary<char, string>();
        for (int i = 0; i < From.Length; i++) map[From[i]] = To[i].ToString();
        map['ß'] = "ss"; map['æ'] = "ae"; map['Æ'] = "AE"; map['œ'] = "oe"; map['Œ'] = "OE"; map['þ'] = "th"; map['Þ'] = "TH"; map['ð'] = "d"; map['Ð'] = "D";
        return map;
    }

    public static string Fold(string text)
    {
        StringBuilder? builder = null;
        for (int i = 0; i < text.Length; i++)
        {
            if (Map.TryGetValue(text[i], out var replacement))
            {
                builder ??= new StringBuilder(text.Length).Append(text, 0, i);
                builder.Append(replacement);
            }
            else builder?.Append(text[i]);
        }
        return builder?.ToString() ?? text;
    }
}
