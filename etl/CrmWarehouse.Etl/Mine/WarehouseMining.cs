using System.Diagnostics;
using System.Reflection;
using System.Text;
using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Etl.Mine;

/// <summary>What one run of the warehouse mining stage produced for its as-of date.</summary>
internal sealed record MiningOutcome(
    DateOnly AsOf,
    IReadOnlyDictionary<string, double> Summary,
    long ScoresFilled,
    long NewCustomerVersions,
    IReadOnlyList<(string Step, double Seconds)> Steps);

/// <summary>
/// The mining stage on the warehouse (DESIGN.md §2 step 6): <c>mart.customer_value</c> (RFM, loyalty, profitability,
/// contribution, value tier) and <c>mart.summary</c> for an as-of date, and the key scores written back to
/// <c>dw.dim_customer</c> as SCD2 attributes, all in one transaction of its own: a failure leaves the marts and the
/// customers as they were, and never touches the load that ran before it. Definitions: docs/mining.md.
/// </summary>
internal static class WarehouseMining
{
    public static MiningOutcome Run(DuckDbConnection warehouse, DateOnly asOf, CancellationToken cancellationToken)
    {
        var steps = new List<(string, double)>();
        var clock = Stopwatch.StartNew();
        void Lap(string step)
        {
            steps.Add((step, clock.Elapsed.TotalSeconds));
            clock.Restart();
        }

        using var transaction = warehouse.BeginTransaction();
        warehouse.Execute(Script("customer_value"), cancellationToken, ("asof", asOf));
        Lap("customer value (RFM, loyalty, profitability)");

        long filled, versions;
        using (var reader = warehouse.Reader(Script("write_back"), cancellationToken, ("asof", asOf)))
        {
            reader.Read();
            (filled, versions) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        Lap("write-back to dim_customer");
        var summary = new Dictionary<string, double>(StringComparer.Ordinal);
        using (var reader = warehouse.Reader("SELECT figure, value FROM mart.summary WHERE as_of = $asof ORDER BY figure", cancellationToken, ("asof", asOf)))
        {
            while (reader.Read())
            {
                summary[reader.GetString(0)] = reader.IsDBNull(1) ? double.NaN : reader.GetDouble(1);
            }
        }

        transaction.Commit();
        Lap("commit");
        return new MiningOutcome(asOf, summary, filled, versions, steps);
    }

    /// <summary>The last business day the warehouse has transactions for, or null when it has none.</summary>
    public static DateOnly? LatestBusinessDay(DuckDbConnection warehouse)
    {
        var key = warehouse.Count("SELECT coalesce(max(date_key), 0) FROM dw.fact_transaction", CancellationToken.None);
        return key == 0 ? null : new DateOnly((int)(key / 10000), (int)(key / 100 % 100), (int)(key % 100));
    }

    private static string Script(string name)
    {
        var resource = $"CrmWarehouse.Etl.Mine.Sql.{name}.sql";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The mining SQL script '{name}' is not embedded in the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
