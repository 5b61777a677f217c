using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Tests.DuckDb;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CrmWarehouse.Tests.Generate.Servers;

/// <summary>
/// Extraction from the real servers: PostgreSQL tables through binary COPY (every supported type, NULLs, Chinese text,
/// incremental by watermark) or, for other column types, through a query; and whole nightly batches from a bank
/// generated into PostgreSQL + MariaDB, including one where a server cannot be reached.
/// </summary>
[NonParallelizable]
public sealed class ServerExtractTests
{
    private static NpgsqlConnection Postgres() => new(ThrowAwayServers.Settings.Postgres.ConnectionString("core_banking"));

    private static SourceOptions PostgresSource(params SourceTableOptions[] tables) => new()
    {
        Name = "core",
        Provider = SourceProvider.Postgres,
        ConnectionString = ThrowAwayServers.Settings.Postgres.ConnectionString("core_banking"),
        Tables = [.. tables],
    };

    [Test]
    public async Task Postgres_copy_keeps_every_type_null_and_chinese_text()
    {
        using (var pg = Postgres())
        {
            pg.Execute("""
                DROP TABLE IF EXISTS extract_types;
                CREATE TABLE extract_types (id bigint, i integer, s smallint, b boolean, d double precision, r real, n numeric(18,2),
                    ts timestamp, tz timestamptz, day date, t text, v varchar(20), c char(3), changed timestamp);
                INSERT INTO extract_types VALUES
                  (1, 2147483647, -32768, true, 1.5, 2.25, 12345678.91, '2026-06-30 23:59:59.123456', '2026-06-30 12:00:00+08', '2026-06-30', '張三 丰', '芙蓉支行', 'ABC', '2026-06-01'),
                  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '2026-06-02'),
                  (3, -1, 0, false, -0.0, 0, -0.01, '1900-01-01 00:00:00', '1970-01-01 00:00:00+00', '1900-01-01', '', 'x', 'y', '2026-06-03');
                """);
        }

        using var db = new TempDatabase();
        using var holder = db.Open();
        var extractor = new Extractor(db.ConnectionString, RetryPolicy.Default, TimeProvider.System, NullLogger.Instance);
        var table = new SourceTableOptions { Name = "extract_types", Key = "id", ChangeColumn = "changed" };
        var all = await extractor.ExtractAsync([PostgresSource(table)], new Dictionary<(string, string), string>(), false, 1, DateTime.MaxValue, null, CancellationToken.None);

        Assert.That(all.Single().Rows, Is.EqualTo(3));
        Assert.That(all.Single().Watermark, Is.EqualTo("2026-06-03 00:00:00"));
        Assert.That(holder.Scalar("""
            SELECT string_agg(concat_ws('|', id, i, s, b, d, r, n, ts, epoch(tz)::BIGINT, day, t, v, c), ' / ' ORDER BY id) FROM staging.core_extract_types
            """), Is.EqualTo("1|2147483647|-32768|true|1.5|2.25|12345678.91|2026-06-30 23:59:59.123456|1782792000|2026-06-30|張三 丰|芙蓉支行|ABC / 2 / 3|-1|0|false|0.0|0.0|-0.01|1900-01-01 00:00:00|0|1900-01-01||x|y  "));
        Assert.That(holder.Scalar("SELECT typeof(n) || ' ' || typeof(day) || ' ' || typeof(tz) || ' ' || typeof(i) FROM staging.core_extract_types LIMIT 1"),
            Is.EqualTo("DECIMAL(18,2) DATE TIMESTAMP INTEGER"), "timestamptz is staged as its UTC time, as the query path does");

        var since = await extractor.ExtractAsync([PostgresSource(table)], new Dictionary<(string, string), string> { [("core", "extract_types")] = "2026-06-02 00:00:00" },
            false, 2, DateTime.MaxValue, null, CancellationToken.None);
        Assert.That(since.Single().Rows, Is.EqualTo(2), "rows at or after the watermark, through COPY");
    }

