using System.Data.Common;
using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Bank.LocalServers;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Tests.Pipeline;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;
using Npgsql;

namespace CrmWarehouse.Tests.Generate.Servers;

/// <summary>
/// Hard deletes in accounts, balances and interactions (issue #15) with core banking in PostgreSQL and cards in
/// MariaDB (the wealth CRM in SQLite, the legacy export as CSV), in databases of their own so other fixtures see an
/// unchanged bank: the same <see cref="SourceDeleteScenario"/> the embedded bank runs.
/// </summary>
[NonParallelizable]
public sealed class ServerHardDeleteTests
{
    private readonly LocalServerSettings _servers = new()
    {
        Postgres = new PostgresSettings { Port = ThrowAwayServers.Settings.Postgres.Port, Database = "core_banking_deletes" },
        MariaDb = new MariaDbSettings { Port = ThrowAwayServers.Settings.MariaDb.Port, Database = "cards_deletes" },
    };

    [Test]
    public async Task Accounts_balances_and_interactions_deleted_on_postgres_mariadb_sqlite_and_csv_are_recorded_and_reflected()
    {
        var settings = SmallBank.Settings(0.01, seed: 11);
        await BankGenerator.RunAsync(settings, Targets.Parse("postgres,mariadb,sqlite,csv", embedded: false), _servers, _ => { }, CancellationToken.None);
        try
        {
            using var warehouse = new TempDatabase();
            var embedded = CrmwConfiguration.EtlOptions(CrmwConfiguration.Build()).WithSourcesIn(settings.OutDir);
            var businessDate = (await GeneratorState.LoadAsync(settings.OutDir, CancellationToken.None)).CurrentDay;
            var options = embedded with
            {
                WarehouseConnectionString = warehouse.ConnectionString,
                SourcesBusinessDate = businessDate,
                Sources = [.. embedded.Sources.Select(s => s.Name switch
                {
                    "core" => s.With(connectionString: Postgres(), provider: SourceProvider.Postgres),
                    "cards" => s.With(connectionString: MariaDb(), provider: SourceProvider.MariaDb),
                    _ => s,
                })],
            };

            var scenario = new SourceDeleteScenario(settings.OutDir, businessDate, name => Open(name, settings.OutDir), reconcileKeys =>
                new BatchRunner(options, NightlyPipeline.Stages(TimeProvider.System), TimeProvider.System, NullLogger<BatchRunner>.Instance)
                    .RunAsync(new BatchRequest(Full: false, "test", businessDate, reconcileKeys), null, CancellationToken.None));
            await scenario.RunAsync(warehouse);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(settings.OutDir, recursive: true);
        }
    }

    private string Postgres() => _servers.Postgres.ConnectionString(_servers.Postgres.Database);

    private string MariaDb() => _servers.MariaDb.ConnectionString(_servers.MariaDb.Database);

    private DbConnection Open(string source, string outDir) => source switch
    {
        "core" => new NpgsqlConnection(Postgres()),
        "cards" => new MySqlConnection(MariaDb()),
        _ => new SqliteConnection($"Data Source={Path.Combine(outDir, SourceWriter.WealthFile)};Pooling=false"),
    };
}
