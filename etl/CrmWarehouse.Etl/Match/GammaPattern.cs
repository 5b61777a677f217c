using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Etl.Match;

/// <summary>One distinct comparison vector (a gamma per comparison, -1 = missing) and how many pairs have it.</summary>
public readonly record struct GammaPattern(int[] Gammas, long Pairs)
{
    /// <summary>Reads the distinct vectors of a table holding the comparisons' gamma columns (grouped in DuckDB).</summary>
    public static List<GammaPattern> Read(DuckDBConnection connection, string table, IReadOnlyList<Comparison> comparisons, CancellationToken cancellationToken)
    {
        var sql = MatchSql.Fill("patterns",
            ("gamma_columns", string.Join(", ", comparisons.Select(c => c.GammaColumn))),
            ("table", table));
        var patterns = new List<GammaPattern>();
        using var reader = connection.Reader(sql, cancellationToken);
        while (reader.Read())
        {
            var gammas = new int[comparisons.Count];
            for (var k = 0; k < gammas.Length; k++)
            {
                gammas[k] = reader.GetInt32(k);
            }

            patterns.Add(new GammaPattern(gammas, reader.GetInt64(comparisons.Count)));
        }

        return patterns;
    }
}
