using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Etl.Match.Eval;

/// <summary>
/// `crmw match eval`: a benchmark with known answers loaded into an in-memory DuckDB, matched with the same
/// matcher the nightly batch uses, and scored pairwise against the truth.
/// </summary>
public static class MatchEvaluation
{
    public sealed record Outcome(string Dataset, MatchResult Match, MatchQuality Quality, double LoadSeconds, double TotalSeconds);

    public static Outcome Febrl(string directory, int dataset, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        return Febrl(connection, directory, dataset, clock, cancellationToken);
    }

    /// <summary>Loads and matches into <paramref name="connection"/>, leaving the match tables there to inspect.</summary>
    public static Outcome Febrl(DuckDBConnection connection, string directory, int dataset, TimeProvider clock, CancellationToken cancellationToken)
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

/// <summary>Pairwise precision and recall of a matcher's clusters against a ground-truth <c>entity</c> column.</summary>
public sealed record MatchQuality(long Predicted, long Truth, long TruePositives, long TrueCandidates)
{
    public double Precision => Predicted == 0 ? 0 : (double)TruePositives / Predicted;

    public double Recall => Truth == 0 ? 0 : (double)TruePositives / Truth;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>The share of true pairs that blocking let through: the ceiling on recall.</summary>
    public double BlockingRecall => Truth == 0 ? 0 : (double)TrueCandidates / Truth;

    public static MatchQuality Measure(DuckDBConnection connection, string input, MatchMode mode, CancellationToken cancellationToken)
    {
        var sql = MatchSql.Fill("evaluate",
            ("side", mode == MatchMode.LinkOnly ? "source" : "record_id"),
            ("clusters", Matcher.Clusters),
            ("input", input));
        using var reader = connection.Reader(sql, cancellationToken);
        reader.Read();
        return new MatchQuality(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }
}
