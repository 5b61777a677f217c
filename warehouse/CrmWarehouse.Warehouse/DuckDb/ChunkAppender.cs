using System.Runtime.InteropServices;
using System.Text;
using DuckDBConnection = DuckDB.NET.Data.DuckDBConnection;
using DuckDB.NET.Native;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>
/// The staging hot path: an appender that writes values straight into a DuckDB data chunk's vectors and hands
/// DuckDB whole chunks (duckdb_append_data_chunk), over DuckDB.NET's public native API. Measured in `crmw bench
/// load`: DuckDB.NET's row appender made extract + stage about 1.4x slower on the big tables. Each Append writes
/// the next column of the current row and must match its type exactly (the staging tables are created from the
/// source's types); other tables use DuckDB.NET's appender.
/// </summary>
public sealed unsafe partial class ChunkAppender : IDisposable
{
    private static readonly int ChunkRows = (int)NativeMethods.Helpers.DuckDBVectorSize();

    private readonly DuckDBAppender _appender;
    private readonly DuckDBDataChunk _chunk;
    private readonly DuckDBType[] _types;
    private readonly byte[] _scales;
    private readonly DuckDBType[] _decimalStorage;
    private readonly nint[] _vectors;
    private readonly nint[] _data;
    private readonly nint[] _validity;
    private byte[] _utf8 = new byte[256];
    private int _row;
    private int _column;
    private bool _closed;

    public ChunkAppender(DuckDBConnection connection, string? catalog, string? schema, string table)
    {
        if (NativeMethods.Appender.DuckDBAppenderCreateExt(connection.NativeConnection, catalog, schema, table, out _appender) != DuckDBState.Success)
        {
            var error = ErrorOf(_appender);
            _appender.Dispose();
            throw new DuckDbScriptException($"Cannot append to {table}: {error}", DuckDbExtensions.ErrorTypeOf(error));
        }

        var count = (int)NativeMethods.Appender.DuckDBAppenderColumnCount(_appender);
        _types = new DuckDBType[count];
        _scales = new byte[count];
        _decimalStorage = new DuckDBType[count];
        var logicalTypes = new DuckDBLogicalType[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                logicalTypes[i] = NativeMethods.Appender.DuckDBAppenderColumnType(_appender, (ulong)i);
                _types[i] = NativeMethods.LogicalType.DuckDBGetTypeId(logicalTypes[i]);
                if (_types[i] == DuckDBType.Decimal)
                {
                    _scales[i] = NativeMethods.LogicalType.DuckDBDecimalScale(logicalTypes[i]);
                    _decimalStorage[i] = NativeMethods.LogicalType.DuckDBDecimalInternalType(logicalTypes[i]);
                }
            }

            _chunk = NativeMethods.DataChunks.DuckDBCreateDataChunk([.. logicalTypes.Select(t => t.DangerousGetHandle())], (ulong)count);
        }
        finally
        {
            foreach (var type in logicalTypes)
            {
                type?.Dispose();
            }
        }

