using DataReadiness.Rules.Catalog;
using DataReadiness.Rules.Kinds;
using DataReadiness.Text;
using DataReadiness.Values;

namespace DataReadiness.Rules;

/// <summary>
/// What one side's sampled values of a column are, counted in rows: numbers, numbers written with a unit, dates,
/// unit-of-measure codes, words; blanks and null tokens are not present values. Each distinct value is looked at once. The counts are what the rule kinds decide
/// their applicability on, and what findings.json quotes as the reason.
/// </summary>
public sealed record ValueFacts(
    long Present,
    long Distinct,
    long Numbers,
    long Integers,
    long NumbersWithUnit,
    long Dates,
    long UomCodes,
    long MultiWord,
    double MeanWords,
    long WithDigits,
    long WithLetters,
    long SingleToken,
    long DistinctWithLegalForm,
    long MaxValueCount)
{
    public static readonly ValueFacts None = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>The share of present values a count is.</summary>
    public double Share(long count) => Present == 0 ? 0 : (double)count / Present;

    /// <summary>Whether values repeat: at most half as many distinct values as present ones.</summary>
    public bool Repeats => Present > 0 && Distinct <= Present / 2;

    public static ValueFacts Of(IReadOnlyList<string?>? values, RuleDictionaries dictionaries)
    {
        if (values is null) return None;
        var counts = CodedColumn.Of(values).Counts()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value)).Select(c => KeyValuePair.Create(c.Value!, c.Count));
        long present = 0, numbers = 0, integers = 0, withUnit = 0, dates = 0, uom = 0, multiWord = 0, words = 0;
        long digits = 0, letters = 0, single = 0, legal = 0, most = 0, distinct = 0;
        foreach (var (raw, count) in counts)
        {
            var value = raw.Trim();
            // A null token says nothing of what the column holds (ibu: numbers, and N/A where there is none).
            if (dictionaries.NullTokens.Contains(value)) continue;
            present += count;
            distinct++;
            most = Math.Max(most, count);
            int letterWords = 0;
            bool anyDigit = false, anyLetter = false, space = false;
            bool inWord = false, wordHasLetter = false;
            foreach (char c in value)
            {
                bool separator = char.IsWhiteSpace(c);
                space |= separator;
                anyDigit |= char.IsDigit(c);
                anyLetter |= char.IsLetter(c);
                if (separator)
                {
                    if (inWord && wordHasLetter) letterWords++;
                    inWord = wordHasLetter = false;
                }
                else
                {
                    inWord = true;
                    wordHasLetter |= char.IsLetter(c);
                }
            }
            if (inWord && wordHasLetter) letterWords++;
            var kind = ValueClassifier.Classify(value, out _, out _, out _);
            if (kind is ValueKind.Integer or ValueKind.Decimal)
            {
                numbers += count;
                withUnit += count;
                if (kind == ValueKind.Integer) integers += count;
            }
            else if (kind is ValueKind.Date or ValueKind.DateTime) dates += count;
            // A number written with its unit has a digit (the pattern's digits are char.IsDigit's): the regular
            // expression is spared the values without one, most of a text column's.
            else if (anyDigit && UnitText.TryRead(value, dictionaries, commaIsThousands: false, out _) is not null) withUnit += count;
            if (dictionaries.CanonicalUom(value) is not null) uom += count;
            words += (long)letterWords * count;
            if (letterWords >= 3) multiWord += count;
            if (anyDigit) digits += count;
            if (anyLetter) letters += count;
            if (!space && value.Length <= 40) single += count;
            if (anyLetter && letterWords <= 8 && HasLegalForm(value, dictionaries)) legal++;
        }
        return new ValueFacts(present, distinct, numbers, integers, withUnit, dates, uom, multiWord,
            present == 0 ? 0 : (double)words / present, digits, letters, single, legal, most);
    }

    private static bool HasLegalForm(string value, RuleDictionaries dictionaries)
    {
        var simple = NameKey.Simplify(value);
        var forms = LegalFormSets.GetValue(dictionaries, d => d.LegalForms.ToHashSet(StringComparer.Ordinal)).GetAlternateLookup<ReadOnlySpan<char>>();
        // A legal form is the words after or before one of the name's spaces (forms may be several words: gmbh co kg).
        for (int p = simple.IndexOf(' '); p >= 0; p = simple.IndexOf(' ', p + 1))
            if (forms.Contains(simple.AsSpan(p + 1)) || forms.Contains(simple.AsSpan(0, p))) return true;
        return false;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RuleDictionaries, HashSet<string>> LegalFormSets = new();
}
