using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace CrmWarehouse.Etl.Load;

/// <summary>
/// A stage written in SQL: an embedded script run with the batch id as <c>$batch</c> and the business date as <c>$as_of</c>. The script reports what it did
/// with each source table's rows into the temp table <c>stage_accounting(source, table_name, loaded, rejected,
/// merged)</c>, so the counts come from where the data is. The stage runs only when the staging tables it reads exist
/// (their source is configured and was extracted). Which those are is read from the script itself, the one place that
/// names them.
/// </summary>
internal sealed partial class SqlStage(string name, string script) : IBatchStage
{
    public string Name { get; } = name;

    /// <summary>
    /// The <c>staging.*</c> tables the script reads (named outside its comments), in the order it names them first; not
    /// <c>staging.prepared.*</c>, which the batch's own prepare stages make.
    /// </summary>
    public IReadOnlyList<string> StagingTables { get; } = [.. StagingName().Matches(Comment().Replace(Scripts.Read(script).Text, string.Empty))
        .Select(m => m.Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal)];

    /// <inheritdoc />
    public StagePhase Phase { get; init; } = StagePhase.Publish;

    /// <summary>A further condition for running, beyond the staging tables being there.</summary>
    public Func<BatchContext, bool> RunsWhen { get; init; } = _ => true;

    /// <summary>What runs after the script, on what it prepared (the customer-history writer after the customer load).</summary>
    public Action<DuckDBConnection, CancellationToken>? Then { get; init; }

    /// <summary>True when tonight's batch extracted every staging table the script reads and <see cref="RunsWhen"/> holds.</summary>
    public bool Runs(BatchContext context)
    {
        var present = context.Extracts.Select(e => e.StagingTable).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return StagingTables.All(present.Contains) && RunsWhen(context);
    }

    public void Run(BatchContext context, CancellationToken cancellationToken)
    {
        if (!Runs(context))
        {
            return;
        }

        var warehouse = context.Warehouse;
        warehouse.Execute("CREATE OR REPLACE TEMP TABLE stage_accounting (source VARCHAR, table_name VARCHAR, loaded BIGINT, rejected BIGINT, merged BIGINT)", cancellationToken);
        ExecuteTimed(warehouse, Scripts.Read(script), context, cancellationToken);
        Then?.Invoke(warehouse, cancellationToken);
        using var command = warehouse.CreateCommand();
        command.CommandText = "SELECT source, table_name, sum(loaded), sum(rejected), sum(merged) FROM stage_accounting GROUP BY ALL";
        using var reader = command.ExecuteReader();
        long rows = 0;
        while (reader.Read())
        {
            var loaded = reader.GetInt64(2);
            context.Account(reader.GetString(0), reader.GetString(1), loaded, reader.GetInt64(3), reader.GetInt64(4));
            rows += loaded;
        }

        context.StageRows[Name] = context.StageRows.GetValueOrDefault(Name) + rows;
    }

    /// <summary>Runs the stage's script; at Debug level each statement's duration is logged, for profiling.</summary>
    private void ExecuteTimed(DuckDBConnection warehouse, SqlScript script, BatchContext context, CancellationToken cancellationToken)
    {
        Action<StatementTiming>? timed = context.Logger.IsEnabled(LogLevel.Debug)
            ? e => context.Logger.LogDebug("Stage {Stage}: {Script} statement {Statement} of {Statements} took {Seconds:F2} s", Name, script.Name, e.Number, e.Count, e.Elapsed.TotalSeconds)
            : null;
        script.Run(warehouse, Parameters(context), cancellationToken, timed);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bstaging\.(?!prepared\.)[A-Za-z0-9_]+", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex StagingName();

    [System.Text.RegularExpressions.GeneratedRegex("--[^\n]*")]
    private static partial System.Text.RegularExpressions.Regex Comment();

    /// <summary>What every stage script may name: <c>$batch</c> (batch id) and <c>$as_of</c> (the batch's business date).</summary>
    private static (string Name, object? Value)[] Parameters(BatchContext context) => [("batch", context.BatchId), ("as_of", context.AsOf)];
}

/// <summary>The SQL scripts embedded beside the code that runs them (Load/Sql/*.sql).</summary>
internal static class Scripts
{
    public static SqlScript Read(string name) => SqlScript.From(typeof(Scripts).Assembly, $"Sql/{name}.sql");
}
