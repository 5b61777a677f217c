using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Etl.Match;

/// <summary>
/// Writes why each record belongs to its golden customer (<c>match.link_evidence</c>) after a batch's match: the
/// customer 360 shows it, and the doors cannot run the matcher (Serving does not reference Etl), so the batch keeps
/// the evidence beside the golden ids, in the same transaction. Levels and weights only, never compared values.
/// </summary>
internal static class LinkEvidence
{
    /// <summary>Rewrites the evidence of the records whose link changed tonight; returns how many rows were written.</summary>
    public static long Write(DuckDBConnection connection, string input, MatchResult match, long batchId, CancellationToken cancellationToken)
    {
        var comparisons = match.Settings.Comparisons;
        var sql = MatchSql.Fill("evidence",
            ("input", input),
            ("gamma_columns", string.Join(", ", comparisons.Select(c => c.GammaColumn))),
            ("fields", string.Join(", ", comparisons.Select(c =>
                $"{{'comparison': '{c.Name}', 'level': lv_{c.Name}.label, 'weight': lv_{c.Name}.log2_bayes_factor}}"))),
            ("level_joins", string.Join("\n", comparisons.Select(c =>
                $"LEFT JOIN match.levels AS lv_{c.Name} ON lv_{c.Name}.comparison = '{c.Name}' AND lv_{c.Name}.gamma = b.{c.GammaColumn}"))));
        connection.Execute(sql, cancellationToken,
            ("prior_weight", match.Model.PriorWeight),
            ("threshold_weight", FellegiSunterModel.Weight(match.Settings.ThresholdProbability)),
            ("threshold_probability", match.Settings.ThresholdProbability),
            ("batch_id", batchId));
        return connection.Count("SELECT count(*) FROM evidence_changed", cancellationToken);
    }
}
