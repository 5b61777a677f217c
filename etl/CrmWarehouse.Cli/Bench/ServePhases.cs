using System.Collections.Concurrent;
using System.Globalization;
using CrmWarehouse.Serving;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// The phases of the queries `crmw bench serve` times, from both servers, each handing over its own
/// <see cref="QueryPhases"/> as a query ends. The medians per phase show where the secured server's extra time goes.
/// </summary>
internal sealed class ServePhases
{
    private readonly ConcurrentQueue<double[]> _secured = new();
    private readonly ConcurrentQueue<double[]> _bare = new();

    public void Secured(QueryPhases phases) => _secured.Enqueue(Milliseconds(phases));

    public void Bare(QueryPhases phases) => _bare.Enqueue(Milliseconds(phases));

    private static double[] Milliseconds(QueryPhases phases) => [.. Enum.GetValues<QueryPhase>().Select(phase => phases[phase])];

    public void Clear()
    {
        _secured.Clear();
        _bare.Clear();
    }

    /// <summary>
    /// "sign-in 0.02, wait 0.10, …, http 0.40 ms" per server: the median of each phase over the queries since
    /// <see cref="Clear"/>, and of what the client's time of each query (<paramref name="secured"/>, <paramref name="bare"/>,
    /// in the order sent) spent outside them: HTTP on both ends, the middleware (sign-in's own time is a phase) and routing.
    /// </summary>
    public (string Secured, string Bare) Medians(IReadOnlyList<double> secured, IReadOnlyList<double> bare) =>
        (Describe(_secured, secured), Describe(_bare, bare));

    private static string Describe(ConcurrentQueue<double[]> queries, IReadOnlyList<double> totals)
    {
        var all = queries.ToArray();
        if (all.Length == 0)
        {
            return "(none)";
        }

        var phases = Enum.GetValues<QueryPhase>().Select(phase =>
            string.Create(CultureInfo.InvariantCulture, $"{phase.ToString().ToLowerInvariant()} {Median(all.Select(q => q[(int)phase])):0.000}"));

        // The phases of the n-th query are the n-th queued: the bench sends one query at a time and each server hands its
        // phases over before its answer ends. A count that differs (a query refused) leaves the outside time unknown.
        var outside = all.Length == totals.Count
            ? string.Create(CultureInfo.InvariantCulture, $"http {Median(all.Select((q, i) => totals[i] - q.Where(double.IsFinite).Sum())):0.000}")
            : "http ?";
        return string.Join(", ", phases.Append(outside)) + " ms";
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
