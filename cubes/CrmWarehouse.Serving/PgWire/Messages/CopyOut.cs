using CrmWarehouse.Serving.PgWire.Protocol;

namespace CrmWarehouse.Serving.PgWire.Messages;

/// <summary>The COPY TO STDOUT messages: CopyOutResponse ('H'), CopyData ('d') per row, CopyDone ('c').</summary>
internal static class CopyOut
{
    public static void WriteCopyOutResponse(this PgWriter writer, int columns)
    {
        writer.StartMessage((byte)'H');
        writer.WriteByte(0); // textual COPY (text or CSV)
        writer.WriteInt16((short)columns);
        for (var i = 0; i < columns; i++)
        {
            writer.WriteInt16(0);
        }

        writer.EndMessage();
    }

    public static void WriteCopyDone(this PgWriter writer)
    {
        writer.StartMessage((byte)'c');
        writer.EndMessage();
    }
}
