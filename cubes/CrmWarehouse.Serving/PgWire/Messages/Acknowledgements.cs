using CrmWarehouse.Serving.PgWire.Protocol;

namespace CrmWarehouse.Serving.PgWire.Messages;

/// <summary>The bodiless backend messages that acknowledge a step of the extended protocol.</summary>
internal static class Acknowledgements
{
    public static void WriteParseComplete(this PgWriter writer) => Empty(writer, (byte)'1');

    public static void WriteBindComplete(this PgWriter writer) => Empty(writer, (byte)'2');

    public static void WriteCloseComplete(this PgWriter writer) => Empty(writer, (byte)'3');

    /// <summary>Describe of a statement or portal that returns no rows.</summary>
    public static void WriteNoData(this PgWriter writer) => Empty(writer, (byte)'n');

    /// <summary>Execute stopped at its row limit; the portal can be executed again for more.</summary>
    public static void WritePortalSuspended(this PgWriter writer) => Empty(writer, (byte)'s');

    /// <summary>The query string was empty (or only comments).</summary>
    public static void WriteEmptyQueryResponse(this PgWriter writer) => Empty(writer, (byte)'I');

    /// <summary>CommandComplete ('C') with its tag, e.g. "SELECT 42", "BEGIN", "SET".</summary>
    public static void WriteCommandComplete(this PgWriter writer, string tag)
    {
        writer.StartMessage((byte)'C');
        writer.WriteCString(tag);
        writer.EndMessage();
    }

    private static void Empty(PgWriter writer, byte code)
    {
        writer.StartMessage(code);
        writer.EndMessage();
    }
}
