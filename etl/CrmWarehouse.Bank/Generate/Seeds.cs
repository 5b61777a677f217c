namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Derives independent, reproducible random streams from the run's seed. Every entity that produces rows
/// (an account's transactions, a day of <c>--advance</c>) gets its own stream, so output does not depend on
/// the order in which tables are written or on how many threads write them.
/// </summary>
internal static class Seeds
{
    public static Random For(int seed, string stream, long index = 0) => new(Derive(seed, stream, index));

    public static int Derive(int seed, string stream, long index)
    {
        ulong h = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL;
        foreach (var c in stream)
        {
            h = Mix(h ^ c);
        }
        h = Mix(h ^ (ulong)index);
        return (int)(h & 0x7FFF_FFFF);
    }

    // SplitMix64 finaliser: a cheap, well-distributed mix of the bits.
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
