using CrmWarehouse.Tests.Security;
using CrmWarehouse.Cli.Bench;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>
/// `crmw bench serve` on a small warehouse: the served (secured) and the bare server give the same answers (the bench
/// stops when they differ), and the report has every figure.
/// </summary>
public sealed class ServeBenchTests
{
    [Test]
    public async Task Both_servers_answer_alike_and_the_report_has_every_figure()
    {
        using var warehouse = new CubeWarehouse();
        warehouse.Connection.Close();
        var report = await new ServeBench(warehouse.DatabasePath, warehouse.Catalog, TestUsers.Roles(), runs: 3, new Progress<string>()).RunAsync(CancellationToken.None).ConfigureAwait(false);
        var figures = report.SummaryLine.Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
        Assert.That(figures.Keys, Is.SupersetOf(new[]
        {
            "cube_p50_secured_ms", "cube_p50_bare_ms", "cube_overhead_p50", "sql_p50_secured_ms", "sql_p95_bare_ms", "sql_overhead_p50", "sql_new_text_overhead_p50",
            "cube_sql_p50_ms", "cube_api_p50_ms", "cube_sql_vs_api_p50",
        }));

        // Where each side's time went: every phase of both servers, and the time outside them (HTTP, middleware) known.
        foreach (var query in new[] { "cube", "sql", "sql_new_text" })
        {
            foreach (var side in new[] { "secured", "bare" })
            {
                Assert.That(report.Details.Single(d => d.Name == $"{query} phases, {side}").Value, Does.Match(@"^signin [\d.]+, wait [\d.]+, connect [\d.]+, check [\d.]+, execute [\d.]+, write [\d.]+, close [\d.]+, audit [\d.]+, http -?[\d.]+ ms$"), $"{query}, {side}");
            }
        }
    }
}
