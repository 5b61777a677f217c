using System.Text;
using CrmWarehouse.Serving.PgWire.Messages;
using CrmWarehouse.Serving.PgWire.Protocol;
using CrmWarehouse.Serving.PgWire.Types;

namespace CrmWarehouse.Serving.PgWire.Session;

internal sealed partial class PgSession
{
    /// <summary>Prepared statements by name; "" is the unnamed one, replaced by each Parse.</summary>
    private readonly Dictionary<string, PreparedQuery> _statements = new(StringComparer.Ordinal);

    private readonly Dictionary<string, Portal> _portals = new(StringComparer.Ordinal);

    /// <summary>After an error in the extended protocol, messages are skipped until Sync (PostgreSQL's rule).</summary>
    private bool _skipUntilSync;

    private void Extended(Action step)
    {
        if (_skipUntilSync)
        {
            return;
        }

        try
        {
            step();
        }
        catch (Exception e) when (e is not (IOException or ObjectDisposedException or PgProtocolException))
        {
            StatementFailed(e, _lastSql);
            _skipUntilSync = true;
        }
    }

    private string _lastSql = string.Empty;

    /// <summary>Parse ('P'): statement name, query, declared parameter types (0: let the server infer).</summary>
    private void Parse(ReadOnlySpan<byte> body)
    {
        var cursor = new MessageCursor(body);
        var name = cursor.ReadCString();
        var sql = cursor.ReadCString();
        _lastSql = sql;
        var count = cursor.ReadCount(4);
        var declared = new PgType?[count];
        for (var i = 0; i < count; i++)
        {
            var oid = (uint)cursor.ReadInt32();
            declared[i] = oid == 0 ? null : PgType.Find(oid) ?? (PgType.ElementOfArray(oid)?.AsArray()) ?? PgType.Text;
        }

        if (name.Length > 0 && _statements.ContainsKey(name))
        {
            throw new PgErrorException(SqlStates.DuplicatePreparedStatement, $"prepared statement \"{name}\" already exists");
        }

        var statements = Warehouse.DuckDb.ScriptText.Split(sql);
        if (statements.Count > 1)
        {
            throw new PgErrorException(SqlStates.SyntaxError, "cannot insert multiple commands into a prepared statement");
        }

        _statements[name] = Prepare(sql, declared);
        _writer.WriteParseComplete();
    }

    /// <summary>Bind ('B'): portal, statement, parameter formats and values, result formats.</summary>
    private void Bind(ReadOnlySpan<byte> body)
    {
        var cursor = new MessageCursor(body);
        var portalName = cursor.ReadCString();
        var statement = Statement(cursor.ReadCString());
        _lastSql = statement.Sql;
        var formats = Formats(ref cursor);
        var count = cursor.ReadCount(4);
        if (count != statement.ParameterTypes.Count)
        {
            throw new PgErrorException(SqlStates.ProtocolViolation, $"bind message supplies {count} parameters, but prepared statement requires {statement.ParameterTypes.Count}");
        }

        var values = new object?[count];
        for (var i = 0; i < count; i++)
        {
            var length = cursor.ReadInt32();
            if (length == -1)
            {
                continue;
            }

            var bytes = cursor.ReadBytes(length);
            var binary = Format(formats, i);
            var declared = statement.ParameterTypes[i];
            var inferred = statement.Shape is { } shape && i < shape.Parameters.Count ? shape.Parameters[i] : null;
            values[i] = binary ? ParameterValue.FromBinary(bytes, declared) : ParameterValue.FromText(Encoding.UTF8.GetString(bytes), inferred, declared);
        }

        var resultFormats = Formats(ref cursor);
        var results = Enumerable.Range(0, statement.Columns.Count).Select(i => Format(resultFormats, i)).ToArray();
        if (portalName.Length > 0 && _portals.ContainsKey(portalName))
        {
            throw new PgErrorException("42P03", $"cursor \"{portalName}\" already exists");
        }

        if (_portals.Remove(portalName, out var old))
        {
            old.Dispose();
        }

        _portals[portalName] = new Portal(statement, values, results);
        _writer.WriteBindComplete();
    }

