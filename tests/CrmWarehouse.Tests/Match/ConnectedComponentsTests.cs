using CrmWarehouse.Etl.Match;
using CrmWarehouse.Warehouse.DuckDb;
using Dapper;
using DuckDB.NET.Data;

namespace CrmWarehouse.Tests.Match;

public sealed class ConnectedComponentsTests
{
    [Test]
    public void Labels_each_component_of_a_hand_made_graph_with_its_smallest_record_id()
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        connection.Execute("""
            CREATE TABLE records AS SELECT * FROM (VALUES ('a'), ('b'), ('c'), ('d'), ('e'), ('f'), ('g'), ('h'), ('i'), ('j'), ('k'), ('z')) t(record_id);
            -- a chain a–e–h–i–j–k (the label 'a' travels five hops), a triangle b–c–d, a pair f–g, and z alone.
            CREATE TABLE edges (id_l VARCHAR, id_r VARCHAR);
            INSERT INTO edges VALUES ('j', 'k'), ('i', 'j'), ('h', 'i'), ('e', 'h'), ('a', 'e');
            INSERT INTO edges VALUES ('b', 'c'), ('c', 'd'), ('d', 'b');
            INSERT INTO edges VALUES ('g', 'f');
            """);

        var rounds = ConnectedComponents.Run(connection, "records", "edges", "main.clusters", CancellationToken.None);
        var clusters = connection.Query<(string Record, string Cluster)>("SELECT record_id, cluster_id FROM main.clusters ORDER BY record_id")
            .ToDictionary(r => r.Record, r => r.Cluster);

        Assert.Multiple(() =>
        {
            Assert.That(clusters, Has.Count.EqualTo(12), "every record, paired or not, gets a cluster");
            Assert.That(new[] { "a", "e", "h", "i", "j", "k" }.Select(r => clusters[r]), Is.All.EqualTo("a"));
            Assert.That(new[] { "b", "c", "d" }.Select(r => clusters[r]), Is.All.EqualTo("b"));
            Assert.That((clusters["f"], clusters["g"]), Is.EqualTo(("f", "f")));
            Assert.That(clusters["z"], Is.EqualTo("z"));
            Assert.That(rounds, Is.LessThanOrEqualTo(5), "pointer jumping settles a 6-record chain in a few rounds");
        });
    }
}
