using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>
/// What CrmWarehouse needs on top of DuckDB.NET: named parameters in one line, cancellation and timeouts that
/// interrupt DuckDB, scripts run statement by statement (each timed, an error naming the statement at fault),
/// and statement types for the read-only gate (<see cref="GetStatementTypes"/>, in the native half of this class).
/// </summary>
public static partial class DuckDbExtensions
{
    /// <summary>Runs every statement of <paramref name="sql"/>.</summary>
    public static void Execute(this DuckDBConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(sql, parameters);
        command.ExecuteScript(null, null, cancellationToken);
    }

    /// <summary>The first column of the first row as a number (0 when there is no row or it is NULL).</summary>
    public static long Count(this DuckDBConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var reader = connection.Reader(sql, cancellationToken, parameters);
        return reader.Read() && !reader.IsDBNull(0) ? ToInt64(reader.GetValue(0)) : 0;
    }

    /// <summary>A number as long; DuckDB.NET reads HUGEINT (what sum() of integers gives) as BigInteger, which Convert does not take.</summary>
    public static long ToInt64(object value) =>
        value is BigInteger big ? (long)big : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    public static DuckDBDataReader Reader(this DuckDBConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(sql, parameters);
        return command.ExecuteReader(CommandBehavior.Default, cancellationToken);
    }

    public static DuckDBCommand Command(this DuckDBConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(name, value);
        }

