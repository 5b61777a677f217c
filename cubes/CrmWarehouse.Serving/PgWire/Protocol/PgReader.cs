using System.Buffers;
using System.Buffers.Binary;

namespace CrmWarehouse.Serving.PgWire.Protocol;

/// <summary>
/// Reads frontend messages from a connection into one pooled buffer that grows as messages need, never past the
/// configured maximum: a length field is checked before anything is allocated for it, so a client claiming a 1 GB
/// message costs nothing. The payload handed out is valid until the next read.
/// </summary>
internal sealed class PgReader(Stream stream, int maxMessageBytes) : IDisposable
{
    /// <summary>PostgreSQL's own cap on a startup packet (MAX_STARTUP_PACKET_LENGTH).</summary>
    private const int MaxStartupBytes = 10_000;

    private readonly byte[] _header = new byte[5];
    private byte[] _payload = ArrayPool<byte>.Shared.Rent(4096);

    /// <summary>A startup-phase packet: a 4-byte length (counting itself) then the body, no type byte.</summary>
    public ReadOnlyMemory<byte> ReadStartupPacket()
    {
        stream.ReadExactly(_header.AsSpan(0, 4));
        var length = BinaryPrimitives.ReadInt32BigEndian(_header);
        if (length < 8 || length > MaxStartupBytes)
        {
            throw new PgProtocolException($"Invalid startup packet length {length} (8 to {MaxStartupBytes} bytes).");
        }

        return ReadBody(length - 4);
    }

    /// <summary>A regular message: its type byte and its body (the length field is checked and consumed).</summary>
    public (byte Code, ReadOnlyMemory<byte> Body) ReadMessage()
    {
        stream.ReadExactly(_header);
        var length = BinaryPrimitives.ReadInt32BigEndian(_header.AsSpan(1));
        if (length < 4)
        {
            throw new PgProtocolException($"Invalid message length {length} for message type '{(char)_header[0]}'.");
        }

        if (length - 4 > maxMessageBytes)
        {
            throw new PgProtocolException($"Message of {length} bytes is larger than this server accepts ({maxMessageBytes} bytes).", SqlStates.ProgramLimitExceeded);
        }

        return (_header[0], ReadBody(length - 4));
    }

    private ReadOnlyMemory<byte> ReadBody(int length)
    {
        if (_payload.Length < length)
        {
            ArrayPool<byte>.Shared.Return(_payload);
            _payload = ArrayPool<byte>.Shared.Rent(length);
        }

        stream.ReadExactly(_payload.AsSpan(0, length));
        return _payload.AsMemory(0, length);
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_payload);
}
