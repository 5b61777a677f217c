using System.Runtime.InteropServices;

namespace CrmWarehouse.Warehouse.DuckDb.Native;

internal static partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "duckdb_extract_statements", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial ulong ExtractStatements(ConnectionHandle connection, string query, out nint extracted);

    [LibraryImport(Library, EntryPoint = "duckdb_extract_statements_error")]
    internal static partial nint ExtractStatementsError(ExtractedStatementsHandle extracted);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_extracted")]
    internal static partial void DestroyExtracted(ref nint extracted);

    [LibraryImport(Library, EntryPoint = "duckdb_prepare_extracted_statement")]
    internal static partial DuckDbState PrepareExtractedStatement(
        ConnectionHandle connection, ExtractedStatementsHandle extracted, ulong index, out nint prepared);

    [LibraryImport(Library, EntryPoint = "duckdb_prepare", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState Prepare(ConnectionHandle connection, string query, out nint prepared);

    [LibraryImport(Library, EntryPoint = "duckdb_prepare_error")]
    internal static partial nint PrepareError(PreparedStatementHandle prepared);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_prepare")]
    internal static partial void DestroyPrepare(ref nint prepared);

    [LibraryImport(Library, EntryPoint = "duckdb_prepared_statement_type")]
    internal static partial DuckDbStatementType PreparedStatementType(PreparedStatementHandle prepared);

    [LibraryImport(Library, EntryPoint = "duckdb_nparams")]
    internal static partial ulong ParameterCount(PreparedStatementHandle prepared);

    [LibraryImport(Library, EntryPoint = "duckdb_parameter_name")]
    internal static partial nint ParameterName(PreparedStatementHandle prepared, ulong index);

    [LibraryImport(Library, EntryPoint = "duckdb_bind_parameter_index", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState BindParameterIndex(PreparedStatementHandle prepared, out ulong index, string name);

    [LibraryImport(Library, EntryPoint = "duckdb_bind_value")]
    internal static partial DuckDbState BindValue(PreparedStatementHandle prepared, ulong index, ValueHandle value);

    [LibraryImport(Library, EntryPoint = "duckdb_clear_bindings")]
    internal static partial DuckDbState ClearBindings(PreparedStatementHandle prepared);

    [LibraryImport(Library, EntryPoint = "duckdb_pending_prepared_streaming")]
    internal static partial DuckDbState PendingPreparedStreaming(PreparedStatementHandle prepared, out nint pending);

    [LibraryImport(Library, EntryPoint = "duckdb_pending_error")]
    internal static partial nint PendingError(PendingResultHandle pending);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_pending")]
    internal static partial void DestroyPending(ref nint pending);

    [LibraryImport(Library, EntryPoint = "duckdb_execute_pending")]
    internal static unsafe partial DuckDbState ExecutePending(PendingResultHandle pending, DuckDbResultStruct* result);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_result")]
    internal static unsafe partial void DestroyResult(DuckDbResultStruct* result);

    [LibraryImport(Library, EntryPoint = "duckdb_result_error")]
    internal static unsafe partial nint ResultError(DuckDbResultStruct* result);

    [LibraryImport(Library, EntryPoint = "duckdb_result_error_type")]
    internal static unsafe partial DuckDbErrorType ResultErrorType(DuckDbResultStruct* result);

    [LibraryImport(Library, EntryPoint = "duckdb_result_return_type")]
    internal static partial DuckDbResultType ResultReturnType(DuckDbResultStruct result);

    [LibraryImport(Library, EntryPoint = "duckdb_column_count")]
    internal static unsafe partial ulong ColumnCount(DuckDbResultStruct* result);

    [LibraryImport(Library, EntryPoint = "duckdb_column_name")]
    internal static unsafe partial nint ColumnName(DuckDbResultStruct* result, ulong column);

    [LibraryImport(Library, EntryPoint = "duckdb_column_logical_type")]
    internal static unsafe partial nint ColumnLogicalType(DuckDbResultStruct* result, ulong column);

    [LibraryImport(Library, EntryPoint = "duckdb_rows_changed")]
    internal static unsafe partial ulong RowsChanged(DuckDbResultStruct* result);

    /// <summary>Returns the next chunk (owned by the caller), or 0 when the result is exhausted or failed.</summary>
    [LibraryImport(Library, EntryPoint = "duckdb_fetch_chunk")]
    internal static partial nint FetchChunk(DuckDbResultStruct result);
}
