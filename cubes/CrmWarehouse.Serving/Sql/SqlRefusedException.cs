namespace CrmWarehouse.Serving.Sql;

/// <summary>
/// A statement the gate will not run; the message names the table, function or limit at fault in words an analyst can
/// act on, and <see cref="Refusal"/> says what kind of no it is (each door turns it into its own status code).
/// </summary>
internal sealed class SqlRefusedException(string message, SqlRefusal refusal = SqlRefusal.NotPermitted) : Exception(message)
{
    public SqlRefusal Refusal { get; } = refusal;

    /// <summary>For a query that does not parse: where DuckDB's parser stopped (0-based character offset), when it says.</summary>
    public int? Position { get; init; }
}

/// <summary>Why a statement was refused.</summary>
internal enum SqlRefusal
{
    /// <summary>It reaches something the user may not: a table outside the scope, a function off the allow-list, a write.</summary>
    NotPermitted,

    /// <summary>It is too long or nested too deeply to be judged within the limits.</summary>
    TooLarge,

    /// <summary>It is not SQL DuckDB can parse, or empty.</summary>
    Malformed,

    /// <summary>It is SQL, but of a shape this door does not answer (a cube relation joined, a measure averaged).</summary>
    NotSupported,

    /// <summary>It names a column its relation does not have (a cube relation's level or measure).</summary>
    UndefinedColumn,

    /// <summary>It names a relation that does not exist (a cube that is not declared).</summary>
    UndefinedTable,
}
