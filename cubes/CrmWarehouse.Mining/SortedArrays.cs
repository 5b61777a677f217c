namespace CrmWarehouse.Mining;

/// <summary>Binary searches on ascending arrays that, unlike Array.BinarySearch, say where a run of equal values starts or ends.</summary>
internal static class SortedArrays
{
    /// <summary>The index of the first element ≥ <paramref name="value"/> (the count of elements below it).</summary>
    public static int LowerBound(double[] sorted, double value) => Search(sorted, value, includeEqual: false);

    /// <summary>The index of the first element &gt; <paramref name="value"/>.</summary>
    public static int UpperBound(double[] sorted, double value) => Search(sorted, value, includeEqual: true);

    private static int Search(double[] sorted, double value, bool includeEqual)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (sorted[mid] < value || (includeEqual && sorted[mid] == value))
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
