using CrmWarehouse.Warehouse.DuckDb.Native;

namespace CrmWarehouse.Warehouse.DuckDb.Execution;

/// <summary>The result of one executed statement: its columns, and its rows fetched chunk by chunk.</summary>
internal sealed unsafe class QueryResult : IDisposable
{
    private readonly ResultHandle _handle;

    public QueryResult(ResultHandle handle)
    {
        _handle = handle;
        ReturnType = NativeMethods.ResultReturnType(*handle.Result);
        var count = (int)NativeMethods.ColumnCount(handle.Result);
        Names = new string[count];
        Types = new ColumnType[count];
        for (var i = 0; i < count; i++)
        {
            Names[i] = NativeMethods.BorrowedString(NativeMethods.ColumnName(handle.Result, (ulong)i)) ?? $"column{i}";
            Types[i] = ColumnType.Owned(NativeMethods.ColumnLogicalType(handle.Result, (ulong)i));
        }

        if (ReturnType == DuckDbResultType.ChangedRows)
        {
            RowsChanged = ReadChangedRows();
        }
    }

    public DuckDbResultType ReturnType { get; }

    /// <summary>True when the statement returns rows (SELECT, RETURNING, PRAGMA, EXPLAIN…), not a count or nothing.</summary>
    public bool HasRows => ReturnType == DuckDbResultType.QueryResult;

    public string[] Names { get; }

    public ColumnType[] Types { get; }

    public long RowsChanged { get; }

    /// <summary>The next chunk, owned by the caller, or null when the rows are exhausted. Throws if the query failed midway.</summary>
    public DataChunkHandle? FetchChunk()
    {
        var chunk = NativeMethods.FetchChunk(*_handle.Result);
        if (chunk != 0)
        {
            return new DataChunkHandle(chunk);
        }

        var error = NativeMethods.BorrowedString(NativeMethods.ResultError(_handle.Result));
        return error is null ? null : throw new DuckDbException(error, NativeMethods.ResultErrorType(_handle.Result));
    }

    private long ReadChangedRows()
    {
        using var chunk = FetchChunk();
        if (chunk is null || NativeMethods.DataChunkGetSize(chunk.Pointer) == 0)
        {
            return 0;
        }

        var vector = NativeMethods.DataChunkGetVector(chunk.Pointer, 0);
        return *(long*)NativeMethods.VectorGetData(vector);
    }

    public void Dispose() => _handle.Dispose();
}
