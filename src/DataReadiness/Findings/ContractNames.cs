using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataReadiness.Findings;

/// <summary>An enum value's name in findings.json (snake_case, or its JsonStringEnumMemberName), for logs, messages and job files.</summary>
public static class ContractNames
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string Of(Enum value) => Names.GetOrAdd(value, v =>
    {
        var member = v.GetType().GetField(v.ToString(), BindingFlags.Public | BindingFlags.Static);
        return member?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString());
    });

    /// <summary>The enum value whose contract name is <paramref name="name"/>, if any.</summary>
    public static bool TryParse<T>(string name, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
            if (Of(candidate) == name)
            {
                value = candidate;
                return true;
            }
        value = default;
        return false;
    }

    /// <summary>Every contract name of an enum, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Enum.GetValues<T>().Select(v => Of(v)).ToList();
}