    [Test]
    public async Task Postgres_table_with_a_type_copy_cannot_decode_is_read_by_query()
    {
        using (var pg = Postgres())
        {
            pg.Execute("""
                DROP TABLE IF EXISTS extract_other;
                CREATE TABLE extract_other (id bigint, tags jsonb, ref uuid, changed timestamp);
                INSERT INTO extract_other VALUES (1, '{"tier": "金卡"}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '2026-06-01'), (2, NULL, NULL, '2026-06-02');
                """);
        }

        using var db = new TempDatabase();
        using var holder = db.Open();
        var extractor = new Extractor(db.ConnectionString, RetryPolicy.Default, TimeProvider.System, NullLogger.Instance);
        var table = new SourceTableOptions { Name = "extract_other", Key = "id", ChangeColumn = "changed" };
        var extracts = await extractor.ExtractAsync([PostgresSource(table)],
            new Dictionary<(string, string), string>(), false, 1, DateTime.MaxValue, null, CancellationToken.None);
        Assert.That(extracts.Single().Rows, Is.EqualTo(2));
        Assert.That(holder.Scalar("SELECT tags || ' ' || ref FROM staging.core_extract_other WHERE id = 1"), Is.EqualTo("{\"tier\": \"金卡\"} a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));

        var since = await extractor.ExtractAsync([PostgresSource(table)], new Dictionary<(string, string), string> { [("core", "extract_other")] = "2026-06-02 00:00:00" },
            false, 2, DateTime.MaxValue, null, CancellationToken.None);
        Assert.That(since.Single().Rows, Is.EqualTo(1), "the watermark bound as a parameter on the query path");
    }

    [Test]
    public async Task A_night_from_the_servers_balances_and_an_unreachable_server_fails_it_cleanly()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"));
        var settings = SmallBank.Settings(0.01, seed: 11, outDir: outDir);
        await BankGenerator.RunAsync(settings, Targets.Parse("postgres,mariadb,sqlite,csv", embedded: false), ThrowAwayServers.Settings, _ => { }, CancellationToken.None);
        try
        {
            using var warehouse = new TempDatabase();
            var embedded = CrmwConfiguration.EtlOptions(CrmwConfiguration.Build()).WithSourcesIn(outDir) with { WarehouseConnectionString = warehouse.ConnectionString };
            var servers = embedded with { Sources = [.. embedded.Sources.Select(s => s.Name switch
            {
                "core" => OnServer(s, SourceProvider.Postgres, ThrowAwayServers.Settings.Postgres.ConnectionString("core_banking")),
                "cards" => OnServer(s, SourceProvider.MariaDb, ThrowAwayServers.Settings.MariaDb.ConnectionString("cards")),
                _ => s,
            })] };
            var asOf = (await GeneratorState.LoadAsync(outDir, CancellationToken.None)).CurrentDay;

            var night = await Runner(servers).RunAsync(new BatchRequest(false, "test", asOf), null, CancellationToken.None);
            Assert.That(night.Reconciliation.Values.All(r => r.Balances), Is.True);
            Assert.That(night.Extracts.Where(e => e.Source is "core" or "cards").Sum(e => e.Rows), Is.GreaterThan(40_000));
            using var check = warehouse.Open();
            var published = check.Scalar("SELECT count(*) || ' ' || sum(amount) FROM dw.fact_transaction");

            var deadPort = servers with { Sources = [.. servers.Sources.Select(s => s.Name == "core"
                ? s.With(connectionString: new NpgsqlConnectionStringBuilder(s.ConnectionString) { Port = 1, Timeout = 1 }.ConnectionString)
                : s)] };
            var error = Assert.ThrowsAsync<SourceUnavailableException>(() => Runner(deadPort).RunAsync(new BatchRequest(true, "test", asOf), null, CancellationToken.None))!;
            Assert.That(error.Message, Does.Contain("'core'").And.Contain("127.0.0.1:1"));
            Assert.That(check.Scalar("SELECT count(*) || ' ' || sum(amount) FROM dw.fact_transaction"), Is.EqualTo(published), "the previous night is still served");
            Assert.That(check.Scalar("SELECT status || ': ' || error FROM audit.batch ORDER BY batch_id DESC LIMIT 1"), Does.StartWith("failed: ").And.Contain("core"));
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    private static SourceOptions OnServer(SourceOptions source, string provider, string connectionString)
    {
        var copy = source.With(connectionString: connectionString);
        copy.Provider = provider;
        return copy;
    }

    private static BatchRunner Runner(EtlOptions options) =>
        new(options with { Schedule = new ScheduleOptions { RetryAttempts = 2, RetryFirstDelaySeconds = 0.05 } }, NightlyPipeline.Stages(TimeProvider.System), TimeProvider.System, NullLogger<BatchRunner>.Instance);
}
