using System.Buffers.Binary;
using System.Text;

namespace CrmWarehouse.Serving.PgWire.Protocol;

/// <summary>
/// Reads the fields of one frontend message body, checking every read against what is left: a message that lies
/// about its fields ends in a <see cref="PgProtocolException"/>, never an out-of-range read.
/// </summary>
internal ref struct MessageCursor(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private int _position;

    public readonly int Remaining => _body.Length - _position;

    public byte ReadByte() => Take(1)[0];

    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    /// <summary>A NUL-terminated UTF-8 string.</summary>
    public string ReadCString()
    {
        var end = _body[_position..].IndexOf((byte)0);
        if (end < 0)
        {
            throw new PgProtocolException("A string field is not terminated.");
        }

        var text = Encoding.UTF8.GetString(_body.Slice(_position, end));
        _position += end + 1;
        return text;
    }

    /// <summary>A count that must be non-negative and small enough that its items could fit in what is left.</summary>
    public int ReadCount(int bytesPerItem)
    {
        var count = ReadInt16() & 0xFFFF;
        if (count * bytesPerItem > Remaining)
        {
            throw new PgProtocolException($"A count of {count} does not fit the message.");
        }

        return count;
    }

    public ReadOnlySpan<byte> ReadBytes(int length)
    {
        if (length < 0)
        {
            throw new PgProtocolException($"Invalid field length {length}.");
        }

        return Take(length);
    }

    public readonly ReadOnlySpan<byte> Rest() => _body[_position..];

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > Remaining)
        {
            throw new PgProtocolException("The message is shorter than its fields say.");
        }

        var span = _body.Slice(_position, length);
        _position += length;
        return span;
    }
}
