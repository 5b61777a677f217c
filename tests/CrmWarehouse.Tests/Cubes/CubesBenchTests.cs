using CrmWarehouse.Cli.Bench;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>
/// `crmw bench cubes` on a small warehouse: its 24 queries answer the same with rollups, on the facts and as the
/// hand-written SQL (the bench stops with the three answers when they differ), and its report has every figure.
/// </summary>
public sealed class CubesBenchTests
{
    [Test]
    public void The_twenty_four_queries_agree_with_their_hand_written_sql_and_the_report_has_every_figure()
    {
        using var warehouse = CubeWarehouse.WithRollups();
        warehouse.Connection.Close();
        var report = new CubesBench(warehouse.DatabasePath, warehouse.Catalog, runs: 2, new Progress<string>()).Run();
        var figures = report.SummaryLine.Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
        Assert.Multiple(() =>
        {
            Assert.That(figures["queries"], Is.EqualTo("24"));
            Assert.That(int.Parse(figures["routed_to_rollups"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(10));
            Assert.That(figures.Keys, Is.SupersetOf(new[] { "p50_rollup_ms", "p95_rollup_ms", "p50_facts_ms", "p50_hand_ms", "compiler_overhead", "refresh_s" }));
        });
    }
}
