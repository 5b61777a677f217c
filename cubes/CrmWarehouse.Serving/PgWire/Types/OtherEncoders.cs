using CrmWarehouse.Serving.PgWire.Protocol;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Serving.PgWire.Types;

/// <summary>VARCHAR (and JSON, ENUM): UTF-8 in both formats.</summary>
internal sealed class TextEncoder : ValueEncoder<string>
{
    protected override void Text(string value, PgWriter writer) => writer.WriteText(value);

    protected override void Binary(string value, PgWriter writer) => writer.WriteText(value);

    protected override string Convert(object value) => DuckDbExtensions.Text(value);
}

/// <summary>jsonb's binary form is a version byte (1) and the JSON text.</summary>
internal sealed class JsonbEncoder : ValueEncoder<string>
{
    protected override void Text(string value, PgWriter writer) => writer.WriteText(value);

    protected override void Binary(string value, PgWriter writer)
    {
        writer.WriteByte(1);
        writer.WriteText(value);
    }

    protected override string Convert(object value) => DuckDbExtensions.Text(value);
}

/// <summary>Any type PostgreSQL has no counterpart for (STRUCT, MAP, UNION, BIT, ENUM): DuckDB's own text, as text.</summary>
internal sealed class DuckDbTextEncoder : ValueEncoder
{
    public override void WriteText(DuckDBDataReader reader, int ordinal, PgWriter writer) => writer.WriteText(reader.GetText(ordinal));

    public override void WriteBinary(DuckDBDataReader reader, int ordinal, PgWriter writer) => writer.WriteText(reader.GetText(ordinal));

    public override void WriteText(object value, PgWriter writer) => writer.WriteText(DuckDbExtensions.Text(value));

    public override void WriteBinary(object value, PgWriter writer) => writer.WriteText(DuckDbExtensions.Text(value));
}

internal sealed class UuidEncoder : ValueEncoder<Guid>
{
    protected override void Text(Guid value, PgWriter writer)
    {
        var span = writer.GetSpan(36);
        value.TryFormat(span, out var written, "D");
        writer.Advance(written);
    }

    protected override void Binary(Guid value, PgWriter writer)
    {
        value.TryWriteBytes(writer.GetSpan(16), bigEndian: true, out _);
        writer.Advance(16);
    }

    protected override Guid Convert(object value) => value is Guid guid ? guid : Guid.Parse(value.ToString()!);
}

/// <summary>BLOB as bytea: hex text (\x…) or the raw bytes.</summary>
internal sealed class ByteaEncoder : ValueEncoder
{
    public override void WriteText(DuckDBDataReader reader, int ordinal, PgWriter writer)
    {
        using var stream = reader.GetStream(ordinal);
        WriteText(Bytes(stream), writer);
    }

    public override void WriteBinary(DuckDBDataReader reader, int ordinal, PgWriter writer)
    {
        using var stream = reader.GetStream(ordinal);
        stream.CopyTo(new WriterStream(writer));
    }

    public override void WriteText(object value, PgWriter writer) => Hex(Bytes(value), writer);

    public override void WriteBinary(object value, PgWriter writer) => writer.WriteBytes(Bytes(value));

    private static byte[] Bytes(object value) => value switch
    {
        byte[] bytes => bytes,
        Stream stream => ReadAll(stream),
        _ => System.Text.Encoding.UTF8.GetBytes(DuckDbExtensions.Text(value)),
    };

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static void Hex(ReadOnlySpan<byte> bytes, PgWriter writer)
    {
        writer.WriteText("\\x");
        writer.WriteText(Convert.ToHexStringLower(bytes));
    }

    /// <summary>A write-only stream into the current message (to copy a BLOB without an intermediate array).</summary>
    private sealed class WriterStream(PgWriter writer) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => writer.WriteBytes(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer) => writer.WriteBytes(buffer);
    }
}
