using CrmWarehouse.Serving.PgWire.Types;
using CrmWarehouse.Serving.Sql;
using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Serving.PgWire.Session;

/// <summary>
/// A statement ready to run: how the session answers it (itself, a canned catalog answer, or DuckDB with
/// <see cref="Sql"/>), the columns it returns (empty: none) and its parameters' types.
/// </summary>
internal sealed record PreparedQuery(
    SessionCommand Command,
    string Sql,
    IReadOnlyList<PgColumn> Columns,
    IReadOnlyList<PgType> ParameterTypes,
    StatementShape? Shape = null,
    CannedResult? Canned = null)
{
    public bool ReturnsRows => Columns.Count > 0;

    /// <summary>For a SELECT on a cube relation: what it asks the cube compiler, which compiles it when it runs (its values bound).</summary>
    public CubeSqlStatement? Cube { get; init; }

    /// <summary>The relations the gate found it reads, for the query log.</summary>
    public IReadOnlyList<string> Relations { get; init; } = [];
}

/// <summary>An answer the server computes itself (SHOW, catalog probes DuckDB cannot answer): columns and rows of boxed values.</summary>
internal sealed record CannedResult(IReadOnlyList<PgColumn> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>
/// A bound statement (the unnamed one of a simple query, or a Bind's): its values, result formats, and once
/// executed the reader it is part way through, so that an Execute with a row limit can go on where the last stopped.
/// </summary>
internal sealed class Portal(PreparedQuery query, object?[] values, bool[] binary) : IDisposable
{
    public PreparedQuery Query { get; } = query;

    public object?[] Values { get; } = values;

    /// <summary>Per result column: sent in binary (true) or text.</summary>
    public bool[] Binary { get; } = binary;

    public bool Started { get; set; }

    public bool Finished { get; set; }

    /// <summary>The reader has a row read but not yet sent (read ahead to know whether a limited Execute left rows).</summary>
    public bool HasCurrentRow { get; set; }

    public long RowsSent { get; set; }

    public DuckDB.NET.Data.DuckDBCommand? Command { get; set; }

    public DuckDB.NET.Data.DuckDBDataReader? Reader { get; set; }

    public int CannedIndex { get; set; }

    /// <summary>The relations it read, for the query log: the statement's, and for a cube relation the table its answer came from.</summary>
    public IReadOnlyList<string> Relations { get; set; } = query.Relations;

    public void Dispose()
    {
        Reader?.Dispose();
        Command?.Dispose();
        Reader = null;
        Command = null;
    }
}
