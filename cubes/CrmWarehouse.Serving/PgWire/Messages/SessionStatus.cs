using CrmWarehouse.Serving.PgWire.Protocol;

namespace CrmWarehouse.Serving.PgWire.Messages;

/// <summary>ParameterStatus ('S'), BackendKeyData ('K') and ReadyForQuery ('Z'): what a client learns about its session.</summary>
internal static class SessionStatus
{
    public static void WriteParameterStatus(this PgWriter writer, string name, string value)
    {
        writer.StartMessage((byte)'S');
        writer.WriteCString(name);
        writer.WriteCString(value);
        writer.EndMessage();
    }

    /// <summary>The process id and secret key a CancelRequest must quote.</summary>
    public static void WriteBackendKeyData(this PgWriter writer, int processId, int secretKey)
    {
        writer.StartMessage((byte)'K');
        writer.WriteInt32(processId);
        writer.WriteInt32(secretKey);
        writer.EndMessage();
    }

    /// <summary>'I' idle, 'T' in a transaction, 'E' in a failed transaction.</summary>
    public static void WriteReadyForQuery(this PgWriter writer, TransactionStatus status)
    {
        writer.StartMessage((byte)'Z');
        writer.WriteByte((byte)status);
        writer.EndMessage();
    }
}

/// <summary>The transaction status byte of ReadyForQuery.</summary>
internal enum TransactionStatus : byte
{
    Idle = (byte)'I',
    InTransaction = (byte)'T',
    Failed = (byte)'E',
}
