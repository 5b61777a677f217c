using System.Buffers.Binary;

namespace CrmWarehouse.Warehouse.DuckDb.Values;

/// <summary>DECIMAL and UUID storage to and from .NET types.</summary>
internal static class NumericCodec
{
    private const int MaxDecimalScale = 28;
    private static readonly Int128 DecimalMantissaLimit = (Int128)1 << 96;
    private static readonly UInt128 UuidSignBit = (UInt128)1 << 127;

    /// <summary>
    /// An unscaled DECIMAL value to <see cref="decimal"/>. Exact whenever the value fits decimal's 96-bit mantissa
    /// and 28-digit scale; wider DECIMAL(38,…) values are rounded to decimal's precision, and values beyond
    /// decimal's range throw rather than wrap.
    /// </summary>
    public static decimal ToDecimal(Int128 unscaled, int scale)
    {
        var negative = unscaled < 0;
        var magnitude = negative ? -unscaled : unscaled;
        while (scale > MaxDecimalScale || magnitude >= DecimalMantissaLimit)
        {
            if (scale == 0)
            {
                throw new OverflowException($"The DECIMAL value {(negative ? "-" : string.Empty)}{magnitude} is outside the range of System.Decimal; cast it to VARCHAR or DOUBLE in SQL.");
            }

            var remainder = magnitude % 10;
            magnitude /= 10;
            if (remainder >= 5)
            {
                magnitude++;
            }

            scale--;
        }

        var lo = (int)(uint)(ulong)magnitude;
        var mid = (int)(uint)((ulong)magnitude >> 32);
        var hi = (int)(uint)(ulong)(magnitude >> 64);
        return new decimal(lo, mid, hi, negative, (byte)scale);
    }

    /// <summary>A decimal as its unscaled 128-bit value and scale (exact).</summary>
    public static (Int128 Unscaled, byte Scale) FromDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (byte)((bits[3] >> 16) & 0xFF);
        return (bits[3] < 0 ? -magnitude : magnitude, scale);
    }

    /// <summary>Rescales an unscaled value (multiplying or rounding half away from zero).</summary>
    public static Int128 Rescale(Int128 unscaled, int fromScale, int toScale)
    {
        for (; fromScale < toScale; fromScale++)
        {
            unscaled = checked(unscaled * 10);
        }

        for (; fromScale > toScale; fromScale--)
        {
            var remainder = unscaled % 10;
            unscaled /= 10;
            if (remainder >= 5)
            {
                unscaled++;
            }
            else if (remainder <= -5)
            {
                unscaled--;
            }
        }

        return unscaled;
    }

    /// <summary>DuckDB stores a UUID as a hugeint whose top bit is flipped, so that signed order is byte order.</summary>
    public static Guid ToGuid(Int128 stored)
    {
        var value = (UInt128)stored ^ UuidSignBit;
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The UUID as its big-endian 128-bit number (what duckdb_create_uuid takes).</summary>
    public static UInt128 GuidToNumber(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public static Int128 GuidToStored(Guid value) => (Int128)(GuidToNumber(value) ^ UuidSignBit);
}
