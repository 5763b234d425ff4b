using System.Reflection;
using System.Reflection.Emit;
using Xunit.Abstractions;

namespace DataReadiness.Tests.Conventions;

/// <summary>
/// The engine's stages point one way: Sources → Sampling → Profiling → Schema → Rules → Comparison → Estimation →
/// Reporting. A stage may use an earlier stage and the leaves (configuration, job files, findings.json records,
/// statistics, value and text helpers), never a later stage; a leaf uses only other leaves. Runs (the orchestration)
/// and Demo (the generator) sit on top and may use anything; nothing below uses them. Every reference counts: base
/// types, fields, signatures, local variables and every type, method and field a method body touches (read from its IL).
/// </summary>
public class StageDirectionTests(ITestOutputHelper output)
{
    public static readonly string[] Stages = ["Sources", "Sampling", "Profiling", "Schema", "Rules", "Comparison", "Estimation", "Reporting"];
    public static readonly string[] Leaves = ["(root)", "Configuration", "Jobs", "Findings", "Statistics", "Text", "Values"];
    public static readonly string[] Top = ["Runs", "Demo"];

    private static readonly Assembly Engine = typeof(DataReadiness.Runs.JobRunner).Assembly;

    [Fact]
    public void No_stage_uses_a_later_stage_and_no_leaf_uses_a_stage()
    {
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (from, to, type, reference) in References(Engine))
            if (!Allowed(from, to)) violations.Add($"{from} -> {to}: {type.FullName} uses {reference.FullName}");
        foreach (var v in violations) output.WriteLine(v);
        Assert.True(violations.Count == 0, $"{violations.Count} references against the stage order:\n{string.Join("\n", violations.Take(40))}");
    }

    [Fact]
    public void Every_area_of_the_engine_is_a_stage_a_leaf_or_on_top()
    {
        var areas = Engine.GetTypes().Select(AreaOf).Where(a => a != "(generated)").Distinct().Order().ToList();
        Assert.All(areas, a => Assert.True(Stages.Contains(a) || Leaves.Contains(a) || Top.Contains(a), $"area {a} is not placed in the stage order"));
    }

    [Fact]
    public void The_check_sees_a_reference_made_only_inside_a_method_body()
    {
        // A method body is where most references hide: this test's own helper is found through its IL.
        var found = References(typeof(StageDirectionTests).Assembly)
            .Where(r => r.Type == typeof(BodyOnly)).Select(r => r.Reference).ToList();
        Assert.Contains(typeof(DataReadiness.Rules.RuleEngine), found);
    }

    private static class BodyOnly
    {
        public static int Use() => DataReadiness.Rules.RuleEngine.ExamplesPerFinding + typeof(DataReadiness.Rules.RuleEngine).Name.Length;
    }

    internal static bool Allowed(string from, string to)
    {
        if (from == to || Top.Contains(from) || to == "(generated)" || from == "(generated)") return true;
        if (Top.Contains(to)) return false;
        if (Leaves.Contains(from)) return Leaves.Contains(to);
        if (Leaves.Contains(to)) return true;
        return Array.IndexOf(Stages, to) < Array.IndexOf(Stages, from);
    }

    internal static string AreaOf(Type type)
    {
        var ns = type.Namespace ?? "";
        if (ns == "DataReadiness") return "(root)";
        if (!ns.StartsWith("DataReadiness.", StringComparison.Ordinal)) return "(generated)";
        var parts = ns.Split('.');
        return parts[0] == "DataReadiness" ? parts[1] : ns;
    }

    /// <summary>Every (area, area, type, referenced type) of the assembly's types that lands in the engine.</summary>
    private static IEnumerable<(string From, string To, Type Type, Type Reference)> References(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            var seen = new HashSet<Type>();
            foreach (var reference in TypesUsedBy(type))
                foreach (var t in Flatten(reference))
                    if (t.Assembly == Engine && seen.Add(t))
                        yield return (AreaOf(type), AreaOf(t), type, t);
        }
    }

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> TypesUsedBy(Type type)
    {
        if (type.BaseType is { } baseType) yield return baseType;
        foreach (var i in type.GetInterfaces()) yield return i;
        foreach (var f in type.GetFields(Everything)) yield return f.FieldType;
        foreach (var p in type.GetProperties(Everything)) yield return p.PropertyType;
        foreach (var m in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (m is MethodInfo mi) yield return mi.ReturnType;
            foreach (var p in m.GetParameters()) yield return p.ParameterType;
            foreach (var used in BodyReferences(m)) yield return used;
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types a method body names: its locals and the operands of its instructions.</summary>
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        MethodBody? body;
        try { body = method.GetMethodBody(); }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException) { yield break; }
        if (body is null) yield break;
        foreach (var local in body.LocalVariables) yield return local.LocalType;
        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int at = 0; at < il.Length;)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var opcode = OpCodesByValue[value];
            int size = opcode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
                _ => 4,
            };
            if (opcode.OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType)
            {
                MemberInfo? member = null;
                try { member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments); }
                catch (ArgumentException) { }
                switch (member)
                {
                    case Type t: yield return t; break;
                    case FieldInfo f:
                        if (f.DeclaringType is { } fd) yield return fd;
                        yield return f.FieldType;
                        break;
                    case MethodBase m:
                        if (m.DeclaringType is { } md) yield return md;
                        if (m is MethodInfo mi) yield return mi.ReturnType;
                        foreach (var p in m.GetParameters()) yield return p.ParameterType;
                        if (m.IsGenericMethod) foreach (var g in m.GetGenericArguments()) yield return g;
                        break;
                }
            }
            at += size;
        }
    }

    private static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var t in Flatten(type.GetElementType()!)) yield return t;
            yield break;
        }
        if (type.IsGenericParameter) yield break;
        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
            foreach (var argument in type.GetGenericArguments())
                foreach (var t in Flatten(argument)) yield return t;
    }
}
