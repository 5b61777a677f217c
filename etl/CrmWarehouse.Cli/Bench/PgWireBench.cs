using System.Diagnostics;
using CrmWarehouse.Bank.LocalServers;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.Http;
using CrmWarehouse.Serving.PgWire.Session;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Warehouse.DuckDb;
using CrmWarehouse.Warehouse.Schema;
using DuckDB.NET.Data;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// Our PostgreSQL wire protocol against a real PostgreSQL 15, same run, same 1,000,000 × 4-column table (bigint, text,
/// numeric, date): psql printing a SELECT to /dev/null, psql \copy to /dev/null, an Npgsql read loop; then SCRAM
/// connection time and 64 concurrent connections each running a cube query's SQL.
/// </summary>
internal sealed class PgWireBench(string warehousePath, CubeCatalog catalog, ILocalServer postgres, PostgresSettings settings, string scratch, IProgress<string> progress)
{
    private const int Rows = 1_000_000;
    private const string Database = "pgwire_bench";
    private const string Password = "bench-password";
    private const string Psql = "/usr/lib/postgresql/15/bin/psql";
    private const int Connects = 200;
    private const int Concurrent = 64;

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var report = new BenchReport("pgwire");
        var copy = PrepareDuckDb();
        await PreparePostgresAsync(cancellationToken).ConfigureAwait(false);

        // The server as `crmw serve` builds it (sandbox, users, role views, parse-tree gate, audit), on free ports, with
        // one admin user in the copy's own user store (the table is in dw, which admin's views and scope cover).
        var options = new ServingOptions { Urls = "http://127.0.0.1:0", Limits = new ServingLimits { QueryTimeoutSeconds = 600 } };
        options.PgWire.Enabled = true;
        options.PgWire.Port = 0;
        var roles = RoleCatalog.Load(CrmWarehouse.Warehouse.CrmwPaths.Roles);
        var users = UserDirectory.ForWarehouse(copy);
        users.Remove("bench");
        users.Add("bench", roles.Get("admin"), [], Password);
        var connectionString = $"Data Source={copy}";
        await using var app = ServingHost.Build(options, catalog, roles, connectionString);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var endpoint = app.Services.GetRequiredService<PgWireService>().Endpoint!;
        var ours = new Target("ours", endpoint.Port, "bench", Password, "warehouse", "dw.bench_rows");
        var theirs = new Target("postgresql", settings.Port, settings.User, settings.Password, Database, "t");

        foreach (var target in new[] { theirs, ours })
        {
            progress.Report($"{target.Name}: psql SELECT of {Rows:N0} rows");
            report.AddSeconds($"{target.Name}_psql_select_s", await PsqlAsync(target, $"SELECT * FROM {target.Table}", cancellationToken).ConfigureAwait(false));
            progress.Report($"{target.Name}: psql \\copy");
            report.AddSeconds($"{target.Name}_psql_copy_s", await PsqlAsync(target, $"\\copy (SELECT * FROM {target.Table}) to /dev/null", cancellationToken).ConfigureAwait(false));
            progress.Report($"{target.Name}: Npgsql read loop");
            report.AddSeconds($"{target.Name}_npgsql_read_s", await ReadLoopAsync(target, cancellationToken).ConfigureAwait(false));
            progress.Report($"{target.Name}: {Connects} SCRAM connections");
            report.Add($"{target.Name}_connect_p50_ms", Math.Round(await ConnectP50Async(target, cancellationToken).ConfigureAwait(false), 2));
        }

        foreach (var figure in new[] { "psql_select", "psql_copy", "npgsql_read" })
        {
            report.Add($"ratio_{figure}", Math.Round(Figure(report, $"ours_{figure}_s") / Figure(report, $"postgresql_{figure}_s"), 2));
        }

