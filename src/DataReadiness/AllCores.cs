using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace DataReadiness;

/// <summary>Independent pieces of work on all cores, for callers that write each result to its own slot.</summary>
public static class AllCores
{
    /// <summary>
    /// Calls <paramref name="body"/> for 0 … count − 1, one index at a time per worker (the pieces differ in cost by
    /// orders of magnitude); a failure is rethrown as itself, not wrapped in an AggregateException.
    /// </summary>
    public static void For(int count, Action<int> body)
    {
        try
        {
            Parallel.ForEach(Partitioner.Create(0, count, 1), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                range =>
                {
                    for (int i = range.Item1; i < range.Item2; i++) body(i);
                });
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
