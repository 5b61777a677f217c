using CrmWarehouse.Warehouse.DuckDb;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Cubes.Rollups;
using CrmWarehouse.Tests.DuckDb;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>A cube query that starts before a load publishes answers from one snapshot: rollup choice and numbers alike.</summary>
public sealed class SnapshotTests
{
    [Test]
    public void Query_begun_before_a_load_publishes_sees_neither_the_new_facts_nor_the_new_rollup()
    {
        using var warehouse = new CubeWarehouse();
        using var reader = new DuckDB.NET.Data.DuckDBConnection(warehouse.ConnectionString);
        reader.Open();
        var query = new CubeQuery { Measures = ["amount", "transactions"], By = ["date.year"] };
        var before = warehouse.Rows(warehouse.Compile("transactions", query));

        // What a request does (see CubesApi.QueryCube): one transaction around the rollup lookup and the answer.
        using var snapshot = reader.BeginTransaction();
        Assert.That(reader.Scalar("SELECT count(*) FROM dw.fact_transaction"), Is.EqualTo(1200L));

        using (var load = warehouse.Connection.BeginTransaction())
        {
            warehouse.Connection.Exec("INSERT INTO dw.fact_transaction SELECT 'new:' || i, 20260310, 3, 2, 1, 2, 1, 100, NULL, 50.00, 0.00, 'in', 'transfer', 3 FROM range(10) r(i)");
            load.Commit();
        }

        new RollupRefresher(warehouse.Catalog).Refresh(warehouse.Connection, [202603], CancellationToken.None);

        var compiled = warehouse.Compiler.Compile(warehouse.Catalog.Get("transactions"), query, reader);
        using var command = compiled.CreateCommand(reader);
        using var rows = command.ExecuteReader();
        var seen = new List<string>();
        while (rows.Read())
        {
            seen.Add($"{rows.GetText(rows.GetOrdinal("date.year"))}|{rows.GetText(rows.GetOrdinal("amount"))}|{rows.GetText(rows.GetOrdinal("transactions"))}");
        }

        Assert.That(compiled.Rollup, Is.Null, "the rollup created after the snapshot began is not visible to it");
        Assert.That(seen, Is.EqualTo(before));
        Assert.That(warehouse.Rows(warehouse.Compile("transactions", query)), Is.Not.EqualTo(before), "a new query sees the load");
    }
}
