namespace CrmWarehouse.Mining.Rfm;

/// <summary>
/// The usual named RFM segments on the grid of the recency score R and FM = ⌈(F + M) / 2⌉ (both 1–5):
///
/// <code>
///            FM 1         FM 2                 FM 3      FM 4–5
/// R 4–5      New          Potential loyalist   Loyal     Champions
/// R 3        About to sleep (FM 1–2)           Loyal     Loyal
/// R 2        Hibernating (FM 1–2)              At risk   At risk
/// R 1        Lost (FM 1–2)                     At risk   Can't lose them
/// </code>
/// </summary>
public enum RfmSegment
{
    Champions,
    Loyal,
    PotentialLoyalist,
    New,
    AboutToSleep,
    AtRisk,
    CantLoseThem,
    Hibernating,
    Lost,
}

public static class RfmSegments
{
    public static RfmSegment Of(int r, int f, int m)
    {
        var fm = (f + m + 1) / 2;
        return (r, fm) switch
        {
            (>= 4, >= 4) => RfmSegment.Champions,
            (>= 3, >= 3) => RfmSegment.Loyal,
            (>= 4, 2) => RfmSegment.PotentialLoyalist,
            (>= 4, _) => RfmSegment.New,
            (3, _) => RfmSegment.AboutToSleep,
            (1, >= 4) => RfmSegment.CantLoseThem,
            (_, >= 3) => RfmSegment.AtRisk,
            (2, _) => RfmSegment.Hibernating,
            _ => RfmSegment.Lost,
        };
    }

    /// <summary>The name as CRM teams say it ("At risk", "Can't lose them").</summary>
    public static string Name(this RfmSegment segment) => segment switch
    {
        RfmSegment.PotentialLoyalist => "Potential loyalist",
        RfmSegment.AboutToSleep => "About to sleep",
        RfmSegment.AtRisk => "At risk",
        RfmSegment.CantLoseThem => "Can't lose them",
        _ => segment.ToString(),
    };
}
