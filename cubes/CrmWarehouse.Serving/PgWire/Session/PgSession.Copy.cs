using System.Buffers;
using System.Diagnostics;
using CrmWarehouse.Serving.PgWire.Messages;
using CrmWarehouse.Serving.PgWire.Types;

namespace CrmWarehouse.Serving.PgWire.Session;

internal sealed partial class PgSession
{
    private static readonly SearchValues<byte> TextSpecials = SearchValues.Create("\\\t\n\r"u8);

    /// <summary>
    /// COPY (query) TO STDOUT: CopyOutResponse, one CopyData per row in text (tab-separated, \N for NULL, backslash
    /// escapes) or CSV (quoted where needed), CopyDone, then CommandComplete "COPY n". This is what psql's \copy runs.
    /// </summary>
    private void Copy(Portal portal)
    {
        var query = portal.Query;
        var format = query.Command.Copy!;
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        BeginQuery();
        try
        {
            _writer.WriteCopyOutResponse(query.Columns.Count);
            if (format.Header)
            {
                _writer.StartMessage((byte)'d');
                for (var i = 0; i < query.Columns.Count; i++)
                {
                    Separator(i, format);
                    var start = _writer.Position;
                    _writer.WriteText(query.Columns[i].Name);
                    Escape(start, format, quoteEmpty: false);
                }

                _writer.WriteByte((byte)'\n');
                _writer.EndMessage();
            }

            if (query.Canned is { } canned)
            {
                foreach (var row in canned.Rows)
                {
                    CopyRow(query.Columns, format, i => row[i] is null, (encoder, i) => encoder.WriteText(row[i]!, _writer));
                    portal.RowsSent++;
                }
            }
            else
            {
                using var command = CreateCommand(portal);
                command.UseStreamingMode = true;
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    CopyRow(reader, query.Columns, format);
                    portal.RowsSent++;
                }
            }

            _writer.WriteCopyDone();
            _writer.WriteCommandComplete($"COPY {portal.RowsSent}");
            portal.Finished = true;
        }
        catch (Exception e)
        {
            outcome = e.GetType().Name;
            throw Interrupted(e);
        }
        finally
        {
            EndQuery();
            _server.Security.Audit(new PgQueryRecord(_user!, ClientAddress, query.Sql, 0, portal.RowsSent, Stopwatch.GetElapsedTime(started), outcome) { Relations = portal.Relations });
        }
    }

    /// <summary>The hot loop of a COPY: typed reads straight into the message; only text can hold what must be escaped.</summary>
    private void CopyRow(DuckDB.NET.Data.DuckDBDataReader reader, IReadOnlyList<PgColumn> columns, CopyFormat format)
    {
        _writer.StartMessage((byte)'d');
        for (var i = 0; i < columns.Count; i++)
        {
            Separator(i, format);
            if (reader.IsDBNull(i))
            {
                _writer.WriteText(format.Null);
                continue;
            }

            var start = _writer.Position;
            var column = columns[i];
            column.Encoder.WriteText(reader, i, _writer);
            if (column.Type.Category is not ('N' or 'B' or 'D') || format.Delimiter is not (',' or '\t' or '|' or ';'))
            {
                Escape(start, format, quoteEmpty: format.Csv && column.Type.Category == 'S');
            }
        }

        _writer.WriteByte((byte)'\n');
        _writer.EndMessage();
    }

    private void CopyRow(IReadOnlyList<PgColumn> columns, CopyFormat format, Func<int, bool> isNull, Action<ValueEncoder, int> write)
    {
        _writer.StartMessage((byte)'d');
        for (var i = 0; i < columns.Count; i++)
        {
            Separator(i, format);
            if (isNull(i))
            {
                _writer.WriteText(format.Null);
                continue;
            }

            var start = _writer.Position;
            write(columns[i].Encoder, i);
            Escape(start, format, quoteEmpty: format.Csv && columns[i].Type.Category == 'S');
        }

        _writer.WriteByte((byte)'\n');
        _writer.EndMessage();
    }

    private void Separator(int column, CopyFormat format)
    {
        if (column > 0)
        {
            _writer.WriteByte((byte)format.Delimiter);
        }
    }

    /// <summary>Reworks the value just written when it holds characters the format must escape or quote (rare: checked first).</summary>
    private void Escape(int start, CopyFormat format, bool quoteEmpty)
    {
        var written = _writer.WrittenSince(start);
        var delimiter = (byte)format.Delimiter;
        if (format.Csv)
        {
            var needsQuotes = (quoteEmpty && written.Length == 0) || written.IndexOfAny((byte)'"', delimiter) >= 0
                || written.IndexOfAny((byte)'\n', (byte)'\r') >= 0 || (format.Null.Length > 0 && written.SequenceEqual(System.Text.Encoding.UTF8.GetBytes(format.Null)));
            if (!needsQuotes)
            {
                return;
            }

            var value = written.ToArray();
            _writer.Rewind(start);
            _writer.WriteByte((byte)'"');
            foreach (var b in value)
            {
                if (b == '"')
                {
                    _writer.WriteByte((byte)'"');
                }

                _writer.WriteByte(b);
            }

            _writer.WriteByte((byte)'"');
            return;
        }

        if (written.IndexOfAny(TextSpecials) < 0 && written.IndexOf(delimiter) < 0)
        {
            return;
        }

        var text = written.ToArray();
        _writer.Rewind(start);
        foreach (var b in text)
        {
            switch (b)
            {
                case (byte)'\\':
                    _writer.WriteText("\\\\");
                    break;
                case (byte)'\t' when delimiter == '\t':
                    _writer.WriteText("\\t");
                    break;
                case (byte)'\n':
                    _writer.WriteText("\\n");
                    break;
                case (byte)'\r':
                    _writer.WriteText("\\r");
                    break;
                default:
                    if (b == delimiter)
                    {
                        _writer.WriteByte((byte)'\\');
                    }

                    _writer.WriteByte(b);
                    break;
            }
        }
    }
}