    /// <summary>Describe ('D'): 'S' a statement (ParameterDescription, then RowDescription or NoData), 'P' a portal.</summary>
    private void Describe(ReadOnlySpan<byte> body)
    {
        var cursor = new MessageCursor(body);
        var kind = cursor.ReadByte();
        var name = cursor.ReadCString();
        if (kind == (byte)'S')
        {
            var statement = Statement(name);
            _writer.WriteParameterDescription(statement.ParameterTypes);
            DescribeRows(statement, null);
        }
        else if (kind == (byte)'P')
        {
            var portal = PortalNamed(name);
            DescribeRows(portal.Query, portal.Binary);
        }
        else
        {
            throw new PgProtocolException($"Invalid Describe kind '{(char)kind}'.");
        }
    }

    private void DescribeRows(PreparedQuery query, bool[]? binary)
    {
        if (query.ReturnsRows && query.Command.Kind != SessionCommandKind.Copy)
        {
            _writer.WriteRowDescription(query.Columns, binary);
        }
        else
        {
            _writer.WriteNoData();
        }
    }

    /// <summary>Execute ('E'): the portal's rows, at most the given number (0: all).</summary>
    private void Execute(ReadOnlySpan<byte> body)
    {
        var cursor = new MessageCursor(body);
        var portal = PortalNamed(cursor.ReadCString());
        var maxRows = cursor.ReadInt32();
        _lastSql = portal.Query.Sql;
        if (portal.Query.Command.Kind == SessionCommandKind.Empty)
        {
            _writer.WriteEmptyQueryResponse();
            return;
        }

        Run(portal, Math.Max(maxRows, 0));
    }

    /// <summary>Close ('C'): a statement or portal; closing one that does not exist is not an error.</summary>
    private void ClosePortalOrStatement(ReadOnlySpan<byte> body)
    {
        var cursor = new MessageCursor(body);
        var kind = cursor.ReadByte();
        var name = cursor.ReadCString();
        if (kind == (byte)'S')
        {
            _statements.Remove(name);
        }
        else if (_portals.Remove(name, out var portal))
        {
            portal.Dispose();
        }

        _writer.WriteCloseComplete();
    }

    /// <summary>Sync ('S'): the end of an extended-protocol exchange; outside a transaction its portals end with it.</summary>
    private void Sync()
    {
        _skipUntilSync = false;
        if (_status == TransactionStatus.Idle)
        {
            ClosePortals();
        }

        _writer.WriteReadyForQuery(_status);
        _writer.Flush();
    }

    private void ClosePortals()
    {
        foreach (var portal in _portals.Values)
        {
            portal.Dispose();
        }

        _portals.Clear();
    }

    private PreparedQuery Statement(string name) => _statements.TryGetValue(name, out var statement)
        ? statement
        : throw new PgErrorException(SqlStates.UndefinedPreparedStatement, name.Length == 0 ? "unnamed prepared statement does not exist" : $"prepared statement \"{name}\" does not exist");

    private Portal PortalNamed(string name) => _portals.TryGetValue(name, out var portal)
        ? portal
        : throw new PgErrorException(SqlStates.InvalidCursorName, name.Length == 0 ? "unnamed portal does not exist" : $"portal \"{name}\" does not exist");

    /// <summary>A list of format codes: none (all text), one (for all), or one per item.</summary>
    private static short[] Formats(ref MessageCursor cursor)
    {
        var count = cursor.ReadCount(2);
        var formats = new short[count];
        for (var i = 0; i < count; i++)
        {
            formats[i] = cursor.ReadInt16();
            if (formats[i] is not (0 or 1))
            {
                throw new PgProtocolException($"Invalid format code {formats[i]}.");
            }
        }

        return formats;
    }

    private static bool Format(short[] formats, int index) => formats.Length switch
    {
        0 => false,
        1 => formats[0] == 1,
        _ => index < formats.Length ? formats[index] == 1 : throw new PgProtocolException($"Format codes for {formats.Length} items, but item {index + 1} was asked for."),
    };
}
