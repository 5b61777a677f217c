using CrmWarehouse.Serving.PgWire.Protocol;
using CrmWarehouse.Serving.PgWire.Types;

namespace CrmWarehouse.Serving.PgWire.Messages;

/// <summary>RowDescription ('T'): per column its name, type OID, size, modifier and whether values come as text or binary.</summary>
internal static class RowDescription
{
    public static void WriteRowDescription(this PgWriter writer, IReadOnlyList<PgColumn> columns, IReadOnlyList<bool>? binary)
    {
        writer.StartMessage((byte)'T');
        writer.WriteInt16((short)columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            writer.WriteCString(column.Name);
            writer.WriteInt32(0); // table OID: not a column of a table we expose by OID
            writer.WriteInt16(0); // column attribute number
            writer.WriteInt32((int)column.Type.Oid);
            writer.WriteInt16(column.Type.Size);
            writer.WriteInt32(column.TypeModifier);
            writer.WriteInt16((short)(binary is not null && binary[i] ? 1 : 0));
        }

        writer.EndMessage();
    }

    /// <summary>ParameterDescription ('t'): the type OID of each parameter of a prepared statement.</summary>
    public static void WriteParameterDescription(this PgWriter writer, IReadOnlyList<PgType> parameters)
    {
        writer.StartMessage((byte)'t');
        writer.WriteInt16((short)parameters.Count);
        foreach (var parameter in parameters)
        {
            writer.WriteInt32((int)parameter.Oid);
        }

        writer.EndMessage();
    }
}
