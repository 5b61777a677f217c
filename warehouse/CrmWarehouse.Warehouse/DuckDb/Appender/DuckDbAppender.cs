using CrmWarehouse.Warehouse.DuckDb.Native;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>
/// Bulk-loads rows into one table. Values are written straight into a DuckDB data chunk (2,048 rows), which is
/// handed to the appender when full: no SQL and no native call per value (strings longer than 12 bytes excepted).
/// Usage: <c>appender.Append(1L).Append("x").AppendNull().EndRow();</c> … <c>appender.Close();</c>.
/// A value that does not fit its column throws at once, naming the row and column, and discards the row being
/// built; rows already ended stay. Dispose flushes (and throws if that fails); rows reach the table at flush.
/// </summary>
public sealed unsafe partial class DuckDbAppender : IDisposable
{
    private readonly AppenderHandle _handle;
    private readonly string _table;
    private readonly ColumnType[] _types;
    private readonly string[] _names;
    private readonly DataChunkHandle _chunk;
    private readonly nint[] _vectors;
    private readonly void*[] _data;
    private readonly ulong*[] _validity;
    private readonly int _capacity;
    private byte[] _utf8 = new byte[256];
    private int _column;
    private int _rowInChunk;
    private long _rowsEnded;
    private long _rowsFlushed;
    private bool _closed;

    internal DuckDbAppender(DuckDbConnection connection, string? catalog, string? schema, string table)
    {
        _table = string.Join('.', new[] { catalog, schema, table }.Where(part => part is not null));
        if (NativeMethods.AppenderCreate(connection.Handle, catalog, schema, table, out var pointer) != DuckDbState.Success)
        {
            using var failed = new AppenderHandle(pointer);
            throw ErrorOf(failed, $"Cannot open an appender on table '{_table}'");
        }

        _handle = new AppenderHandle(pointer);
        var count = (int)NativeMethods.AppenderColumnCount(_handle);
        _types = new ColumnType[count];
        var logicalTypes = new nint[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                logicalTypes[i] = NativeMethods.AppenderColumnType(_handle, (ulong)i);
                _types[i] = ColumnType.FromLogicalType(logicalTypes[i]);
            }

            fixed (nint* types = logicalTypes)
            {
                _chunk = new DataChunkHandle(NativeMethods.CreateDataChunk(types, (ulong)count));
            }
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                NativeMethods.DestroyLogicalType(ref logicalTypes[i]);
            }
        }

        _names = ColumnNames(connection, schema, table, count);
        _capacity = (int)NativeMethods.VectorSize();
        _vectors = new nint[count];
        _data = new void*[count];
        _validity = new ulong*[count];
        BindVectors();
    }

    /// <summary>Rows ended so far (including those not yet flushed).</summary>
    public long RowCount => _rowsEnded;

    public int ColumnCount => _types.Length;

    /// <summary>Finishes the current row; every column must have had a value.</summary>
    public DuckDbAppender EndRow()
    {
        ThrowIfClosed();
        if (_column != _types.Length)
        {
            var missing = _column;
            _column = 0;
            throw new DuckDbException(
                $"Appender for '{_table}': row {_rowsEnded + 1} has {missing} values but the table has {_types.Length} columns; the row was discarded.",
                DuckDbErrorType.InvalidInput);
        }

        _column = 0;
        _rowsEnded++;
        if (++_rowInChunk == _capacity)
        {
            AppendChunk();
        }

        return this;
    }

    /// <summary>Appends the rows so far to the table (constraints are checked here).</summary>
    public void Flush()
    {
        ThrowIfClosed();
        AppendChunk();
        if (NativeMethods.AppenderFlush(_handle) != DuckDbState.Success)
        {
            throw ErrorOf(_handle, $"Appender for '{_table}' failed to flush rows {_rowsFlushed + 1}–{_rowsEnded}");
        }

        _rowsFlushed = _rowsEnded;
    }

    /// <summary>Flushes and closes; the appender cannot be used afterwards.</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        try
        {
            Flush();
            if (NativeMethods.AppenderClose(_handle) != DuckDbState.Success)
            {
                throw ErrorOf(_handle, $"Appender for '{_table}' failed to close");
            }
        }
        finally
        {
            _closed = true;
            _chunk.Dispose();
            _handle.Dispose();
        }
    }

    public void Dispose() => Close();

    private void AppendChunk()
    {
        if (_rowInChunk == 0)
        {
            return;
        }

        NativeMethods.DataChunkSetSize(_chunk.Pointer, (ulong)_rowInChunk);
        var firstRow = _rowsEnded - _rowInChunk + 1;
        var state = NativeMethods.AppendDataChunk(_handle, _chunk.Pointer);
        NativeMethods.DataChunkReset(_chunk.Pointer);
        _rowInChunk = 0;
        BindVectors();
        if (state != DuckDbState.Success)
        {
            throw ErrorOf(_handle, $"Appender for '{_table}' rejected rows {firstRow}–{_rowsEnded}");
        }
    }

    /// <summary>Re-reads each vector's buffers: a chunk reset may move them. Validity masks are made writable on first NULL.</summary>
    private void BindVectors()
    {
        for (var i = 0; i < _types.Length; i++)
        {
            _vectors[i] = NativeMethods.DataChunkGetVector(_chunk.Pointer, (ulong)i);
            _data[i] = NativeMethods.VectorGetData(_vectors[i]);
            _validity[i] = null;
        }
    }

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(_closed, this);

    private static DuckDbException ErrorOf(AppenderHandle appender, string context)
    {
        var data = NativeMethods.AppenderErrorData(appender);
        try
        {
            var message = data == 0 ? null : NativeMethods.BorrowedString(NativeMethods.ErrorDataMessage(data));
            var type = data == 0 ? DuckDbErrorType.Invalid : NativeMethods.ErrorDataType(data);
            return new DuckDbException($"{context}: {message ?? "DuckDB gave no reason"}", type);
        }
        finally
        {
            if (data != 0)
            {
                NativeMethods.DestroyErrorData(ref data);
            }
        }
    }

    private static string[] ColumnNames(DuckDbConnection connection, string? schema, string table, int count)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT column_name FROM duckdb_columns()
            WHERE table_name = $table AND schema_name = coalesce($schema, current_schema())
            ORDER BY column_index
            """;
        command.Parameters.Add("table", table);
        command.Parameters.Add("schema", schema);
        var names = new List<string>(count);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        for (var i = names.Count; i < count; i++)
        {
            names.Add($"#{i + 1}");
        }

        return [.. names];
    }
}
