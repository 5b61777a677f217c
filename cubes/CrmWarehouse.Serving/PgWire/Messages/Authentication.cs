using CrmWarehouse.Serving.PgWire.Protocol;

namespace CrmWarehouse.Serving.PgWire.Messages;

/// <summary>The Authentication* messages ('R') of the SASL exchange; the int32 after the length says which one.</summary>
internal static class Authentication
{
    private const int Ok = 0;
    private const int Sasl = 10;
    private const int SaslContinue = 11;
    private const int SaslFinal = 12;

    public static void WriteAuthenticationOk(this PgWriter writer) => Write(writer, Ok, []);

    /// <summary>AuthenticationSASL: the mechanisms offered, each NUL-terminated, then an empty one.</summary>
    public static void WriteAuthenticationSasl(this PgWriter writer, string mechanism)
    {
        writer.StartMessage((byte)'R');
        writer.WriteInt32(Sasl);
        writer.WriteCString(mechanism);
        writer.WriteByte(0);
        writer.EndMessage();
    }

    public static void WriteAuthenticationSaslContinue(this PgWriter writer, ReadOnlySpan<byte> data) => Write(writer, SaslContinue, data);

    public static void WriteAuthenticationSaslFinal(this PgWriter writer, ReadOnlySpan<byte> data) => Write(writer, SaslFinal, data);

    private static void Write(PgWriter writer, int kind, ReadOnlySpan<byte> data)
    {
        writer.StartMessage((byte)'R');
        writer.WriteInt32(kind);
        writer.WriteBytes(data);
        writer.EndMessage();
    }
}
