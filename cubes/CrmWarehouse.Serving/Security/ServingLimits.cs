using CrmWarehouse.Serving.Sql;

namespace CrmWarehouse.Serving.Security;

/// <summary>
/// The "Serving:Limits" section: what keeps one request from taking the service down. The time budget covers the
/// whole query (parse, gate, compile, prepare, run and writing the answer), not only DuckDB's execution.
/// </summary>
public sealed class ServingLimits
{
    /// <summary>Seconds one query may take from the gate to its last byte before DuckDB is interrupted (408).</summary>
    public int QueryTimeoutSeconds { get; set; } = 60;

    /// <summary>Most rows one answer returns; more are cut off and the answer says it was truncated.</summary>
    public int MaxRows { get; set; } = 10_000;

    /// <summary>Most bytes of one answer (JSON or CSV); rows past it are cut off like rows past <see cref="MaxRows"/>.</summary>
    public long MaxResultBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Largest request body Kestrel accepts (413 above it).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Longest ad-hoc SQL text, in characters (413 above it).</summary>
    public int MaxSqlCharacters { get; set; } = 100_000;

    /// <summary>Deepest parse tree of ad-hoc SQL, in levels of DuckDB's JSON form (413 above it).</summary>
    public int MaxParseDepth { get; set; } = 512;

    /// <summary>Most values in all the IN filters of one cube query together (413 above it).</summary>
    public int MaxFilterValues { get; set; } = 1_000;

    /// <summary>Queries one user (or, without sign-in, one client address) may have running at once (429 above it).</summary>
    public int MaxConcurrentQueriesPerUser { get; set; } = 4;

    public TimeSpan QueryTimeout => TimeSpan.FromSeconds(QueryTimeoutSeconds);

    internal SqlGateLimits Gate => new(MaxSqlCharacters, MaxParseDepth);
}
