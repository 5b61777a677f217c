using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>
/// A DuckDB type as a client protocol needs it: the type id, a decimal's width and scale, a list's element type and
/// an alias such as JSON (a VARCHAR to DuckDB's engine).
/// </summary>
public sealed record DuckDbColumnType(DuckDBType Type, byte Width = 0, byte Scale = 0, DuckDbColumnType? Element = null, string? Alias = null);

/// <summary>A result column: its name and type.</summary>
public sealed record DuckDbColumn(string Name, DuckDbColumnType Type);

/// <summary>
/// What a statement returns and takes, learnt by preparing it (nothing runs): the PostgreSQL wire protocol describes a
/// statement before it executes and before any row exists. DuckDB.NET's reader knows types only once a chunk is read.
/// </summary>
public sealed partial record StatementShape(IReadOnlyList<DuckDbColumn> Columns, IReadOnlyList<DuckDbColumnType> Parameters)
{
    /// <summary>Prepares <paramref name="sql"/> (one statement) on <paramref name="connection"/> and reads its shape.</summary>
    public static StatementShape Describe(DuckDBConnection connection, string sql)
    {
        var state = NativeMethods.PreparedStatements.DuckDBPrepare(connection.NativeConnection, sql, out var statement);
        using (statement)
        {
            if (state != DuckDBState.Success)
            {
                var error = NativeMethods.PreparedStatements.DuckDBPrepareError(statement);
                throw new DuckDbScriptException(error, DuckDbExtensions.ErrorTypeOf(error));
            }

            var columns = new DuckDbColumn[ColumnCount(statement)];
            for (var i = 0; i < columns.Length; i++)
            {
                using var type = ColumnLogicalType(statement, i);
                columns[i] = new DuckDbColumn(ColumnName(statement, i) ?? $"column{i}", Read(type));
            }

            var parameters = new DuckDbColumnType[NativeMethods.PreparedStatements.DuckDBParams(statement)];
            for (var i = 0; i < parameters.Length; i++)
            {
                // Parameters are numbered from 1; a parameter DuckDB cannot type (SELECT $1) reads as INVALID.
                using var type = NativeMethods.PreparedStatements.DuckDBParamLogicalType(statement, i + 1);
                parameters[i] = type.IsInvalid ? new DuckDbColumnType(DuckDBType.Invalid) : Read(type);
            }

            return new StatementShape(columns, parameters);
        }
    }

    private static DuckDbColumnType Read(DuckDBLogicalType type)
    {
        var id = NativeMethods.LogicalType.DuckDBGetTypeId(type);
        var alias = Alias(type);
        switch (id)
        {
            case DuckDBType.Decimal:
                return new DuckDbColumnType(id, NativeMethods.LogicalType.DuckDBDecimalWidth(type), NativeMethods.LogicalType.DuckDBDecimalScale(type), Alias: alias);
            case DuckDBType.List:
            {
                using var child = NativeMethods.LogicalType.DuckDBListTypeChildType(type);
                return new DuckDbColumnType(id, Element: Read(child), Alias: alias);
            }

            case DuckDBType.Array:
            {
                using var child = NativeMethods.LogicalType.DuckDBArrayTypeChildType(type);
                return new DuckDbColumnType(id, Element: Read(child), Alias: alias);
            }

            default:
                return new DuckDbColumnType(id, Alias: alias);
        }
    }

    // idx_t duckdb_prepared_statement_column_count(duckdb_prepared_statement prepared_statement)
    [LibraryImport("duckdb", EntryPoint = "duckdb_prepared_statement_column_count")]
    private static partial long ColumnCount(DuckDBPreparedStatement statement);

    // char *duckdb_prepared_statement_column_name(duckdb_prepared_statement, idx_t): freed by the caller with duckdb_free.
    [LibraryImport("duckdb", EntryPoint = "duckdb_prepared_statement_column_name")]
    [return: MarshalUsing(typeof(DuckDBCallerOwnedStringMarshaller))]
    private static partial string? ColumnName(DuckDBPreparedStatement statement, long index);

    [LibraryImport("duckdb", EntryPoint = "duckdb_prepared_statement_column_logical_type")]
    private static partial DuckDBLogicalType ColumnLogicalType(DuckDBPreparedStatement statement, long index);

    // char *duckdb_logical_type_get_alias(duckdb_logical_type): null when the type has none, else freed by the caller.
    [LibraryImport("duckdb", EntryPoint = "duckdb_logical_type_get_alias")]
    [return: MarshalUsing(typeof(DuckDBCallerOwnedStringMarshaller))]
    private static partial string? Alias(DuckDBLogicalType type);
}
