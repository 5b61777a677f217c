using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Etl.Match.Eval;

/// <summary>Pairwise precision and recall of a matcher's clusters against a ground-truth <c>entity</c> column.</summary>
internal sealed record MatchQuality(long Predicted, long Truth, long TruePositives, long TrueCandidates)
{
    public double Precision => Predicted == 0 ? 0 : (double)TruePositives / Predicted;

    public double Recall => Truth == 0 ? 0 : (double)TruePositives / Truth;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>The share of true pairs that blocking let through: the ceiling on recall.</summary>
    public double BlockingRecall => Truth == 0 ? 0 : (double)TrueCandidates / Truth;

    public static MatchQuality Measure(DuckDbConnection connection, string input, MatchMode mode, CancellationToken cancellationToken)
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
