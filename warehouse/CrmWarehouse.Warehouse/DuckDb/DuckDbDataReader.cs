using System.Collections;
using System.Data;
using System.Data.Common;
using CrmWarehouse.Warehouse.DuckDb.Execution;
using CrmWarehouse.Warehouse.DuckDb.Native;
using CrmWarehouse.Warehouse.DuckDb.Values;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>
/// Streams a command's results. Rows come a data chunk (up to 2,048 rows) at a time from duckdb_fetch_chunk;
/// values are read straight from each vector's memory. Statements that return no rows are run on the way and
/// counted in <see cref="RecordsAffected"/>; closing the reader runs any statements not yet reached.
/// </summary>
public sealed partial class DuckDbDataReader : DbDataReader
{
    private static readonly VectorView[] NoColumns = [];

    private readonly DuckDbConnection _connection;
    private readonly CommandExecution _execution;
    private readonly CommandBehavior _behavior;
    private QueryResult? _result;
    private DataChunkHandle? _chunk;
    private VectorView[] _columns = NoColumns;
    private long _chunkSize;
    private long _row = -1;
    private bool _hasRows;
    private bool _exhausted;
    private bool _closed;
    private int _recordsAffected = -1;

    internal DuckDbDataReader(DuckDbConnection connection, CommandExecution execution, CommandBehavior behavior)
    {
        _connection = connection;
        _execution = execution;
        _behavior = behavior;
        try
        {
            AdvanceToResultSet();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public override int FieldCount => _result is { HasRows: true } ? _result.Names.Length : 0;

    public override bool HasRows => _hasRows;

    public override bool IsClosed => _closed;

    public override int RecordsAffected => _recordsAffected;

    public override int Depth => 0;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_result is null || _exhausted)
        {
            return false;
        }

        if (++_row < _chunkSize)
        {
            return true;
        }

        return FetchChunk();
    }

    public override bool NextResult()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        ReleaseResult();
        return AdvanceToResultSet();
    }

    public override void Close()
    {
        if (_closed)
        {
            return;
        }

        try
        {
            ReleaseResult();
            while (_connection.State == ConnectionState.Open && _execution.HasMoreStatements)
            {
                AdvanceToResultSet();
                ReleaseResult();
            }
        }
        finally
        {
            _closed = true;
            ReleaseResult();
            _execution.Dispose();
            if (_behavior.HasFlag(CommandBehavior.CloseConnection))
            {
                _connection.Close();
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    /// <summary>Runs statements until one returns rows (true) or the script ends (false), prefetching the first chunk.</summary>
    private bool AdvanceToResultSet()
    {
        while (_execution.HasMoreStatements)
        {
            var result = _execution.ExecuteNext();
            if (!result.HasRows)
            {
                if (result.ReturnType == DuckDbResultType.ChangedRows)
                {
                    _recordsAffected = Math.Max(_recordsAffected, 0) + (int)result.RowsChanged;
                }

                result.Dispose();
                continue;
            }

            _result = result;
            _exhausted = false;
            _columns = new VectorView[result.Names.Length];
            _hasRows = FetchChunk();
            _row = -1;
            return true;
        }

        return false;
    }

    /// <summary>Replaces the current chunk with the next non-empty one; false when the rows are exhausted.</summary>
    private bool FetchChunk()
    {
        _chunk?.Dispose();
        _chunk = null;
        while (true)
        {
            var chunk = _execution.Guard(_result!.FetchChunk);
            if (chunk is null)
            {
                _exhausted = true;
                _chunkSize = 0;
                _row = 0;
                return false;
            }

            var size = (long)NativeMethods.DataChunkGetSize(chunk.Pointer);
            if (size == 0)
            {
                chunk.Dispose();
                continue;
            }

            _chunk = chunk;
            _chunkSize = size;
            _row = 0;
            var types = _result.Types;
            for (var i = 0; i < _columns.Length; i++)
            {
                _columns[i] = new VectorView(NativeMethods.DataChunkGetVector(chunk.Pointer, (ulong)i), types[i]);
            }

            return true;
        }
    }

    private void ReleaseResult()
    {
        _chunk?.Dispose();
        _chunk = null;
        _result?.Dispose();
        _result = null;
        _columns = NoColumns;
        _chunkSize = 0;
        _row = -1;
        _hasRows = false;
    }
}
