using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Warehouse.Star;

/// <summary>
/// The one writer of customer history: the nightly load (a tracked attribute changed, or a new customer) and the
/// mining write-back (new scores) both describe the versions they want in the temp table <see cref="Versions"/> and
/// let this close the current versions and open the new ones, so that the SCD2 bookkeeping (keys, validity, the
/// current flag) exists once.
/// </summary>
public static class CustomerHistory
{
    /// <summary>The temp table the caller fills: customer_id, valid_from, batch_id and the new version's attributes, by name.</summary>
    public const string Versions = "customer_new_version";

    private static readonly SqlScript Script = SqlScript.From(typeof(CustomerHistory).Assembly, "Star/customer_history.sql");

    /// <summary>Writes the versions in <see cref="Versions"/>, then drops it. Returns the number of versions opened.</summary>
    public static long Write(DuckDBConnection warehouse, CancellationToken cancellationToken)
    {
        var opened = warehouse.Count($"SELECT count(*) FROM {Versions}", cancellationToken);
        if (opened > 0)
        {
            Script.Run(warehouse, [], cancellationToken);
        }

        warehouse.Execute($"DROP TABLE {Versions}", cancellationToken);
        return opened;
    }
}
