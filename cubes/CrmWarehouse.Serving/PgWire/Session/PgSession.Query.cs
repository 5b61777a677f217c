using System.Diagnostics;
using CrmWarehouse.Serving.PgWire.Messages;
using CrmWarehouse.Serving.PgWire.Protocol;
using CrmWarehouse.Serving.PgWire.Types;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace CrmWarehouse.Serving.PgWire.Session;

internal sealed partial class PgSession
{
    private bool _catalogInstalled;

    /// <summary>
    /// Classifies a statement and, for one DuckDB answers, passes it through the catalog rewrites and the gate
    /// (before DuckDB prepares anything: preparing can already open files) and learns its shape.
    /// </summary>
    private PreparedQuery Prepare(string sql, IReadOnlyList<PgType?> declared)
    {
        var command = SessionCommand.Parse(sql);
        switch (command.Kind)
        {
            case SessionCommandKind.Show:
                return command.Name!.Equals("all", StringComparison.OrdinalIgnoreCase)
                    ? new PreparedQuery(command, sql, [PgColumn.Text("name"), PgColumn.Text("setting"), PgColumn.Text("description")], [])
                    : new PreparedQuery(command, sql, [PgColumn.Text(ShowColumnName(command.Name!))], []);
            case SessionCommandKind.Query or SessionCommandKind.Copy:
                break;
            default:
                return new PreparedQuery(command, sql, [], []);
        }

        var text = command.Kind == SessionCommandKind.Copy ? command.Value! : sql;
        if (PgCatalog.Answer(text, _settings, _user!) is { } canned)
        {
            return new PreparedQuery(command, text, canned.Columns, Declared(declared, 0), Canned: canned);
        }

        if (!_catalogInstalled && text.Contains("pg_", StringComparison.OrdinalIgnoreCase))
        {
            // Only sessions that look at the catalog pay for its compatibility objects.
            PgCatalog.Install(_connection!);
            _catalogInstalled = true;
        }

        var rewritten = PgCatalog.Rewrite(text, _settings);
        var gated = _server.Security.Check(new PgQuery(_user!, ClientAddress, _connection!, rewritten));
        if (gated.Cube is { } cube)
        {
            // Answered by the cube compiler when it runs; its columns are the cube relation's, typed as declared.
            var types = Enumerable.Range(0, Math.Max(cube.Parameters.Count, declared.Count))
                .Select(i => i < declared.Count && declared[i] is { } d ? d : i < cube.Parameters.Count && cube.Parameters[i].Type == Cubes.Model.LevelType.Integer ? PgType.Int8 : PgType.Text)
                .ToList();
            return new PreparedQuery(command, text, [.. cube.Outputs.Select(o => PgColumn.From(o.Name, o.Column.Type))], types) { Cube = cube, Relations = gated.Relations };
        }

        var shape = StatementShape.Describe(_connection!, rewritten);
        if (ParameterCasts.Needed(shape, declared))
        {
            rewritten = ParameterCasts.Apply(rewritten, shape, declared);
            shape = StatementShape.Describe(_connection!, rewritten);
        }

        var parameterTypes = shape.Parameters.Select((p, i) => i < declared.Count && declared[i] is { } d ? d : Inferred(p)).ToList();
        return new PreparedQuery(command, rewritten, shape.Columns.Select(PgColumn.From).ToList(), parameterTypes, shape) { Relations = gated.Relations };
    }

    /// <summary>The DuckDB command a portal runs: its SQL with its values, or for a cube relation its compiled cube query.</summary>
    private DuckDBCommand CreateCommand(Portal portal)
    {
        if (portal.Query.Cube is { } cube)
        {
            var run = _server.Security.CompileCube(_user!, _connection!, cube, portal.Values);
            portal.Relations = run.ReadFrom is { } table ? [.. portal.Query.Relations, table] : portal.Query.Relations;
            return run.CreateCommand(_connection!);
        }

        var command = _connection!.CreateCommand();
        command.CommandText = portal.Query.Sql;
        foreach (var value in portal.Values)
        {
            command.Parameters.Add(new DuckDBParameter(value ?? DBNull.Value));
        }

        return command;
    }

