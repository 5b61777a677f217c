using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace CrmWarehouse.Serving.PgWire.Protocol;

/// <summary>
/// Writes backend messages into a pooled buffer and sends it when it fills past <see cref="FlushAt"/> or on
/// <see cref="Flush"/> (before waiting for the client). A message's length is written when it ends, so callers
/// write fields straight into the buffer without measuring them first.
/// </summary>
internal sealed class PgWriter(Stream stream) : IDisposable
{
    /// <summary>Sends once this much is buffered: large enough for few syscalls, small enough to stream big results.</summary>
    private const int FlushAt = 64 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(FlushAt * 2);
    private int _position;
    private int _messageStart = -1;

    public void StartMessage(byte code)
    {
        Reserve(5);
        _buffer[_position++] = code;
        _messageStart = _position;
        _position += 4;
    }

    public void EndMessage()
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_messageStart), _position - _messageStart);
        _messageStart = -1;
        if (_position >= FlushAt)
        {
            Flush();
        }
    }

    /// <summary>Starts a length-prefixed field (a DataRow value, a bound array element); <see cref="EndField"/> writes its length.</summary>
    public int StartField()
    {
        Reserve(4);
        var start = _position;
        _position += 4;
        return start;
    }

    public void EndField(int start) => BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(start), _position - start - 4);

    public void WriteByte(byte value)
    {
        Reserve(1);
        _buffer[_position++] = value;
    }

    public void WriteInt16(short value)
    {
        Reserve(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_position), value);
        _position += 2;
    }

    public void WriteInt32(int value)
    {
        Reserve(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    public void WriteInt64(long value)
    {
        Reserve(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_position), value);
        _position += 8;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    /// <summary>UTF-8 text without a terminator (a DataRow value).</summary>
    public void WriteText(ReadOnlySpan<char> text)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        _position += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_position));
    }

    /// <summary>UTF-8 text and a NUL terminator (names in RowDescription, ErrorResponse fields).</summary>
    public void WriteCString(string text)
    {
        WriteText(text.Replace('\0', ' '));
        WriteByte(0);
    }

    /// <summary>Room for at least <paramref name="size"/> bytes to write in place; <see cref="Advance"/> says how many were used.</summary>
    public Span<byte> GetSpan(int size)
    {
        Reserve(size);
        return _buffer.AsSpan(_position);
    }

    public void Advance(int count) => _position += count;

    /// <summary>Where the next byte goes; with <see cref="WrittenSince"/> and <see cref="Rewind"/> a caller can rework what it just wrote.</summary>
    public int Position => _position;

    public ReadOnlySpan<byte> WrittenSince(int start) => _buffer.AsSpan(start, _position - start);

    public void Rewind(int start) => _position = start;

    public void Flush()
    {
        if (_messageStart >= 0)
        {
            throw new InvalidOperationException("Cannot send half a message.");
        }

        if (_position > 0)
        {
            stream.Write(_buffer, 0, _position);
            _position = 0;
        }

        stream.Flush();
    }

    /// <summary>Drops whatever is buffered (a result abandoned halfway, before its ErrorResponse).</summary>
    public void DiscardMessage()
    {
        if (_messageStart >= 0)
        {
            _position = _messageStart - 1;
            _messageStart = -1;
        }
    }

    private void Reserve(int size)
    {
        if (_position + size <= _buffer.Length)
        {
            return;
        }

        // Inside a message the bytes so far must stay put (its length is patched at the end): grow instead of sending.
        if (_messageStart < 0 && size <= _buffer.Length)
        {
            Flush();
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _position + size));
        _buffer.AsSpan(0, _position).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
