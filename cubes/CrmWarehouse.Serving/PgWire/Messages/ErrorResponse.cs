using System.Globalization;
using CrmWarehouse.Serving.PgWire.Protocol;

namespace CrmWarehouse.Serving.PgWire.Messages;

/// <summary>ErrorResponse ('E') and NoticeResponse ('N'): typed fields, each a code byte and a string, ended by a zero byte.</summary>
internal static class ErrorResponse
{
    public static void WriteError(this PgWriter writer, PgError error) => Write(writer, (byte)'E', error);

    public static void WriteNotice(this PgWriter writer, PgError notice) => Write(writer, (byte)'N', notice);

    private static void Write(PgWriter writer, byte code, PgError error)
    {
        writer.StartMessage(code);
        Field(writer, 'S', error.Severity);
        Field(writer, 'V', error.Severity);
        Field(writer, 'C', error.SqlState);
        Field(writer, 'M', error.Message);
        if (error.Detail is not null)
        {
            Field(writer, 'D', error.Detail);
        }

        if (error.Hint is not null)
        {
            Field(writer, 'H', error.Hint);
        }

        if (error.Position is { } position)
        {
            Field(writer, 'P', position.ToString(CultureInfo.InvariantCulture));
        }

        writer.WriteByte(0);
        writer.EndMessage();
    }

    private static void Field(PgWriter writer, char code, string value)
    {
        writer.WriteByte((byte)code);
        writer.WriteCString(value);
    }
}