        _vectors = new nint[count];
        _data = new nint[count];
        _validity = new nint[count];
        MapVectors();
    }

    /// <summary>Writes the current row's next column as SQL NULL.</summary>
    public ChunkAppender AppendNull()
    {
        var vector = Next(out var column);
        if (_validity[column] == 0)
        {
            // A vector has no validity mask until it first needs one; DuckDB allocates it all-valid.
            NativeMethods.Vectors.DuckDBVectorEnsureValidityWritable(vector);
            _validity[column] = (nint)NativeMethods.Vectors.DuckDBVectorGetValidity(vector);
        }

        // The mask is one bit per row, 64 rows per word, 1 = valid.
        ((ulong*)_validity[column])[_row >> 6] &= ~(1UL << (_row & 63));
        return this;
    }

    /// <summary>Ends the row; a full chunk goes to DuckDB.</summary>
    public void EndRow()
    {
        if (_column != _types.Length)
        {
            throw new InvalidOperationException($"Row {_row} has {_column} values; the table has {_types.Length} columns.");
        }

        _column = 0;
        if (++_row == ChunkRows)
        {
            Flush();
        }
    }

    /// <summary>Appends what is buffered and closes the appender (errors surface here, not in Dispose).</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        Flush();
        _closed = true;
        if (NativeMethods.Appender.DuckDBAppenderClose(_appender) != DuckDBState.Success)
        {
            throw Failure("closing");
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_closed && _column == 0)
            {
                Close();
            }
        }
        finally
        {
            _closed = true;
            _chunk.Dispose();
            _appender.Dispose();
        }
    }

    private void Flush()
    {
        if (_row == 0)
        {
            return;
        }

        NativeMethods.DataChunks.DuckDBDataChunkSetSize(_chunk, (ulong)_row);
        if (NativeMethods.Appender.DuckDBAppendDataChunk(_appender, _chunk) != DuckDBState.Success)
        {
            throw Failure($"appending {_row} rows");
        }

        NativeMethods.DataChunks.DuckDBDataChunkReset(_chunk);
        MapVectors();
        _row = 0;
    }

    // A reset chunk may hand out new buffers, so the vectors' data pointers are taken again for every chunk.
    private void MapVectors()
    {
        for (var i = 0; i < _types.Length; i++)
        {
            _vectors[i] = NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, i);
            _data[i] = (nint)NativeMethods.Vectors.DuckDBVectorGetData(_vectors[i]);
            _validity[i] = 0;
        }
    }

    /// <summary>The next column's vector; the caller writes row <see cref="_row"/> of it.</summary>
    private nint Next(out int column)
    {
        column = _column;
        if (column >= _types.Length)
        {
            throw new InvalidOperationException($"The row already has its {_types.Length} values; call EndRow().");
        }

        _column++;
        return _vectors[column];
    }

    private T* Slot<T>(DuckDBType expected, string clrType)
        where T : unmanaged => (T*)_data[Column(expected, clrType)] + _row;

    /// <summary>The next column, which must be of the <paramref name="expected"/> type.</summary>
    private int Column(DuckDBType expected, string clrType)
    {
        Next(out var column);
        return _types[column] == expected
            ? column
            : throw new InvalidOperationException($"Column {column} is {_types[column]}; a {clrType} value was appended to it.");
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes, int column, bool utf8)
    {
        fixed (byte* pointer = bytes)
        {
            if (utf8)
            {
                // Encoding.UTF8 only ever produces valid UTF-8, so DuckDB's check of it is skipped.
                NativeMethods.Vectors.DuckDBUnsafeVectorAssignStringElementLength(_vectors[column], (ulong)_row, pointer, bytes.Length);
            }
            else
            {
                NativeMethods.Vectors.DuckDBVectorAssignStringElementLength(_vectors[column], (ulong)_row, pointer, bytes.Length);
            }
        }
    }

    private Span<byte> Utf8(string value)
    {
        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_utf8.Length < length)
        {
            _utf8 = new byte[Math.Max(length, _utf8.Length * 2)];
        }

        return _utf8.AsSpan(0, Encoding.UTF8.GetBytes(value, _utf8));
    }

    private DuckDbScriptException Failure(string what)
    {
        var error = ErrorOf(_appender);
        return new DuckDbScriptException($"The appender failed {what}: {error}", DuckDbExtensions.ErrorTypeOf(error));
    }

    private static string ErrorOf(DuckDBAppender appender)
    {
        using var error = NativeMethods.Appender.DuckDBAppenderErrorData(appender);
        return NativeMethods.ErrorData.DuckDBErrorDataMessage(error);
    }

    // Keeps the layout facts in one place: DuckDB's UUID is a hugeint of the big-endian bytes with the top bit flipped.
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct HugeInt(ulong lower, long upper)
    {
        public readonly ulong Lower = lower;
        public readonly long Upper = upper;
    }
}
