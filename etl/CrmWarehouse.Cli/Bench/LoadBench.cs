using System.Diagnostics;
using System.Globalization;
using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// `crmw bench load`: our extract + stage of every table of the configured PostgreSQL and MariaDB sources against a
/// reference pipeline in the same run, on the same tables: each table dumped to a file by the servers' own clients
/// (<c>psql \copy … TO … CSV</c>, <c>mariadb --batch</c>) and ingested with DuckDB's <c>read_csv</c>. Both sides run
/// the tables with the same parallelism (one per core) into their own scratch DuckDB file; the dump files count in
/// the reference's time and are deleted afterwards.
/// </summary>
internal sealed class LoadBench(IReadOnlyList<SourceOptions> sources, string workDirectory, IProgress<string> progress)
{
    /// <summary>Our extract+stage may take at most this multiple of the reference's time (issue #10, after the DuckDB.NET switch).</summary>
    public const double TargetRatio = 1.3;

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        // The sources whose server has a dump client of its own to compare against (PostgreSQL, MariaDB).
        var servers = sources.Where(s => s.Dialect.ClientDump(s, "probe", "probe") is not null).ToList();
        if (servers.Count == 0)
        {
            throw new InvalidOperationException(
                "bench load compares against the servers' own dump tools, but no PostgreSQL or MariaDB source is configured. "
                + "Run it with the server sources: ./crmw sources up, then CRMW_ENVIRONMENT=Servers (see README).");
        }

        Directory.CreateDirectory(workDirectory);
        // Both sides take the tables biggest first, by the servers' own row estimates.
        var sizes = await SizesAsync(servers, cancellationToken).ConfigureAwait(false);
        var tables = Extractor.Ordered(servers, sizes);
        var report = new BenchReport("load");
        report.Add("tables", tables.Count);

        progress.Report($"ours: extract + stage of {tables.Count} tables from {string.Join(", ", servers.Select(s => $"{s.Name} ({s.Provider})"))}");
        var oursPath = FreshDatabase("bench-load-ours.duckdb");
        using var oursWarehouse = new DuckDBConnection($"Data Source={oursPath}");
        oursWarehouse.Open();
        var extractor = new Extractor($"Data Source={oursPath}", RetryPolicy.Default, TimeProvider.System, NullLogger.Instance);
        var clock = Stopwatch.StartNew();
        var extracts = await extractor.ExtractAsync(servers, new Dictionary<(string, string), string>(), full: true, batchId: 1, DateTime.MaxValue, null, cancellationToken, sizes).ConfigureAwait(false);
        var oursSeconds = clock.Elapsed.TotalSeconds;
        var rows = extracts.Sum(e => e.Rows);

        progress.Report("reference: psql \\copy / mariadb --batch to files, then DuckDB read_csv");
        var referencePath = FreshDatabase("bench-load-reference.duckdb");
        var dumpDirectory = Path.Combine(workDirectory, "bench-load-dumps");
        Directory.CreateDirectory(dumpDirectory);
        var referenceRows = new long[tables.Count];
        var dumpSeconds = new double[tables.Count];
        clock.Restart();
        try
        {
            using (var reference = new DuckDBConnection($"Data Source={referencePath}"))
            {
                reference.Open();
                reference.Execute("CREATE SCHEMA reference", cancellationToken);
            }

            await Parallel.ForEachAsync(
                Enumerable.Range(0, tables.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                async (i, token) =>
                {
                    var (source, table) = tables[i];
                    var file = Path.Combine(dumpDirectory, $"{source.Name}_{table.Name}.dump");
                    var dumpClock = Stopwatch.StartNew();
                    var dump = source.Dialect.ClientDump(source, table.Name, file)!;
                    await DumpAsync(dump, source, table, file, token).ConfigureAwait(false);
                    dumpSeconds[i] = dumpClock.Elapsed.TotalSeconds;
                    using var reference = new DuckDBConnection($"Data Source={referencePath}");
                    reference.Open();
                    reference.Execute($"CREATE TABLE reference.\"{source.Name}_{table.Name}\" AS SELECT * FROM {dump.ReadCsv}", token);
                    referenceRows[i] = reference.Count($"SELECT count(*) FROM reference.\"{source.Name}_{table.Name}\"", token);
                    File.Delete(file);
                }).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(dumpDirectory, recursive: true);
        }

        var referenceSeconds = clock.Elapsed.TotalSeconds;
        for (var i = 0; i < tables.Count; i++)
        {
            var (source, table) = tables[i];
            var ours = extracts.Single(e => e.Source == source.Name && e.Table == table.Name);
            if (ours.Rows != referenceRows[i])
            {
                throw new InvalidOperationException($"{source.Name}.{table.Name}: we staged {ours.Rows:N0} rows, the reference {referenceRows[i]:N0}; the comparison would be unfair.");
            }

            report.Add($"{source.Name}.{table.Name}_rows", ours.Rows);
            report.AddSeconds($"{source.Name}.{table.Name}_ours_s", ours.Duration.TotalSeconds);
            report.AddSeconds($"{source.Name}.{table.Name}_reference_dump_s", dumpSeconds[i]);
        }

        report.Add("rows", rows);
        report.AddSeconds("ours_s", oursSeconds);
        report.AddSeconds("reference_s", referenceSeconds);
        report.AddRate("ours_rows_per_s", rows, oursSeconds);
        report.AddRate("reference_rows_per_s", rows, referenceSeconds);
        report.Add("ratio_ours_vs_reference", Math.Round(oursSeconds / referenceSeconds, 3));
        report.Add("target_ratio", TargetRatio);
        oursWarehouse.Close();
        File.Delete(oursPath);
        File.Delete(referencePath);
        return report;
    }

    /// <summary>Each table's row estimate from the server's statistics (pg_class.reltuples, information_schema.tables.table_rows).</summary>
    private static async Task<Dictionary<(string Source, string Table), long>> SizesAsync(IReadOnlyList<SourceOptions> servers, CancellationToken cancellationToken)
    {
        var sizes = new Dictionary<(string, string), long>();
        foreach (var source in servers)
        {
            if (source.Dialect.RowEstimatesSql is not { } estimates)
            {
                continue;
            }

            var connection = source.Dialect.Connect(source.ResolvedConnectionString());
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                using var command = connection.CreateCommand();
                command.CommandText = estimates;
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    sizes[(source.Name, reader.GetString(0))] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
                }
            }
        }

        return sizes;
    }

    private string FreshDatabase(string name)
    {
        var path = Path.Combine(workDirectory, name);
        File.Delete(path);
        File.Delete(path + ".wal");
        return path;
    }

    private static async Task DumpAsync(ClientDump dump, SourceOptions source, SourceTableOptions table, string file, CancellationToken cancellationToken)
    {
        var start = dump.Start;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        if (dump.WritesToStandardOutput)
        {
            var output = File.Create(file);
            await using (output.ConfigureAwait(false))
            {
                await process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }
        }

        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{start.FileName} could not dump {source.Name}.{table.Name} (exit code {process.ExitCode}): {(await errors.ConfigureAwait(false)).Trim()}");
        }
    }
}
