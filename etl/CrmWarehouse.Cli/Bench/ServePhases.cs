using System.Collections.Concurrent;
using System.Globalization;
using CrmWarehouse.Serving;
using Serilog.Core;
using Serilog.Events;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// The phases of the queries `crmw bench serve` times, from both servers: the secured one logs each query's
/// <see cref="QueryPhases"/> at Debug (this is the Serilog sink that catches those lines), the bare one hands its
/// own over directly. The medians per phase show where the secured server's extra time goes.
/// </summary>
internal sealed class ServePhases : ILogEventSink
{
    private readonly ConcurrentQueue<double[]> _secured = new();
    private readonly ConcurrentQueue<double[]> _bare = new();

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        if (logEvent.Properties.TryGetValue("EventId", out var id) && id.ToString().Contains(QueryPhases.EventName, StringComparison.Ordinal))
        {
            _secured.Enqueue([.. Enum.GetValues<QueryPhase>().Select(phase => Number(logEvent, phase))]);
        }
    }

    public void Bare(QueryPhases phases) => _bare.Enqueue([.. Enum.GetValues<QueryPhase>().Select(phase => phases[phase])]);

    public void Clear()
    {
        _secured.Clear();
        _bare.Clear();
    }

    /// <summary>"sign-in 0.02, wait 0.10, …" per server: the median of each phase over the queries since <see cref="Clear"/>.</summary>
    public (string Secured, string Bare) Medians() => (Describe(_secured), Describe(_bare));

    private static string Describe(ConcurrentQueue<double[]> queries)
    {
        var all = queries.ToArray();
        if (all.Length == 0)
        {
            return "(none)";
        }

        return string.Join(", ", Enum.GetValues<QueryPhase>().Select(phase =>
        {
            var values = all.Select(q => q[(int)phase]).Order().ToArray();
            return string.Create(CultureInfo.InvariantCulture, $"{phase.ToString().ToLowerInvariant()} {values[values.Length / 2]:0.000}");
        })) + " ms";
    }

    private static double Number(LogEvent logEvent, QueryPhase phase) =>
        logEvent.Properties.TryGetValue(phase.ToString(), out var value) && value is ScalarValue { Value: double number } ? number : double.NaN;
}
