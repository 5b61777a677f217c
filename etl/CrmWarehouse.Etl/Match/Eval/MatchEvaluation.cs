using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Etl.Match.Eval;

/// <summary>
/// `crmw match eval`: a benchmark with known answers loaded into an in-memory DuckDB, matched with the same
/// matcher the nightly batch uses, and scored pairwise against the truth.
/// </summary>
internal static class MatchEvaluation
{
    public sealed record Outcome(string Dataset, MatchResult Match, MatchQuality Quality, double LoadSeconds, double TotalSeconds);

    public static Outcome Febrl(string directory, int dataset, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        return Febrl(connection, directory, dataset, clock, cancellationToken);
    }

    /// <summary>Loads and matches into <paramref name="connection"/>, leaving the match tables there to inspect.</summary>
    public static Outcome Febrl(DuckDbConnection connection, string directory, int dataset, TimeProvider clock, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var mode = FebrlDataset.Load(connection, directory, dataset, cancellationToken);
        var loadSeconds = clock.GetElapsedTime(started).TotalSeconds;

        var settings = MatchSettings.BuiltIn("febrl") with { Mode = mode };
        var match = new Matcher(settings, clock).Run(connection, FebrlDataset.Table, cancellationToken);
        var quality = MatchQuality.Measure(connection, FebrlDataset.Table, mode, cancellationToken);
        var name = dataset == 4 ? "febrl 4 (dataset4a ↔ dataset4b, link-only)" : "febrl 3 (dataset3, dedupe)";
        return new Outcome(name, match, quality, loadSeconds, clock.GetElapsedTime(started).TotalSeconds);
    }
}
