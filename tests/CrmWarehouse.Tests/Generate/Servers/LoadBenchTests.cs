using CrmWarehouse.Cli.Bench;
using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Cli.Hosting;

namespace CrmWarehouse.Tests.Generate.Servers;

/// <summary>
/// `crmw bench load` on the real servers: the sources whose dialect has a dump client (PostgreSQL, MariaDB) are
/// compared with psql / mariadb dumps read by DuckDB, row for row; the others (SQLite, CSV) are left out.
/// </summary>
[NonParallelizable]
public sealed class LoadBenchTests
{
    [Test]
    public async Task Bench_load_stages_as_many_rows_as_the_servers_own_dumps()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await BankGenerator.RunAsync(SmallBank.Settings(0.01, seed: 17, outDir: outDir), Targets.Parse("postgres,mariadb", embedded: false),
                ThrowAwayServers.Settings, _ => { }, CancellationToken.None);
            var sources = CrmwConfiguration.EtlOptions(CrmwConfiguration.Build()).WithSourcesIn(outDir).Sources.Select(s => s.Name switch
            {
                "core" => s.With(provider: SourceProvider.Postgres, connectionString: ThrowAwayServers.Settings.Postgres.ConnectionString("core_banking")),
                "cards" => s.With(provider: SourceProvider.MariaDb, connectionString: ThrowAwayServers.Settings.MariaDb.ConnectionString("cards")),
                _ => s,
            }).ToList();

            var report = await new LoadBench(sources, Path.Combine(outDir, "bench"), new Progress<string>()).RunAsync(CancellationToken.None);

            var figures = report.SummaryLine.Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
            Assert.That(figures["tables"], Is.EqualTo("7"), "core's four tables and cards' three; wealth (SQLite) has no dump client");
            Assert.That(figures.Keys, Has.Some.StartsWith("core.transactions_rows").And.Some.StartsWith("cards.cardholders_rows"));
            Assert.That(long.Parse(figures["rows"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(40_000));
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