        return command;
    }

    /// <summary>Adds a named parameter (<c>$name</c> in the SQL); null binds SQL NULL.</summary>
    public static void Add(this DuckDBParameterCollection parameters, string name, object? value) =>
        parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));

    /// <summary>Runs every statement, interrupting DuckDB when the token fires or <see cref="DbCommand.CommandTimeout"/> passes.</summary>
    public static int ExecuteNonQuery(this DuckDBCommand command, CancellationToken cancellationToken) =>
        Interruptible(command, cancellationToken, command.ExecuteNonQuery);

    /// <summary>
    /// Executes, interrupting DuckDB when the token fires (OperationCanceledException) or the command timeout passes
    /// (TimeoutException). DuckDB.NET materialises each result here, so reading it afterwards runs no query.
    /// </summary>
    public static DuckDBDataReader ExecuteReader(this DuckDBCommand command, CommandBehavior behavior, CancellationToken cancellationToken) =>
        Interruptible(command, cancellationToken, () => command.ExecuteReader(behavior));

    /// <summary>
    /// Runs a script one statement at a time: <paramref name="completed"/> hears each statement's number, count and
    /// time, <paramref name="results"/> reads each statement that returns rows, and a failure in a script of several
    /// statements says which one (<see cref="DuckDbScriptException"/>). Returns the rows changed, counted only when
    /// <paramref name="results"/> is null (DuckDB.NET's readers do not report rows changed).
    /// </summary>
    public static long ExecuteScript(this DuckDBCommand command, Action<StatementTiming>? completed, Action<DuckDBDataReader>? results, CancellationToken cancellationToken)
    {
        var connection = command.Connection as DuckDBConnection ?? throw new InvalidOperationException("The command has no DuckDB connection.");
        var script = command.CommandText;
        var statements = ScriptText.Split(script);
        if (statements.Count > 1 && statements.Count != StatementCount(connection, script))
        {
            // Our splitter and DuckDB's parser disagree (an exotic quoting): run the script whole, untimed per statement.
            statements = [script];
        }

        long changed = 0;
        for (var i = 0; i < statements.Count; i++)
        {
            using var statement = connection.CreateCommand();
            statement.CommandText = statements[i];
            statement.CommandTimeout = command.CommandTimeout;
            foreach (DuckDBParameter parameter in command.Parameters)
            {
                statement.Parameters.Add(new DuckDBParameter(parameter.ParameterName, parameter.Value));
            }

            var started = Stopwatch.GetTimestamp();
            DuckDBDataReader? reader = null;
            try
            {
                if (results is null)
                {
                    changed += statement.ExecuteNonQuery(cancellationToken);
                }
                else
                {
                    reader = statement.ExecuteReader(CommandBehavior.Default, cancellationToken);
                }
            }
            catch (DuckDBException e) when (statements.Count > 1)
            {
                throw new DuckDbScriptException($"Statement {i + 1} of {statements.Count}: {e.Message}", e.DuckDbErrorType() ?? DuckDBErrorType.Invalid, e);
            }
            catch (InvalidOperationException e) when (statements.Count > 1 && e.Message.Contains("parameters", StringComparison.Ordinal))
            {
                // DuckDB.NET checks the parameters a statement names before DuckDB sees it, and says so in its own exception.
                throw new DuckDbScriptException($"Statement {i + 1} of {statements.Count}: {e.Message} (a named parameter the caller did not provide)", DuckDBErrorType.Binder, e);
            }

            // DuckDB.NET has the whole result by now: the time is DuckDB's, not the caller's reading of it.
            completed?.Invoke(new StatementTiming(i + 1, statements.Count, Stopwatch.GetElapsedTime(started)));
            using (reader)
            {
                if (reader is { FieldCount: > 0 })
                {
                    results!(reader);
                }
            }
        }

        return changed;
    }

    /// <summary>
    /// Any value as text, the way DuckDB casts it to VARCHAR for the types a result shows (numbers invariant, dates
    /// ISO): DuckDB.NET's GetString reads VARCHAR columns only.
    /// </summary>
    public static string GetText(this DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        DateTime day when reader.GetDataTypeName(ordinal) == nameof(DuckDBType.Date) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        var value => Text(value),
    };

    /// <summary>
    /// A value DuckDB.NET reads (or a typed row holds) as DuckDB's own VARCHAR text: timestamps without a trailing
    /// zero fraction, a MAP as <c>{k=v, …}</c>, a LIST as <c>[a, b]</c>.
    /// </summary>
    public static string Text(object value) => value switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        DateTime moment => moment.ToString(moment.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset moment => Text(moment.UtcDateTime),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IDictionary map => "{" + string.Join(", ", map.Keys.Cast<object>().Select(k => $"{Text(k)}={(map[k] is { } v ? Text(v) : "NULL")}")) + "}",
        System.Collections.IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(v => v is null ? "NULL" : Text(v))) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>DuckDB's error type when <paramref name="e"/> comes from DuckDB (directly or from a script), else null.</summary>
    public static DuckDBErrorType? DuckDbErrorType(this Exception e) => e switch
    {
        DuckDBException { ErrorType: not DuckDBErrorType.Invalid } duck => duck.ErrorType,
        DuckDBException duck => ErrorTypeOf(duck.Message),
        DuckDbScriptException script => script.ErrorType,
        _ => null,
    };

    /// <summary>
    /// The type DuckDB names at the start of its message ("Permission Error: …"). DuckDB.NET gives an error raised
    /// while preparing (binding, catalog, permission) no type, and the C API reports it as text only.
    /// </summary>
    internal static DuckDBErrorType ErrorTypeOf(string message)
    {
        var end = message.IndexOf(" Error: ", StringComparison.Ordinal);
        return end > 0 && Enum.TryParse<DuckDBErrorType>(message[..end].Replace(" ", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var type)
            ? type
            : DuckDBErrorType.Invalid;
    }

    private static T Interruptible<T>(DuckDBCommand command, CancellationToken cancellationToken, Func<T> execute)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var timeout = command.CommandTimeout > 0 ? new CancellationTokenSource(TimeSpan.FromSeconds(command.CommandTimeout)) : null;
        using var cancelled = cancellationToken.Register(static c => ((DuckDBCommand)c!).Cancel(), command);
        using var timedOut = timeout?.Token.Register(static c => ((DuckDBCommand)c!).Cancel(), command);
        try
        {
            return execute();
        }
        catch (Exception e) when (e is OperationCanceledException || e is DuckDBException { ErrorType: DuckDBErrorType.Interrupt })
        {
            // DuckDB.NET reports an interrupt as a bare OperationCanceledException; say who interrupted.
            cancellationToken.ThrowIfCancellationRequested();
            if (timeout is { IsCancellationRequested: true })
            {
                throw new TimeoutException($"The query timed out after {command.CommandTimeout} s and DuckDB interrupted it.", e);
            }

            throw;
        }
    }
}

/// <summary>How long one statement of a script took.</summary>
public readonly record struct StatementTiming(int Number, int Count, TimeSpan Elapsed);

/// <summary>A statement of a multi-statement script failed; the message names it ("Statement 3 of 7: …").</summary>
public sealed class DuckDbScriptException(string message, DuckDBErrorType errorType, Exception? inner = null) : DbException(message, inner)
{
    public DuckDBErrorType ErrorType { get; } = errorType;
}
