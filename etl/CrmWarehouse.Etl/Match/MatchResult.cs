namespace CrmWarehouse.Etl.Match;

/// <summary>What one matcher run found and how long each stage took: the figures `crmw match eval` prints.</summary>
internal sealed record MatchResult(
    MatchSettings Settings,
    long Records,
    IReadOnlyList<long> CandidatesPerRule,
    long RandomPairs,
    double[][] RandomU,
    FellegiSunterModel Model,
    double CandidateLambda,
    long ComparablePairs,
    int EmIterations,
    bool EmConverged,
    long AcceptedPairs,
    int ComponentRounds,
    GoldenIds.Assignment Golden,
    IReadOnlyList<(string Stage, double Seconds)> Stages)
{
    public long Candidates => CandidatesPerRule.Sum();

    public double Seconds => Stages.Sum(s => s.Seconds);
}
