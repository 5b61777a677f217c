using System.Globalization;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Warehouse.Audit;
using DuckDB.NET.Data;
using Spectre.Console;

namespace CrmWarehouse.Cli.Commands;

/// <summary>What a batch did, as a person reads it: rows per source table, rejects by rule, customers, seconds per stage.</summary>
internal static class LoadSummary
{
    public static void Print(BatchResult result, string warehouse, IAnsiConsole console)
    {
        console.MarkupLine($"[bold]Batch {result.BatchId} published[/]");
        var rows = new Table().Border(TableBorder.Rounded).Title("rows per source table")
            .AddColumn("source.table").AddColumns(Numbers("extracted", "loaded", "rejected", "merged"));
        foreach (var ((source, table), counts) in result.Reconciliation.OrderBy(r => r.Key.Source).ThenBy(r => r.Key.Table))
        {
            rows.AddRow($"{source}.{table}", N(counts.Extracted), N(counts.Loaded), N(counts.Rejected), N(counts.Merged));
        }

        console.Write(rows);

        using var connection = new DuckDBConnection(warehouse);
        connection.Open();
        var rules = new Table().Border(TableBorder.Rounded).Title("failed rules (audit.rejects)")
            .AddColumn("source.table").AddColumn("rule").AddColumn("action").AddColumn(new TableColumn("rows").RightAligned());
        using (var audit = WarehouseData.Over(connection))
        {
            var failed = from r in audit.Rejects
                         where r.BatchId == result.BatchId
                         group r by new { r.Source, r.TableName, r.Rule, r.Action } into rule
                         orderby rule.Key.Source, rule.Key.TableName, rule.Count() descending
                         select new { rule.Key.Source, rule.Key.TableName, rule.Key.Rule, rule.Key.Action, Rows = rule.LongCount() };
            foreach (var rule in failed)
            {
                rules.AddRow($"{rule.Source}.{rule.TableName}", rule.Rule, rule.Action ?? string.Empty, N(rule.Rows));
            }
        }

        console.Write(rules);
        var stages = new Table().Border(TableBorder.Rounded).Title("seconds per stage").AddColumn("stage").AddColumn(new TableColumn("seconds").RightAligned());
        foreach (var (stage, seconds) in result.StageSeconds)
        {
            stages.AddRow(stage, seconds.ToString("0.00", CultureInfo.InvariantCulture));
        }

        console.Write(stages);
        console.MarkupLine(string.Join("  ", result.StageRows.Where(r => r.Value != 0).Select(r => $"{r.Key}=[bold]{N(r.Value)}[/]")));
    }

    /// <summary>The line after the summary: how the mining stage after the load went.</summary>
    public static string MiningLine(CrmWarehouse.Mining.Stage.MiningRun? run) => run is not null
        ? $"mining as of {run.AsOf:yyyy-MM-dd}: {run.TotalSeconds:F1} s (crmw mine all --as-of {run.AsOf:yyyy-MM-dd} prints it)"
        : "mining: failed after the load (the load is published; the reason is in the log and in mart.mining_run).";

    private static TableColumn[] Numbers(params string[] names) => names.Select(n => new TableColumn(n).RightAligned()).ToArray();

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