    private static List<PgType> Declared(IReadOnlyList<PgType?> declared, int count) =>
        Enumerable.Range(0, Math.Max(count, declared.Count)).Select(i => i < declared.Count && declared[i] is { } d ? d : PgType.Text).ToList();

    private static PgType Inferred(DuckDbColumnType type) =>
        type.Type is DuckDBType.Invalid or DuckDBType.SqlNull or DuckDBType.Any ? PgType.Text : PgType.For(type);

    private static string ShowColumnName(string name) => name.ToLowerInvariant() switch
    {
        "transaction_isolation" => "transaction_isolation",
        _ => name,
    };

    /// <summary>
    /// Runs (or goes on with) a portal: session commands answer at once, queries stream their rows, at most
    /// <paramref name="maxRows"/> of them (0: all). Ends with CommandComplete, or PortalSuspended when rows are left.
    /// </summary>
    private void Run(Portal portal, int maxRows)
    {
        var query = portal.Query;
        if (_status == TransactionStatus.Failed && query.Command.Kind is not (SessionCommandKind.Rollback or SessionCommandKind.Commit or SessionCommandKind.Savepoint))
        {
            throw new PgErrorException(SqlStates.InFailedSqlTransaction, "current transaction is aborted, commands ignored until end of transaction block");
        }

        if (portal.Finished)
        {
            _writer.WriteCommandComplete($"SELECT {portal.RowsSent}");
            return;
        }

        switch (query.Command.Kind)
        {
            case SessionCommandKind.Query when query.Canned is null:
                RunQuery(portal, maxRows);
                return;
            case SessionCommandKind.Query or SessionCommandKind.Show:
                RunCanned(portal, query.Canned ?? Show(query.Command.Name!), maxRows);
                return;
            case SessionCommandKind.Copy:
                Copy(portal);
                return;
            default:
                RunSessionCommand(query.Command);
                portal.Finished = true;
                return;
        }
    }

