using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataReadiness.Findings;

/// <summary>A confidence interval [low, high]; findings.json writes it as a two-number array.</summary>
[JsonConverter(typeof(IntervalJsonConverter))]
public readonly record struct Interval(double Low, double High)
{
    public double Width => High - Low;

    public bool Contains(double value) => value >= Low && value <= High;
}

/// <summary>Writes an <see cref="Interval"/> as [low, high] and reads it back.</summary>
public sealed class IntervalJsonConverter : JsonConverter<Interval>
{
    public override Interval Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var values = JsonSerializer.Deserialize<double[]>(ref reader, options);
        return values is [var low, var high] ? new Interval(low, high) : throw new JsonException("an interval is [low, high]");
    }

    public override void Write(Utf8JsonWriter writer, Interval value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.Low);
        writer.WriteNumberValue(value.High);
        writer.WriteEndArray();
    }
}
