using System.Globalization;
using CrmWarehouse.Warehouse.DuckDb.Native;
using CrmWarehouse.Warehouse.DuckDb.Values;

namespace CrmWarehouse.Warehouse.DuckDb.Execution;

/// <summary>One prepared statement: its handle, what kind of statement it is, and the names of its parameters.</summary>
internal sealed class PreparedStatement : IDisposable
{
    private readonly PreparedStatementHandle _handle;
    private readonly string[] _parameterNames;

    private PreparedStatement(PreparedStatementHandle handle)
    {
        _handle = handle;
        Type = NativeMethods.PreparedStatementType(handle);
        _parameterNames = new string[NativeMethods.ParameterCount(handle)];
        for (var i = 0; i < _parameterNames.Length; i++)
        {
            _parameterNames[i] = NativeMethods.BorrowedString(NativeMethods.ParameterName(handle, (ulong)i + 1)) ?? (i + 1).ToString(CultureInfo.InvariantCulture);
        }
    }

    public DuckDbStatementType Type { get; }

    /// <summary>Prepares statement <paramref name="index"/> of a parsed script.</summary>
    public static PreparedStatement Prepare(ConnectionHandle connection, ExtractedStatementsHandle script, int index)
    {
        var state = NativeMethods.PrepareExtractedStatement(connection, script, (ulong)index, out var pointer);
        var handle = new PreparedStatementHandle(pointer);
        if (state != DuckDbState.Success)
        {
            var message = NativeMethods.BorrowedString(NativeMethods.PrepareError(handle));
            handle.Dispose();
            throw DuckDbException.FromMessage(message, "DuckDB could not prepare the statement.");
        }

        return new PreparedStatement(handle);
    }

    /// <summary>
    /// Binds every parameter the statement uses: <c>$name</c> by name, <c>?</c> / <c>$n</c> by position
    /// (a positional parameter may also be given a name "n").
    /// </summary>
    public void Bind(DuckDbParameterCollection parameters)
    {
        for (var i = 0; i < _parameterNames.Length; i++)
        {
            var name = _parameterNames[i];
            var parameter = parameters.Find(name);
            if (parameter is null && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                && position >= 1 && position <= parameters.Count && parameters[position - 1].BareName.Length == 0)
            {
                parameter = parameters[position - 1];
            }

            if (parameter is null)
            {
                throw new DuckDbException(
                    $"The statement uses parameter ${name} but the command has no parameter {(char.IsDigit(name[0]) ? "at that position" : "with that name")} ({parameters.Count} given).",
                    DuckDbErrorType.ParameterNotResolved);
            }

            using var value = ParameterValues.Create(parameter.Value, parameter.ExplicitDbType);
            if (NativeMethods.BindValue(_handle, (ulong)i + 1, value) != DuckDbState.Success)
            {
                throw new DuckDbException($"DuckDB could not bind parameter ${name} (value of type {parameter.Value?.GetType().Name ?? "null"}).", DuckDbErrorType.MismatchType);
            }
        }
    }

    /// <summary>Starts the statement; rows stream from the returned result as they are fetched.</summary>
    public unsafe QueryResult Execute()
    {
        var state = NativeMethods.PendingPreparedStreaming(_handle, out var pendingPointer);
        using var pending = new PendingResultHandle(pendingPointer);
        if (state != DuckDbState.Success)
        {
            throw DuckDbException.FromMessage(NativeMethods.BorrowedString(NativeMethods.PendingError(pending)), "DuckDB could not start the statement.");
        }

        var result = ResultHandle.Allocate();
        if (NativeMethods.ExecutePending(pending, result.Result) != DuckDbState.Success)
        {
            var message = NativeMethods.BorrowedString(NativeMethods.ResultError(result.Result)) ?? "DuckDB could not execute the statement.";
            var type = NativeMethods.ResultErrorType(result.Result);
            result.Dispose();
            throw new DuckDbException(message, type);
        }

        return new QueryResult(result);
    }

    public void Dispose() => _handle.Dispose();
}
