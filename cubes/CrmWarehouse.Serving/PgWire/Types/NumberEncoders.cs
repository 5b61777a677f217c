using System.Globalization;
using System.Numerics;
using CrmWarehouse.Serving.PgWire.Protocol;

namespace CrmWarehouse.Serving.PgWire.Types;

internal sealed class BoolEncoder : ValueEncoder<bool>
{
    protected override void Text(bool value, PgWriter writer) => writer.WriteByte(value ? (byte)'t' : (byte)'f');

    protected override void Binary(bool value, PgWriter writer) => writer.WriteByte(value ? (byte)1 : (byte)0);
}

internal sealed class Int16Encoder : ValueEncoder<short>
{
    protected override void Text(short value, PgWriter writer) => Formatted.Write(value, writer);

    protected override void Binary(short value, PgWriter writer) => writer.WriteInt16(value);
}

internal sealed class Int32Encoder : ValueEncoder<int>
{
    protected override void Text(int value, PgWriter writer) => Formatted.Write(value, writer);

    protected override void Binary(int value, PgWriter writer) => writer.WriteInt32(value);
}

internal sealed class Int64Encoder : ValueEncoder<long>
{
    protected override void Text(long value, PgWriter writer) => Formatted.Write(value, writer);

    protected override void Binary(long value, PgWriter writer) => writer.WriteInt64(value);
}

internal sealed class Float4Encoder : ValueEncoder<float>
{
    protected override void Text(float value, PgWriter writer) => Formatted.WriteFloat(value.ToString(CultureInfo.InvariantCulture), writer);

    protected override void Binary(float value, PgWriter writer) => writer.WriteInt32(BitConverter.SingleToInt32Bits(value));
}

internal sealed class Float8Encoder : ValueEncoder<double>
{
    protected override void Text(double value, PgWriter writer) => Formatted.WriteFloat(value.ToString(CultureInfo.InvariantCulture), writer);

    protected override void Binary(double value, PgWriter writer) => writer.WriteInt64(BitConverter.DoubleToInt64Bits(value));
}

/// <summary>DECIMAL up to 28 digits, read as .NET decimal.</summary>
internal sealed class DecimalEncoder : ValueEncoder<decimal>
{
    protected override void Text(decimal value, PgWriter writer) => Formatted.Write(value, writer);

    protected override void Binary(decimal value, PgWriter writer) => NumericBinary.Write(value.ToString(CultureInfo.InvariantCulture), writer);
}

/// <summary>HUGEINT, UHUGEINT, UBIGINT and wide DECIMALs: as numeric through their invariant text.</summary>
internal sealed class BigNumberEncoder : ValueEncoder<object>
{
    protected override void Text(object value, PgWriter writer) => writer.WriteText(Invariant(value));

    protected override void Binary(object value, PgWriter writer) => NumericBinary.Write(Invariant(value), writer);

    protected override object Convert(object value) => value;

    private static string Invariant(object value) => value is IFormattable number ? number.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? "0";
}

/// <summary>Invariant UTF-8 formatting straight into the output buffer.</summary>
internal static class Formatted
{
    public static void Write<T>(T value, PgWriter writer) where T : IUtf8SpanFormattable
    {
        var span = writer.GetSpan(64);
        if (!value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"A {typeof(T).Name} did not fit 64 bytes of text.");
        }

        writer.Advance(written);
    }

    /// <summary>Shortest round-trip text as PostgreSQL prints it (extra_float_digits ≥ 1): 1e+20, Infinity, NaN.</summary>
    public static void WriteFloat(string text, PgWriter writer) => writer.WriteText(text.Replace('E', 'e'));
}

/// <summary>
/// numeric's binary form: int16 ndigits, int16 weight (of the first base-10000 digit), int16 sign, int16 dscale
/// (digits after the point), then the base-10000 digits.
/// </summary>
internal static class NumericBinary
{
    private const short Positive = 0x0000;
    private const short Negative = 0x4000;
    private const short NaN = unchecked((short)0xC000);

    public static void Write(string text, PgWriter writer)
    {
        if (text == "NaN")
        {
            writer.WriteInt16(0);
            writer.WriteInt16(0);
            writer.WriteInt16(NaN);
            writer.WriteInt16(0);
            return;
        }

        var negative = text.StartsWith('-');
        var digits = negative ? text[1..] : text;
        var point = digits.IndexOf('.');
        var whole = point < 0 ? digits : digits[..point];
        var fraction = point < 0 ? string.Empty : digits[(point + 1)..];
        var scale = (short)fraction.Length;

        whole = whole.TrimStart('0');
        whole = new string('0', (4 - whole.Length % 4) % 4) + whole;
        var fractionPadded = fraction + new string('0', (4 - fraction.Length % 4) % 4);
        var all = whole + fractionPadded;
        var groups = new List<short>(all.Length / 4);
        for (var i = 0; i < all.Length; i += 4)
        {
            groups.Add(short.Parse(all.AsSpan(i, 4), CultureInfo.InvariantCulture));
        }

        var weight = whole.Length / 4 - 1;
        var first = groups.FindIndex(g => g != 0);
        if (first < 0)
        {
            writer.WriteInt16(0);
            writer.WriteInt16(0);
            writer.WriteInt16(Positive);
            writer.WriteInt16(scale);
            return;
        }

        weight -= first;
        var last = groups.FindLastIndex(g => g != 0);
        writer.WriteInt16((short)(last - first + 1));
        writer.WriteInt16((short)weight);
        writer.WriteInt16(negative ? Negative : Positive);
        writer.WriteInt16(scale);
        for (var i = first; i <= last; i++)
        {
            writer.WriteInt16(groups[i]);
        }
    }

    /// <summary>Reads numeric's binary form back to its decimal text (for bound parameters).</summary>
    public static string Read(ReadOnlySpan<byte> bytes)
    {
        var cursor = new MessageCursor(bytes);
        var count = cursor.ReadInt16();
        var weight = cursor.ReadInt16();
        var sign = cursor.ReadInt16();
        var scale = cursor.ReadInt16();
        if (sign == NaN)
        {
            return "NaN";
        }

        var value = BigInteger.Zero;
        for (var i = 0; i < count; i++)
        {
            value = value * 10_000 + cursor.ReadInt16();
        }

        // value holds the digits as an integer whose last digit group has weight (weight - count + 1).
        var exponent = 4 * (weight - count + 1);
        var text = exponent >= 0 ? (value * BigInteger.Pow(10, exponent)).ToString(CultureInfo.InvariantCulture) : Shift(value, -exponent);
        return (sign == Negative ? "-" : string.Empty) + text;

        static string Shift(BigInteger value, int places)
        {
            var digits = value.ToString(CultureInfo.InvariantCulture).PadLeft(places + 1, '0');
            return digits[..^places] + "." + digits[^places..];
        }
    }
}
