namespace CrmWarehouse.Serving;

/// <summary>The steps of one HTTP query whose time <see cref="QueryPhases"/> takes apart.</summary>
public enum QueryPhase
{
    /// <summary>Reading the credentials and finding the user (before the endpoint).</summary>
    SignIn,

    /// <summary>Taking the user's query slot and time budget, and the hop onto a thread of its own.</summary>
    Wait,

    /// <summary>Opening the connection and setting it up for the principal (search path, branches).</summary>
    Connect,

    /// <summary>The SQL gate (ad-hoc SQL) or the cube compiler (cube query).</summary>
    Check,

    /// <summary>DuckDB preparing and running the statement until its first rows are ready.</summary>
    Execute,

    /// <summary>Streaming the answer to the client.</summary>
    Write,

    /// <summary>Closing the connection, giving the time budget and the query slot back, and the hop back from the query's thread.</summary>
    Close,

    /// <summary>Queuing the query's row for <c>audit.query_log</c> (written later, in batches, off the request's path).</summary>
    Audit,
}

/// <summary>
/// Where one query's time went, phase by phase (<see cref="QueryPhase"/>), for a Debug log line and for
/// <c>crmw bench serve</c>'s breakdown of what security costs. Each <see cref="Mark"/> charges the time since the
/// previous mark to a phase; the clock is the serving clock's monotonic timestamp.
/// </summary>
public sealed class QueryPhases(TimeProvider clock)
{
    /// <summary>The name of the Debug event that carries the phases.</summary>
    public const string EventName = "QueryPhases";

    private readonly double[] _milliseconds = new double[Enum.GetValues<QueryPhase>().Length];
    private long _last = clock.GetTimestamp();

    /// <summary>Milliseconds charged to <paramref name="phase"/>.</summary>
    public double this[QueryPhase phase] => _milliseconds[(int)phase];

    /// <summary>Charges the time since the last mark (or since this object was made) to <paramref name="phase"/>.</summary>
    public void Mark(QueryPhase phase)
    {
        var now = clock.GetTimestamp();
        _milliseconds[(int)phase] += clock.GetElapsedTime(_last, now).TotalMilliseconds;
        _last = now;
    }

    /// <summary>Charges <paramref name="milliseconds"/> measured elsewhere (the sign-in, before this object existed).</summary>
    public void Add(QueryPhase phase, double milliseconds) => _milliseconds[(int)phase] += milliseconds;
}
