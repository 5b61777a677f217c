using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Etl.Match;
using CrmWarehouse.Etl.Match.Eval;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Cli.Commands;

/// <summary>
/// `crmw match eval --scale S`: the generated bank (embedded sources, made if missing) loaded by the real nightly
/// batch into a scratch warehouse, and the batch's golden customers scored pairwise against the generator's
/// ground truth (which source record belongs to which person). The ETL itself never reads the ground truth.
/// </summary>
internal static class BankEvaluation
{
    public sealed record Outcome(double Scale, long Records, long GoldenCustomers, long Candidates, MatchQuality Quality, double MatchSeconds, double LoadSeconds);

    public static async Task<Outcome> RunAsync(double scale, EtlOptions configured, string scratch, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (scale is <= 0 or > 50)
        {
            throw new ArgumentException($"--scale {scale.ToString(System.Globalization.CultureInfo.InvariantCulture)} is out of range: give a size above 0 and at most 50 (1 = 100,000 people).");
        }

        var sources = Path.Combine(scratch, $"bank-{scale.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        if (!File.Exists(GeneratorState.PathIn(sources)))
        {
            var code = await CrmwCli.RunAsync(["generate", "--embedded", "--scale", scale.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", sources]).ConfigureAwait(false);
            if (code != 0)
            {
                throw new InvalidOperationException($"Generating the bank at scale {scale} into {sources} failed (exit code {code}).");
            }
        }

        var state = await GeneratorState.LoadAsync(sources, cancellationToken).ConfigureAwait(false);
        var warehouse = Path.Combine(scratch, $"bank-{scale.ToString(System.Globalization.CultureInfo.InvariantCulture)}.duckdb");
        File.Delete(warehouse);
        File.Delete(warehouse + ".wal");
        var options = configured.WithSourcesIn(sources) with { WarehouseConnectionString = $"Data Source={warehouse}" };
        var started = clock.GetTimestamp();
        var result = await new BatchRunner(options, NightlyPipeline.Stages(clock), clock, NullLogger<BatchRunner>.Instance)
            .RunAsync(new BatchRequest(Full: true, "match eval", state.CurrentDay), null, cancellationToken).ConfigureAwait(false);
        var loadSeconds = clock.GetElapsedTime(started).TotalSeconds;

        using var connection = new DuckDBConnection(options.WarehouseConnectionString);
        connection.Open();
        var quality = Score(connection, Path.Combine(sources, "ground_truth", "source_records.csv"), cancellationToken);
        return new Outcome(scale, connection.Count("SELECT count(*) FROM dw.customer_source_record", cancellationToken),
            result.StageRows.GetValueOrDefault("golden_customers"), connection.Count("SELECT count(*) FROM match.candidates", cancellationToken),
            quality, result.StageSeconds.GetValueOrDefault("match"), loadSeconds);
    }

    /// <summary>Pairwise precision and recall of the warehouse's clusters against the generator's record → person truth.</summary>
    public static MatchQuality Score(DuckDBConnection connection, string truthFile, CancellationToken cancellationToken)
    {
        connection.Execute($"""
            CREATE OR REPLACE TEMP TABLE bank_truth AS
            SELECT r.record_id, t.person_id AS entity
            FROM dw.customer_source_record r
            JOIN read_csv('{truthFile.Replace("'", "''", StringComparison.Ordinal)}', header = true, all_varchar = true) t
              ON r.record_id = CASE t.system WHEN 'legacy' THEN 'reference' ELSE t.system END || ':' || t.record_key
            """, cancellationToken);
        return MatchQuality.Measure(connection, "bank_truth", MatchMode.Dedupe, cancellationToken);
    }
}
