using System.Text;
using DataReadiness.Profiling;
using DataReadiness.Values;

namespace DataReadiness.Tests.Profiling;

public class ValueClassifierTests
{
    [Theory]
    [InlineData("42", ValueKind.Integer)]
    [InlineData("-7", ValueKind.Integer)]
    [InlineData("12.5", ValueKind.Decimal)]
    [InlineData("1e3", ValueKind.Decimal)]
    [InlineData("12,5", ValueKind.Text)]          // decimal comma is not a number in the invariant culture
    [InlineData("27.6 lbs", ValueKind.Text)]
    [InlineData("1,234.5", ValueKind.Text)]
    [InlineData("true", ValueKind.Boolean)]
    [InlineData("No", ValueKind.Boolean)]
    [InlineData("2026-03-01", ValueKind.Date)]
    [InlineData("01.03.2026", ValueKind.Date)]
    [InlineData("2026-03-01T10:15:00", ValueKind.DateTime)]
    [InlineData("2026-03-01 10:15", ValueKind.DateTime)]
    [InlineData("0000-00-00", ValueKind.Text)]
    [InlineData("N/A", ValueKind.Text)]
    [InlineData("+5", ValueKind.Integer)]
    [InlineData(".5", ValueKind.Decimal)]
    [InlineData("5.", ValueKind.Decimal)]
    [InlineData("-", ValueKind.Text)]
    [InlineData(".", ValueKind.Text)]
    [InlineData("1.2.3", ValueKind.Text)]
    [InlineData("1234567890123456789", ValueKind.Integer)]   // past the fast path's 15 digits
    [InlineData("2026-02-30", ValueKind.Text)]               // no such day
    [InlineData("2026-13-01", ValueKind.Text)]
    [InlineData("Müller GmbH", ValueKind.Text)]
    public void Values_are_classified_by_shape(string value, ValueKind expected)
    {
        Assert.Equal(expected, ValueClassifier.Classify(Encoding.UTF8.GetBytes(value), out _, out _, out _));
        // Text is classified as its UTF-8 bytes are.
        Assert.Equal(expected, ValueClassifier.Classify(value, out _, out _, out _));
    }

    [Fact]
    public void Text_longer_than_the_stack_buffer_is_classified_whole()
    {
        // Past 512 UTF-8 bytes the text is encoded on the heap; it must give what its bytes give.
        foreach (var text in new[] { new string('7', 600), "1." + new string('5', 700), new string('ü', 300) + "1", new string(' ', 513) + "true" })
        {
            var fromBytes = ValueClassifier.Classify(Encoding.UTF8.GetBytes(text), out double expectedNumber, out _, out _);
            Assert.Equal(fromBytes, ValueClassifier.Classify(text, out double number, out _, out _));
            Assert.Equal(expectedNumber, number);
        }
        Assert.Equal(ValueKind.Date, ValueClassifier.Classify("2026-03-01", out _, out var when, out _));
        Assert.Equal(new DateTime(2026, 3, 1), when);
    }

    [Theory]
    [InlineData("40.77")]
    [InlineData("-0.001")]
    [InlineData("123456789.012345")]
    [InlineData("0.1")]
    [InlineData("9007199254740.993")]
    public void The_fast_number_path_gives_the_same_double_as_the_general_parser(string text)
    {
        ValueClassifier.Classify(System.Text.Encoding.UTF8.GetBytes(text), out double number, out _, out _);
        Assert.Equal(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), number);
    }

    [Fact]
    public void Slash_dates_that_read_both_ways_are_reported_as_ambiguous()
    {
        ValueClassifier.Classify("03/04/2026"u8, out _, out _, out int ambiguous);
        ValueClassifier.Classify("25/04/2026"u8, out _, out _, out int dayFirst);
        ValueClassifier.Classify("04/25/2026"u8, out _, out _, out int monthFirst);
        Assert.Equal("dd/MM/yyyy or MM/dd/yyyy", ValueClassifier.FormatName(ambiguous));
        Assert.Equal("dd/MM/yyyy", ValueClassifier.FormatName(dayFirst));
        Assert.Equal("MM/dd/yyyy", ValueClassifier.FormatName(monthFirst));
    }

    [Fact]
    public void Numbers_parse_the_same_whatever_the_current_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal(ValueKind.Decimal, ValueClassifier.Classify("12.5"u8, out double number, out _, out _));
            Assert.Equal(12.5, number);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
