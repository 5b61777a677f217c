using CrmWarehouse.Warehouse.Batch;
using CrmWarehouse.Warehouse.DuckDb;
using CrmWarehouse.Warehouse.Marts;
using CrmWarehouse.Warehouse.Schema;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Mining.Stage;

/// <summary>
/// The mining stage on the warehouse (DESIGN.md §2 step 6): scores every customer as of a business date and writes the
/// mart tables of that date, replacing what an earlier run of the same date wrote, then writes the key scores back to
/// dw.dim_customer as SCD2 attributes. Everything happens in one transaction: a failure leaves the marts and the
/// dimension as they were, and is recorded in mart.mining_run.
/// </summary>
public sealed partial class MiningStage(MiningOptions options, TimeProvider clock, ILogger logger)
{
    public MiningRun Run(DuckDBConnection warehouse, DateOnly? asOf, string trigger, long? batchId, CancellationToken cancellationToken)
    {
        options.Validated();
        var date = asOf ?? PublishedAsOf.Latest(warehouse)
            ?? throw new InvalidOperationException("The warehouse has no published batch yet: load it first (crmw load), then mine.");
        var runId = warehouse.Count("SELECT nextval('mart.mining_run_seq')", cancellationToken);
        var started = clock.GetUtcNow();
        LogStarting(runId, date, trigger, batchId);
        var steps = new StepRunner();
        var seconds = steps.Seconds;
        var headline = new Dictionary<string, double>(StringComparer.Ordinal);
        try
        {
            using (var transaction = warehouse.BeginTransaction())
            {
                var sql = new MiningSql(warehouse, date, options);
                foreach (var (name, step) in Steps())
                {
                    steps.Run(name, ct => step(sql, headline, ct), cancellationToken);
                }

                Record(warehouse, runId, date, batchId, trigger, "published", (started, clock.GetUtcNow()), seconds, headline, null, cancellationToken);
                transaction.Commit();
            }

            LogPublished(runId, date, seconds.Values.Sum());
            return new MiningRun(runId, date, seconds, headline);
        }
        catch (Exception e) when (e is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var reason = $"step {steps.Current}: {e.GetType().Name}: {e.Message}";
            LogFailed(runId, date, batchId, reason);
            RecordFailure(warehouse, runId, date, batchId, trigger, started, seconds, reason);
            throw new MiningFailedException($"Mining as of {date:yyyy-MM-dd} failed in step {steps.Current}; the marts are as they were: {e.Message}", e);
        }
    }

    private IEnumerable<(string Name, Action<MiningSql, Dictionary<string, double>, CancellationToken> Step)> Steps() =>
    [
        ("prepare", (sql, _, ct) => Prepare(sql, ct)),
        ("profitability", Profitability),
        ("contribution", (sql, _, ct) => sql.Run("contribution", ct)),
        ("loyalty", (sql, _, ct) => sql.Run("loyalty", ct)),
        ("rfm", Rfm),
        ("clv", Clv),
        ("churn", Churn),
        ("rules", Rules),
        ("segments", Segments),
        ("tree", Tree),
        ("outliers", Outliers),
        ("customer_value", CustomerValue),
        ("profile", (sql, h, ct) => Profile(sql, ProfileGroup.Default, h, ct)),
        ("write_back", WriteBack),
        ("cleanup", (sql, _, ct) => sql.Execute(WorkTable.DropAll(sql.Warehouse, ct), ct)),
    ];

    private static void Prepare(MiningSql sql, CancellationToken cancellationToken)
    {
        foreach (var table in MartTables.KeyedByAsOf(sql.Warehouse, cancellationToken))
        {
            sql.Execute($"DELETE FROM mart.{table} WHERE as_of = $as_of", cancellationToken);
        }

        sql.Run("base", cancellationToken);
        if (sql.Warehouse.Count("SELECT count(*) FROM m_customer", cancellationToken) == 0)
        {
            throw new InvalidOperationException($"No customer had an account opened on or before {sql.AsOf:yyyy-MM-dd}: nothing to mine.");
        }
    }

    private static void Record(DuckDBConnection warehouse, long runId, DateOnly asOf, long? batchId, string trigger, string status,
        (DateTimeOffset Started, DateTimeOffset Finished) times, Dictionary<string, double> seconds, Dictionary<string, double> headline, string? error, CancellationToken cancellationToken)
    {
        // Stays SQL (the reads are LINQ over MiningRunRecord): step_seconds and headline are DuckDB MAPs, which
        // linq2db's DuckDB provider cannot bind, and one INSERT keeps the row whole.
        warehouse.Execute($"""
            INSERT INTO mart.mining_run VALUES ($run, $as_of, $batch, $trigger, $status, $started, $finished, {MapLiteral(seconds)}, {MapLiteral(headline)}, $error)
            """, cancellationToken,
            ("run", runId), ("as_of", asOf), ("batch", batchId), ("trigger", trigger), ("status", status), ("started", times.Started), ("finished", times.Finished), ("error", error));
    }

    /// <summary>A MAP(VARCHAR, DOUBLE) literal of figures named by the stage itself (never user input); non-finite values are left out.</summary>
    private static string MapLiteral(Dictionary<string, double> values) =>
        "MAP {" + string.Join(", ", values.Where(v => double.IsFinite(v.Value))
            .Select(v => $"'{v.Key.Replace("'", "''", StringComparison.Ordinal)}': {v.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}::DOUBLE")) + "}";

    private void RecordFailure(DuckDBConnection warehouse, long runId, DateOnly asOf, long? batchId, string trigger, DateTimeOffset started,
        Dictionary<string, double> seconds, string reason)
    {
        try
        {
            Record(warehouse, runId, asOf, batchId, trigger, "failed", (started, clock.GetUtcNow()), seconds, [], reason, CancellationToken.None);
        }
        catch (Exception e) when (e.DuckDbErrorType() is not null)
        {
            LogFailureNotRecorded(runId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mining run {RunId} as of {AsOf} starting (trigger {Trigger}, batch {BatchId})")]
    private partial void LogStarting(long runId, DateOnly asOf, string trigger, long? batchId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mining run {RunId} as of {AsOf} published in {Seconds:0.0} s")]
    private partial void LogPublished(long runId, DateOnly asOf, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mining run {RunId} as of {AsOf} (batch {BatchId}) failed; the marts are unchanged: {Reason}")]
    private partial void LogFailed(long runId, DateOnly asOf, long? batchId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mining run {RunId}: the failure could not be recorded in mart.mining_run: {Reason}")]
    private partial void LogFailureNotRecorded(long runId, string reason);
}
