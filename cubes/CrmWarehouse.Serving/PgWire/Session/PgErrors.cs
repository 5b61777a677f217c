using System.Text.RegularExpressions;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Serving.PgWire.Protocol;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Serving.Sql;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Native;

namespace CrmWarehouse.Serving.PgWire.Session;

/// <summary>
/// A failed statement as an ErrorResponse: the SQLSTATE from DuckDB's error type (and its wording where one type
/// covers several PostgreSQL codes), DuckDB's message without its type prefix or host details, and the position of
/// the error in the query where DuckDB marks it with a caret.
/// </summary>
internal static partial class PgErrors
{
    public static PgError From(Exception e, string sql) => e switch
    {
        PgErrorException pg => pg.Error,
        PgProtocolException protocol => new PgError(protocol.SqlState, protocol.Message),
        SqlRefusedException { Refusal: SqlRefusal.Malformed, Position: { } at } malformed => FromDuckDb(DuckDBErrorType.Parser, malformed.Message, sql) with { Position = at + 1 },
        SqlRefusedException { Refusal: SqlRefusal.Malformed } malformed => FromDuckDb(DuckDBErrorType.Parser, malformed.Message, sql),
        SqlRefusedException { Refusal: SqlRefusal.TooLarge } tooLarge => new PgError("54000", tooLarge.Message),
        SqlRefusedException { Refusal: SqlRefusal.NotSupported } unsupported => new PgError(SqlStates.FeatureNotSupported, unsupported.Message),
        SqlRefusedException { Refusal: SqlRefusal.UndefinedColumn } column => new PgError(SqlStates.UndefinedColumn, column.Message),
        SqlRefusedException { Refusal: SqlRefusal.UndefinedTable } table => new PgError(SqlStates.UndefinedTable, table.Message),
        SqlRefusedException refused => new PgError(SqlStates.InsufficientPrivilege, refused.Message),
        CubeQueryException or CubeModelException => new PgError(SqlStates.InvalidParameterValue, e.Message),
        LimitExceededException => new PgError("54000", e.Message),
        TimeoutException => new PgError(SqlStates.QueryCanceled, "canceling statement due to statement timeout"),
        _ when e.DuckDbErrorType() is { } type => FromDuckDb(type, e.Message, sql),
        _ => new PgError(SqlStates.InternalError, "The server failed; the error is in its log."),
    };

    private static PgError FromDuckDb(DuckDBErrorType type, string message, string sql)
    {
        var (text, position) = Position(message, sql);
        text = HostDetails.Strip(TypePrefix().Replace(text, string.Empty, 1)).Trim();
        var state = type switch
        {
            DuckDBErrorType.Parser or DuckDBErrorType.Syntax => SqlStates.SyntaxError,
            DuckDBErrorType.Catalog when text.Contains("Function", StringComparison.OrdinalIgnoreCase) => SqlStates.UndefinedFunction,
            DuckDBErrorType.Catalog when text.Contains("Schema", StringComparison.OrdinalIgnoreCase) && !text.Contains("Table", StringComparison.Ordinal) => "3F000",
            DuckDBErrorType.Catalog => SqlStates.UndefinedTable,
            DuckDBErrorType.Binder when text.Contains("column", StringComparison.OrdinalIgnoreCase) && text.Contains("not found", StringComparison.OrdinalIgnoreCase) => SqlStates.UndefinedColumn,
            DuckDBErrorType.Binder when text.Contains("No function matches", StringComparison.OrdinalIgnoreCase) => SqlStates.UndefinedFunction,
            DuckDBErrorType.Binder => SqlStates.SyntaxErrorOrAccessRuleViolation,
            DuckDBErrorType.Conversion => SqlStates.InvalidTextRepresentation,
            DuckDBErrorType.DivideByZero => SqlStates.DivisionByZero,
            DuckDBErrorType.OutOfRange => SqlStates.NumericValueOutOfRange,
            DuckDBErrorType.InvalidInput when text.Contains("division by zero", StringComparison.OrdinalIgnoreCase) => SqlStates.DivisionByZero,
            DuckDBErrorType.InvalidInput or DuckDBErrorType.InvalidType or DuckDBErrorType.MismatchType => SqlStates.InvalidParameterValue,
            DuckDBErrorType.Interrupt => SqlStates.QueryCanceled,
            DuckDBErrorType.Permission => SqlStates.InsufficientPrivilege,
            DuckDBErrorType.OutOfMemory => SqlStates.OutOfMemory,
            DuckDBErrorType.Constraint => SqlStates.IntegrityConstraintViolation,
            DuckDBErrorType.Transaction when text.Contains("aborted", StringComparison.OrdinalIgnoreCase) => SqlStates.InFailedSqlTransaction,
            DuckDBErrorType.Transaction => SqlStates.InvalidTransactionState,
            DuckDBErrorType.NotImplemented => SqlStates.FeatureNotSupported,
            DuckDBErrorType.Io or DuckDBErrorType.Http => SqlStates.IoError,
            DuckDBErrorType.Settings => SqlStates.InsufficientPrivilege,
            _ => SqlStates.InternalError,
        };
        if (type == DuckDBErrorType.Interrupt)
        {
            text = "canceling statement due to user request";
        }

        return new PgError(state, text, Position: position);
    }

    /// <summary>
    /// DuckDB ends a message that points into the query with "LINE n: excerpt" and a line with a caret under the
    /// spot; the excerpt may be cut ("..."). The position PostgreSQL sends is 1-based over the whole query, and
    /// clients (psql) draw their own caret from it, so the two lines are dropped from the message.
    /// </summary>
    private static (string Message, int? Position) Position(string message, string sql)
    {
        var match = LineAndCaret().Match(message);
        if (!match.Success)
        {
            return (message, null);
        }

        var text = message[..match.Index].TrimEnd();
        var lineNumber = int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var excerpt = match.Groups["excerpt"].Value;
        var caret = match.Groups["caret"].Value.Length - match.Groups["prefix"].Value.Length;
        var lines = sql.Split('\n');
        if (lineNumber < 1 || lineNumber > lines.Length || caret < 0)
        {
            return (text, null);
        }

        var line = lines[lineNumber - 1];
        var cut = excerpt.StartsWith("...", StringComparison.Ordinal) ? 3 : 0;
        var visible = excerpt[cut..].TrimEnd('.');
        var start = visible.Length > 0 ? line.IndexOf(visible, StringComparison.Ordinal) : 0;
        if (start < 0)
        {
            return (text, null);
        }

        var column = start + caret - cut;
        var before = lines.Take(lineNumber - 1).Sum(l => l.Length + 1);
        return (text, Math.Clamp(before + column + 1, 1, Math.Max(1, sql.Length)));
    }

    [GeneratedRegex(@"\A[A-Za-z ]+ Error: ")]
    private static partial Regex TypePrefix();

    [GeneratedRegex(@"\n+(?<prefix>LINE (?<line>\d+): )(?<excerpt>[^\n]*)\n(?<caret>\s*)\^\s*\z")]
    private static partial Regex LineAndCaret();
}
