namespace CrmWarehouse.Mining.Rfm;

/// <summary>How many customers moved from each segment at an earlier as-of date to each segment at a later one.</summary>
public static class RfmMigration
{
    /// <returns>Counts by (from, to); from is null for customers who had no transactions by the earlier date.</returns>
    public static IReadOnlyDictionary<(RfmSegment? From, RfmSegment To), int> Between(IReadOnlyList<RfmScore> earlier, IReadOnlyList<RfmScore> later)
    {
        var before = earlier.ToDictionary(s => s.Customer, s => s.Segment, StringComparer.Ordinal);
        var moves = new Dictionary<(RfmSegment?, RfmSegment), int>();
        foreach (var now in later)
        {
            RfmSegment? from = before.TryGetValue(now.Customer, out var segment) ? segment : null;
            moves[(from, now.Segment)] = moves.GetValueOrDefault((from, now.Segment)) + 1;
        }

        return moves;
    }
}
