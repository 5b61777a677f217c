using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Etl.Match;

/// <summary>
/// A trained Fellegi–Sunter model as the warehouse keeps it between nights: m and u per level in
/// <c>match.levels</c>, and in <c>match.model</c> the prior, EM's λ among candidates, the comparable pairs and the
/// number of records it was trained on.
/// </summary>
internal sealed record StoredModel(FellegiSunterModel Model, long Records, double CandidateLambda, long ComparablePairs)
{
    private const string Table = """
        CREATE TABLE IF NOT EXISTS match.model (
            settings          VARCHAR PRIMARY KEY,
            records           BIGINT NOT NULL,
            prior             DOUBLE NOT NULL,
            candidate_lambda  DOUBLE NOT NULL,
            comparable_pairs  BIGINT NOT NULL,
            trained_at        TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """;

    /// <summary>
    /// The model trained for <paramref name="settings"/>, or null when there is none, the settings' comparisons or
    /// levels have changed since, or the records have moved by more than the retraining threshold.
    /// </summary>
    public static StoredModel? Read(DuckDBConnection connection, MatchSettings settings, long records, CancellationToken cancellationToken)
    {
        if (connection.Count("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'match' AND table_name IN ('model', 'levels')", cancellationToken) < 2)
        {
            return null;
        }

        long trainedOn, comparable;
        double prior, lambda;
        using (var reader = connection.Reader("SELECT records, prior, candidate_lambda, comparable_pairs FROM match.model WHERE settings = $settings", cancellationToken, ("settings", settings.Name)))
        {
            if (!reader.Read())
            {
                return null;
            }

            (trainedOn, prior, lambda, comparable) = (reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetInt64(3));
        }

        if (trainedOn == 0 || Math.Abs(records - trainedOn) > settings.RetrainAfterGrowth * trainedOn)
        {
            return null;
        }

        var m = settings.Comparisons.Select(c => new double[c.LevelCount]).ToArray();
        var u = settings.Comparisons.Select(c => new double[c.LevelCount]).ToArray();
        var found = 0;
        using (var reader = connection.Reader("SELECT comparison, gamma, m, u FROM match.levels WHERE gamma >= 0 AND m IS NOT NULL AND u IS NOT NULL", cancellationToken))
        {
            while (reader.Read())
            {
                var k = settings.Comparisons.ToList().FindIndex(c => c.Name == reader.GetString(0));
                var gamma = reader.GetInt32(1);
                if (k < 0 || gamma >= settings.Comparisons[k].LevelCount)
                {
                    return null;
                }

                (m[k][gamma], u[k][gamma]) = (reader.GetDouble(2), reader.GetDouble(3));
                found++;
            }
        }

        return found == settings.Comparisons.Sum(c => c.LevelCount)
            ? new StoredModel(new FellegiSunterModel(settings.Comparisons, prior, m, u), trainedOn, lambda, comparable)
            : null;
    }

    /// <summary>Records the model as trained for <paramref name="settings"/> (its levels are written with it).</summary>
    public void Write(DuckDBConnection connection, MatchSettings settings, CancellationToken cancellationToken)
    {
        connection.Execute(Table, cancellationToken);
        connection.Execute(
            "INSERT OR REPLACE INTO match.model (settings, records, prior, candidate_lambda, comparable_pairs) VALUES ($settings, $records, $prior, $lambda, $comparable)",
            cancellationToken,
            ("settings", settings.Name), ("records", Records), ("prior", Model.Lambda), ("lambda", CandidateLambda), ("comparable", ComparablePairs));
    }
}
