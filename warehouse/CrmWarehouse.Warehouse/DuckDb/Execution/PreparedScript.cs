using CrmWarehouse.Warehouse.DuckDb.Native;

namespace CrmWarehouse.Warehouse.DuckDb.Execution;

/// <summary>
/// A command's SQL split into statements by DuckDB's parser. Each statement is prepared just before it first runs
/// (a later statement may depend on a table an earlier one creates) and kept for the next execution.
/// </summary>
internal sealed class PreparedScript : IDisposable
{
    private readonly ExtractedStatementsHandle _extracted;
    private readonly PreparedStatement?[] _statements;

    private PreparedScript(ConnectionHandle connection, ExtractedStatementsHandle extracted, int count)
    {
        Connection = connection;
        _extracted = extracted;
        _statements = new PreparedStatement?[count];
    }

    public ConnectionHandle Connection { get; }

    public int Count => _statements.Length;

    public static PreparedScript Parse(ConnectionHandle connection, string sql)
    {
        var count = NativeMethods.ExtractStatements(connection, sql, out var pointer);
        var extracted = new ExtractedStatementsHandle(pointer);
        if (count == 0)
        {
            var error = NativeMethods.BorrowedString(NativeMethods.ExtractStatementsError(extracted));
            extracted.Dispose();
            throw error is null
                ? new DuckDbException("The command text holds no SQL statement.", DuckDbErrorType.Parser)
                : DuckDbException.FromMessage(error, "DuckDB could not parse the command text.");
        }

        return new PreparedScript(connection, extracted, (int)count);
    }

    public PreparedStatement Get(int index) =>
        _statements[index] ??= PreparedStatement.Prepare(Connection, _extracted, index);

    public void Dispose()
    {
        foreach (var statement in _statements)
        {
            statement?.Dispose();
        }

        _extracted.Dispose();
    }
}
