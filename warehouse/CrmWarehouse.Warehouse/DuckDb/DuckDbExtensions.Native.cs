using System.Runtime.InteropServices;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>The one C-API call DuckDB.NET does not expose, over its handles; nothing native leaves this file.</summary>
public static partial class DuckDbExtensions
{
    /// <summary>Version of the DuckDB library in use, e.g. "v1.5.6".</summary>
    public static string LibraryVersion => NativeMethods.Startup.DuckDBLibraryVersion();

    /// <summary>
    /// What kind each statement of <paramref name="sql"/> is, as DuckDB's planner sees it: the statements are
    /// prepared, nothing runs. The read-only gate of the SQL endpoints decides on this.
    /// </summary>
    public static IReadOnlyList<DuckDbStatementType> GetStatementTypes(this DuckDBConnection connection, string sql)
    {
        var native = connection.NativeConnection;
        var count = Extract(native, sql, out var extracted);
        using (extracted)
        {
            var types = new DuckDbStatementType[count];
            for (var i = 0; i < count; i++)
            {
                var state = NativeMethods.ExtractStatements.DuckDBPrepareExtractedStatement(native, extracted, i, out var statement);
                using (statement)
                {
                    if (state != DuckDBState.Success)
                    {
                        var error = NativeMethods.PreparedStatements.DuckDBPrepareError(statement);
                        // The C API gives the message only; binding errors (an unknown table, a file outside the sandbox) land here too.
                        throw new DuckDbScriptException(count > 1 ? $"Statement {i + 1} of {count}: {error}" : error, ErrorTypeOf(error));
                    }

                    types[i] = PreparedStatementType(statement);
                }
            }

            return types;
        }
    }

    /// <summary>How many statements DuckDB's parser finds in <paramref name="sql"/> (parsed only: nothing is bound or run).</summary>
    internal static int StatementCount(DuckDBConnection connection, string sql)
    {
        var count = Extract(connection.NativeConnection, sql, out var extracted);
        extracted.Dispose();
        return count;
    }

    private static int Extract(DuckDBNativeConnection native, string sql, out DuckDBExtractedStatements extracted)
    {
        var count = NativeMethods.ExtractStatements.DuckDBExtractStatements(native, sql, out extracted);
        if (count <= 0)
        {
            var error = NativeMethods.ExtractStatements.DuckDBExtractStatementsError(extracted);
            extracted.Dispose();
            throw new DuckDbScriptException(string.IsNullOrEmpty(error) ? "The command text holds no SQL statement." : error, DuckDBErrorType.Parser);
        }

        return count;
    }

    // duckdb_statement_type duckdb_prepared_statement_type(duckdb_prepared_statement statement): the enum is a C int.
    [LibraryImport("duckdb", EntryPoint = "duckdb_prepared_statement_type")]
    private static partial DuckDbStatementType PreparedStatementType(DuckDBPreparedStatement statement);
}

/// <summary>
/// duckdb_statement_type as libduckdb 1.5.6's duckdb.h numbers it. DuckDB.NET 1.5.6.1's DuckDBStatementType has a
/// SHOW member at 18 that this library does not, so from VACUUM on its names are one off (SET would read as CALL).
/// </summary>
public enum DuckDbStatementType
{
    Invalid = 0,
    Select = 1,
    Insert = 2,
    Update = 3,
    Explain = 4,
    Delete = 5,
    Prepare = 6,
    Create = 7,
    Execute = 8,
    Alter = 9,
    Transaction = 10,
    Copy = 11,
    Analyze = 12,
    VariableSet = 13,
    CreateFunction = 14,
    Drop = 15,
    Export = 16,
    Pragma = 17,
    Vacuum = 18,
    Call = 19,
    Set = 20,
    Load = 21,
    Relation = 22,
    Extension = 23,
    LogicalPlan = 24,
    Attach = 25,
    Detach = 26,
    Multi = 27,
    CopyDatabase = 28,
    UpdateExtensions = 29,
    MergeInto = 30,
}