        progress.Report($"{Concurrent} concurrent connections, each a cube query");
        var (seconds, errors) = await ConcurrentCubeQueriesAsync(ours, connectionString, cancellationToken).ConfigureAwait(false);
        report.AddSeconds("concurrent64_cube_s", seconds);
        report.Add("concurrent64_errors", errors);
        return report;
    }

    private static double Figure(BenchReport report, string name) =>
        double.Parse(report.SummaryLine.Split(' ').Single(f => f.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A scratch copy of the warehouse (the cubes' data) with the benchmark table added; the real one is never written.</summary>
    private string PrepareDuckDb()
    {
        Directory.CreateDirectory(scratch);
        var copy = Path.Combine(scratch, "pgwire-bench.duckdb");
        File.Delete(copy);
        File.Delete(copy + ".wal");
        if (File.Exists(warehousePath))
        {
            progress.Report($"copying {warehousePath} to {copy}");
            File.Copy(warehousePath, copy);
        }

        using var connection = new DuckDBConnection($"Data Source={copy}");
        connection.Open();
        new Migrator(connection).Migrate();
        progress.Report($"DuckDB: dw.bench_rows with {Rows:N0} rows");
        connection.Execute($"""
            CREATE OR REPLACE TABLE dw.bench_rows AS
            SELECT range AS id, 'customer ' || range AS name, ((range % 100000) / 100.0)::DECIMAL(18,2) AS amount,
                   (DATE '2020-01-01' + (range % 3000)::INTEGER) AS day
            FROM range(1, {Rows + 1});
            CHECKPOINT;
            """, CancellationToken.None);
        return copy;
    }

    private async Task PreparePostgresAsync(CancellationToken cancellationToken)
    {
        progress.Report("PostgreSQL 15: starting and loading the same table");
        await postgres.StartAsync(cancellationToken).ConfigureAwait(false);
        await using (var admin = new NpgsqlConnection(settings.ConnectionString("postgres")))
        {
            await admin.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var exists = new NpgsqlCommand($"SELECT count(*) FROM pg_database WHERE datname = '{Database}'", admin);
            if ((long)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0)
            {
                await new NpgsqlCommand($"CREATE DATABASE {Database}", admin).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await using var connection = new NpgsqlConnection(settings.ConnectionString(Database));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var load = new NpgsqlCommand($"""
            DROP TABLE IF EXISTS t;
            CREATE TABLE t AS
            SELECT g::bigint AS id, 'customer ' || g AS name, ((g % 100000) / 100.0)::numeric(18,2) AS amount,
                   DATE '2020-01-01' + (g % 3000)::int AS day
            FROM generate_series(1, {Rows}) g;
            """, connection);
        await load.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE t", connection);
        await vacuum.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<double> PsqlAsync(Target target, string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Psql) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-X", "-q", "-h", "127.0.0.1", "-p", target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", target.User, "-d", target.Database, "-c", command })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = target.Password;
        start.Environment["PGSSLMODE"] = "disable";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        // Read stdout as psql writes it, as a redirect to /dev/null would take it, counting nothing.
        var drain = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await drain.ConfigureAwait(false);
        var seconds = watch.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql against {target.Name} failed: {await errors.ConfigureAwait(false)}");
        }

        return seconds;
    }

    private static async Task<double> ReadLoopAsync(Target target, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        await using var command = new NpgsqlCommand($"SELECT id, name, amount, day FROM {target.Table}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long sum = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sum += reader.GetInt64(0) + reader.GetString(1).Length + (long)reader.GetDecimal(2) + reader.GetFieldValue<DateOnly>(3).Day;
        }

        return sum > 0 ? watch.Elapsed.TotalSeconds : throw new InvalidOperationException($"{target.Name} returned no rows.");
    }

    private static async Task<double> ConnectP50Async(Target target, CancellationToken cancellationToken)
    {
        var times = new List<double>(Connects);
        for (var i = 0; i < Connects; i++)
        {
            var watch = Stopwatch.StartNew();
            await using var connection = new NpgsqlConnection(target.ConnectionString + ";Server Compatibility Mode=NoTypeLoading");
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>64 connections at once, each running the SQL the cube compiler makes for a cube query (first measure by first level).</summary>
    private async Task<(double Seconds, long Errors)> ConcurrentCubeQueriesAsync(Target target, string connectionString, CancellationToken cancellationToken)
    {
        var cube = catalog.Cubes[0];
        var query = new CubeQuery { Measures = [cube.Measures[0].Name], By = [cube.Dimensions[0].Levels[0].Id] };
        string sql;
        using (var connection = new DuckDBConnection(connectionString))
        {
            connection.Open();
            sql = new CubeCompiler().Compile(cube, query, connection).Sql;
        }

        long errors = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(async _ =>
        {
            try
            {
                await using var connection = new NpgsqlConnection(target.ConnectionString);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var command = new NpgsqlCommand(sql, connection);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                }
            }
            catch (NpgsqlException e)
            {
                progress.Report($"cube query failed: {e.Message}");
                Interlocked.Increment(ref errors);
            }
        })).ConfigureAwait(false);
        return (watch.Elapsed.TotalSeconds, errors);
    }

    private sealed record Target(string Name, int Port, string User, string Password, string Database, string Table)
    {
        public string ConnectionString =>
            $"Host=127.0.0.1;Port={Port};Username={User};Password={Password};Database={Database};Pooling=false;SSL Mode=Disable;Timeout=60;Command Timeout=0";
    }
}