    private void RunQuery(Portal portal, int maxRows)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        BeginQuery();
        try
        {
            if (!portal.Started)
            {
                if (portal.Query.Shape is { } shape && shape.Parameters.Count > portal.Values.Length)
                {
                    throw new PgErrorException("42P02", $"there is no parameter ${portal.Values.Length + 1}");
                }

                portal.Started = true;
                var command = CreateCommand(portal);
                portal.Command = command;
                // Stream whole results (no copy of a big answer in memory); a limited Execute keeps its result whole, as
                // the client may run other statements before it asks for more.
                command.UseStreamingMode = maxRows == 0;
                portal.Reader = command.ExecuteReader();
            }

            if (!portal.Query.ReturnsRows)
            {
                portal.Finished = true;
                _writer.WriteCommandComplete(Tag(portal.Query));
                return;
            }

            StreamRows(portal, maxRows);
        }
        catch (Exception e)
        {
            outcome = e.GetType().Name;
            throw Interrupted(e);
        }
        finally
        {
            EndQuery();
            if (portal.Finished || outcome != "ok")
            {
                _server.Security.Audit(new PgQueryRecord(_user!, ClientAddress, portal.Query.Sql, portal.Values.Length, portal.RowsSent, Stopwatch.GetElapsedTime(started), outcome) { Relations = portal.Relations });
            }
        }
    }

    private void StreamRows(Portal portal, int maxRows)
    {
        var reader = portal.Reader!;
        var columns = portal.Query.Columns;
        var sent = 0;
        while (true)
        {
            if (!portal.HasCurrentRow)
            {
                if (!reader.Read())
                {
                    portal.Finished = true;
                    portal.Dispose();
                    _writer.WriteCommandComplete($"SELECT {portal.RowsSent}");
                    return;
                }

                portal.HasCurrentRow = true;
            }

            if (maxRows > 0 && sent == maxRows)
            {
                _writer.WritePortalSuspended();
                return;
            }

            WriteRow(reader, columns, portal.Binary);
            portal.HasCurrentRow = false;
            portal.RowsSent++;
            sent++;
        }
    }

    private void WriteRow(DuckDBDataReader reader, IReadOnlyList<PgColumn> columns, bool[] binary)
    {
        _writer.StartMessage((byte)'D');
        _writer.WriteInt16((short)columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            if (reader.IsDBNull(i))
            {
                _writer.WriteInt32(-1);
                continue;
            }

            var start = _writer.StartField();
            if (binary[i])
            {
                columns[i].Encoder.WriteBinary(reader, i, _writer);
            }
            else
            {
                columns[i].Encoder.WriteText(reader, i, _writer);
            }

            _writer.EndField(start);
        }

        _writer.EndMessage();
    }

    private void RunCanned(Portal portal, CannedResult result, int maxRows)
    {
        var sent = 0;
        while (portal.CannedIndex < result.Rows.Count)
        {
            if (maxRows > 0 && sent == maxRows)
            {
                _writer.WritePortalSuspended();
                return;
            }

            var row = result.Rows[portal.CannedIndex++];
            _writer.StartMessage((byte)'D');
            _writer.WriteInt16((short)row.Length);
            for (var i = 0; i < row.Length; i++)
            {
                if (row[i] is not { } value)
                {
                    _writer.WriteInt32(-1);
                    continue;
                }

                var start = _writer.StartField();
                if (portal.Binary[i])
                {
                    result.Columns[i].Encoder.WriteBinary(value, _writer);
                }
                else
                {
                    result.Columns[i].Encoder.WriteText(value, _writer);
                }

                _writer.EndField(start);
            }

            _writer.EndMessage();
            portal.RowsSent++;
            sent++;
        }

        portal.Finished = true;
        _writer.WriteCommandComplete(portal.Query.Command.Kind == SessionCommandKind.Show ? "SHOW" : $"SELECT {portal.RowsSent}");
    }

    private CannedResult Show(string name)
    {
        if (name.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return new CannedResult(
                [PgColumn.Text("name"), PgColumn.Text("setting"), PgColumn.Text("description")],
                _settings.All.Select(pair => new object?[] { pair.Key, pair.Value, string.Empty }).ToList());
        }

        return new CannedResult([PgColumn.Text(ShowColumnName(name))], [[_settings.Show(name)]]);
    }

    private static string Tag(PreparedQuery query) => query.Command.Sql.TrimStart().Split(' ', 2)[0].ToUpperInvariant();

    /// <summary>Marks a query running, so that a CancelRequest or the statement timeout may interrupt DuckDB.</summary>
    private void BeginQuery()
    {
        lock (_queryLock)
        {
            _querying = true;
            _cancelRequested = false;
            _timedOut = false;
        }

        var timeout = EffectiveTimeoutMilliseconds();
        _timeout = timeout > 0 ? new Timer(_ => Interrupt(ref _timedOut), null, timeout, Timeout.Infinite) : null;
    }

    private void EndQuery()
    {
        _timeout?.Dispose();
        _timeout = null;
        lock (_queryLock)
        {
            _querying = false;
        }
    }

    private int EffectiveTimeoutMilliseconds()
    {
        var server = _server.QueryTimeoutSeconds * 1000;
        var session = _settings.StatementTimeoutMilliseconds();
        return session > 0 && (server <= 0 || session < server) ? session : server;
    }

    /// <summary>An interrupt reads as 57014 with the reason PostgreSQL gives: the user's cancel or the timeout.</summary>
    private Exception Interrupted(Exception e)
    {
        var interrupted = e is OperationCanceledException || e.DuckDbErrorType() == DuckDBErrorType.Interrupt;
        if (!interrupted)
        {
            return e;
        }

        return _timedOut && !_cancelRequested
            ? new PgErrorException(SqlStates.QueryCanceled, "canceling statement due to statement timeout")
            : new PgErrorException(SqlStates.QueryCanceled, "canceling statement due to user request");
    }
}
