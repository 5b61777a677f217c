using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Cli.Commands;
using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Warehouse.Schema;

namespace CrmWarehouse.Tests.Batch;

/// <summary>What `crmw load` prints after a batch: the failed rules of that batch only, counted per rule and action.</summary>
public sealed class LoadSummaryTests
{
    [Test]
    public void Failed_rules_of_the_batch_are_counted_per_rule_and_action_most_first()
    {
        using var db = new TempDatabase();
        using (var connection = db.Open())
        {
            new Migrator(connection).Migrate();
            connection.Exec("""
                INSERT INTO audit.rejects (batch_id, source, table_name, source_key, rule, action) VALUES
                    (8, 'core', 'customers', 'C-1', 'phone_format', 'repaired'),
                    (8, 'core', 'customers', 'C-2', 'id_check_digit', 'rejected'),
                    (8, 'core', 'customers', 'C-3', 'id_check_digit', 'rejected'),
                    (7, 'core', 'customers', 'C-4', 'gender_code', 'repaired')
                """);
        }

        using var output = new StringWriter();
        var result = new BatchResult(8, new DateOnly(2026, 6, 30), Array.Empty<TableExtract>(), new Dictionary<(string, string), Reconciliation>(),
            new Dictionary<string, double>(), new Dictionary<string, long>());
        LoadSummary.Print(result, db.ConnectionString, CliConsole.For(output));

        var lines = output.ToString().Split('\n').Where(l => l.Contains("core.customers", StringComparison.Ordinal)).ToList();
        Assert.That(lines, Has.Count.EqualTo(2), "one line per rule and action of batch 8; batch 7's reject is not this batch's");
        Assert.That(lines[0], Does.Contain("id_check_digit").And.Contain("rejected").And.Contain(" 2 "));
        Assert.That(lines[1], Does.Contain("phone_format").And.Contain("repaired").And.Contain(" 1 "));
    }
}
