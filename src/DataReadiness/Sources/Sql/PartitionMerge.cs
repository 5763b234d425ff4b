using DataReadiness.Values;

namespace DataReadiness.Sources.Sql;

/// <summary>
/// Merges what each partition of a table computed into what the whole table would have given (Deequ's way: states
/// that add up). Counts, extremes and moments merge exactly; distinct counts merge through the k smallest value
/// hashes (a KMV sketch, exact while every partition sent all of its hashes); top values merge exactly when the
/// partitions' lists leave no room for a value none of them listed.
/// </summary>
internal static class PartitionMerge
{
    /// <summary>Count, extremes, mean and sample variance of the union (Chan et al.'s pairwise update, all at once).</summary>
    public static Moments Moments(IEnumerable<Moments> parts)
    {
        var present = parts.Where(p => p.Count > 0).ToList();
        long count = present.Sum(p => p.Count);
        if (count == 0) return Sql.Moments.None;
        double mean = present.Sum(p => p.Count * p.Mean) / count;
        double squares = present.Sum(p => p.Variance * (p.Count - 1) + p.Count * (p.Mean - mean) * (p.Mean - mean));
        return new Moments(count, present.Min(p => p.Min), present.Max(p => p.Max), mean, count > 1 ? squares / (count - 1) : 0);
    }

    /// <summary>One column's aggregates over every partition, given its merged distinct count and top values.</summary>
    public static ColumnAggregates Column(IReadOnlyList<ColumnAggregates> parts, DistinctEstimate distinct, MergedTop top)
    {
        var kinds = parts.SelectMany(p => p.KindCounts).GroupBy(k => k.Kind).Select(g => (g.Key, g.Sum(k => k.Count))).ToList();
        var formats = parts.SelectMany(p => p.DateFormatCounts).GroupBy(f => f.Format).Select(g => (g.Key, g.Sum(f => f.Count))).ToList();
        var minDates = parts.Where(p => p.MinDate is not null).Select(p => p.MinDate!.Value).ToList();
        var maxDates = parts.Where(p => p.MaxDate is not null).Select(p => p.MaxDate!.Value).ToList();
        return new ColumnAggregates(parts[0].Name, parts.Sum(p => p.Rows), parts.Sum(p => p.Nulls), parts.Sum(p => p.Blanks),
            kinds, formats, Moments(parts.Select(p => p.Numbers)), Moments(parts.Select(p => p.Lengths)),
            distinct.Estimate, distinct.RelativeStandardError, top.Values, minDates.Count == 0 ? null : minDates.Min(),
            maxDates.Count == 0 ? null : maxDates.Max(), top.MaxError);
    }

    /// <summary>A distinct count and its relative standard error (0: exact).</summary>
    public sealed record DistinctEstimate(long Estimate, double RelativeStandardError, int HashesUsed);

    /// <summary>
    /// The distinct count from each partition's smallest value hashes, each list complete up to a hash. Below the
    /// smallest of those bounds the union is every distinct value's hash: all of them when every partition sent all
    /// (exact), else the KMV estimate from how much of the hash range they fill (relative error about 1/sqrt(k)).
    /// </summary>
    public static DistinctEstimate Distinct(IReadOnlyList<(IReadOnlyList<ulong> Hashes, ulong CompleteUpTo)> parts)
    {
        ulong bound = parts.Count == 0 ? ulong.MaxValue : parts.Min(p => p.CompleteUpTo);
        var union = new HashSet<ulong>();
        foreach (var (hashes, _) in parts)
            foreach (var h in hashes)
                if (h <= bound) union.Add(h);
        int k = union.Count;
        if (bound == ulong.MaxValue) return new DistinctEstimate(k, 0, k);
        // The bound is either the k-th smallest hash itself (a partition's list was cut there) or a threshold no hash
        // sits on: (k - 1)/u and k/u are the unbiased estimates of the two cases.
        double fraction = (bound + 1.0) / 18446744073709551616.0;
        double estimate = (union.Contains(bound) ? k - 1 : k) / fraction;
        return new DistinctEstimate((long)Math.Round(estimate), k > 2 ? 1 / Math.Sqrt(k - 2) : 1, k);
    }

    /// <summary>The merged top values (exact counts) and how much a value no partition listed could have.</summary>
    public sealed record MergedTop(IReadOnlyList<(string Value, long Count)> Values, long MaxError);

    /// <summary>
    /// Top values from each partition's list (cut at <paramref name="listSize"/>) and the exact counts of every listed
    /// value over all partitions. A value no list names has at most the sum of the cut lists' smallest counts; when the
    /// last kept value has at least that, the list is exact, else that sum is its stated error.
    /// </summary>
    public static MergedTop Top(IReadOnlyList<IReadOnlyList<(string Value, long Count)>> lists, IReadOnlyDictionary<string, long> exactCounts, int listSize)
    {
        long unseen = lists.Where(l => l.Count >= listSize).Sum(l => l.Min(v => v.Count));
        var merged = exactCounts.Select(c => (c.Key, c.Value)).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(listSize).ToList();
        long last = merged.Count == listSize ? merged[^1].Value : 0;
        return new MergedTop(merged, unseen == 0 || last >= unseen ? 0 : unseen);
    }

    /// <summary>
    /// The smallest distinct row hashes with exact counts over all partitions, given each partition's list complete up
    /// to a hash: below the smallest bound every partition's rows are counted.
    /// </summary>
    public static List<(ulong Hash, long Count)> RowHashes(IReadOnlyList<(IReadOnlyList<(ulong Hash, long Count)> Hashes, ulong CompleteUpTo)> parts, int capacity)
    {
        ulong bound = parts.Count == 0 ? ulong.MaxValue : parts.Min(p => p.CompleteUpTo);
        var counts = new Dictionary<ulong, long>();
        foreach (var (hashes, _) in parts)
            foreach (var (hash, count) in hashes)
                if (hash <= bound) counts[hash] = counts.GetValueOrDefault(hash) + count;
        return counts.OrderBy(c => c.Key).Take(capacity).Select(c => (c.Key, c.Value)).ToList();
    }

    /// <summary>The k rows with the smallest keys over all partitions (equal keys are equal rows: ordered by values).</summary>
    public static List<(ulong Key, string?[] Values)> Sample(IEnumerable<(ulong Key, string?[] Values)> rows, int k)
    {
        var all = rows.ToList();
        all.Sort((a, b) => SampleOrder(a.Key, a.Values, b.Key, b.Values));
        return all.Take(k).ToList();
    }

    /// <summary>Sample rows by key; equal keys are equal rows (a content hash), put in a stable order by their values.</summary>
    public static int SampleOrder(ulong keyA, string?[] valuesA, ulong keyB, string?[] valuesB) => keyA != keyB ? keyA.CompareTo(keyB)
        : string.CompareOrdinal(string.Join('\u001f', valuesA), string.Join('\u001f', valuesB));

    /// <summary>The hash at <paramref name="fraction"/> of the 64-bit range (the whole range from 1 up).</summary>
    public static ulong Threshold(double fraction) =>
        fraction >= 1 ? ulong.MaxValue : (ulong)(fraction * 18446744073709551615.0);
}
