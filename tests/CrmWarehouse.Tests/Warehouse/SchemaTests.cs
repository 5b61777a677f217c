using CrmWarehouse.Etl.Clean;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Warehouse.Schema;
using DuckDB.NET.Data;

namespace CrmWarehouse.Tests.Warehouse;

public sealed class SchemaTests
{
    [Test]
    public void Migrations_apply_once_and_are_recorded()
    {
        using var db = new TempDatabase();
        using var connection = db.Open();
        var first = new Migrator(connection).Migrate();
        Assert.That(first.Select(m => m.Version), Is.EqualTo(Enumerable.Range(1, Migration.All.Count)));
        Assert.That(new Migrator(connection).Migrate(), Is.Empty, "nothing left to apply");
        Assert.That(connection.Scalar("SELECT count(*) FROM audit.schema_version"), Is.EqualTo((long)Migration.All.Count));
    }

    [Test]
    public void Star_schema_has_every_table_of_the_design_with_unknown_members()
    {
        using var connection = Migrated();
        string[] tables = ["dim_date", "dim_customer", "dim_product", "dim_channel", "dim_branch", "dim_account",
            "fact_transaction", "fact_balance_month", "fact_account_event", "fact_interaction"];
        foreach (var table in tables)
        {
            Assert.That(connection.Scalar($"SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'dw' AND table_name = '{table}'"), Is.EqualTo(1L), table);
        }

        foreach (var (table, key) in new[] { ("dim_customer", "customer_key"), ("dim_product", "product_key"), ("dim_channel", "channel_key"), ("dim_branch", "branch_key"), ("dim_account", "account_key"), ("dim_date", "date_key") })
        {
            Assert.That(connection.Scalar($"SELECT count(*) FROM dw.{table} WHERE {key} = 0"), Is.EqualTo(1L), $"unknown member of {table}");
        }
    }

    [Test]
    public void Calendar_marks_weekends_month_ends_and_prc_holidays()
    {
        using var connection = Migrated();
        Assert.That(connection.Scalar("SELECT holiday_name FROM dw.dim_date WHERE date = DATE '2024-02-10'"), Is.EqualTo("春节 Spring Festival"));
        Assert.That(connection.Scalar("SELECT is_holiday FROM dw.dim_date WHERE date = DATE '2024-02-09'"), Is.True, "Spring Festival eve");
        Assert.That(connection.Scalar("SELECT count(*) FROM dw.dim_date WHERE year = 2025 AND holiday_name LIKE '%National Day%'"), Is.EqualTo(7L), "Mid-Autumn 2025 falls inside National Day and is named too");
        Assert.That(connection.Scalar("SELECT is_weekend FROM dw.dim_date WHERE date_key = 20261122"), Is.True, "a Sunday");
        Assert.That(connection.Scalar("SELECT month_end FROM dw.dim_date WHERE date_key = 20240229"), Is.True);
        Assert.That(connection.Scalar("SELECT count(*) FROM dw.dim_date WHERE date_key <> 0"), Is.EqualTo(7670L), "2015-01-01 … 2035-12-31");
    }

    [Test]
    public void Edited_migration_is_refused()
    {
        using var db = new TempDatabase();
        using var connection = db.Open();
        new Migrator(connection).Migrate();
        connection.Exec("UPDATE audit.schema_version SET checksum = 'x' WHERE version = 2");
        var error = Assert.Throws<InvalidOperationException>(() => new Migrator(connection).Migrate())!;
        Assert.That(error.Message, Does.Contain("0002_dimensions").And.Contain("changed after it was applied"));
    }

    [Test]
    public void A_warehouse_that_applied_the_cleaning_macros_before_they_moved_is_current()
    {
        using var db = new TempDatabase();
        using var connection = db.Open();
        new Migrator(connection).Migrate();
        var moved = Migration.All.Single(m => m.Version == 5);
        var former = moved.Replaces.Single();
        connection.Exec($"UPDATE audit.schema_version SET checksum = '{former}' WHERE version = 5");
        Assert.That(new Migrator(connection).Migrate(), Is.Empty, "the earlier text of 0005 is accepted, not taken for an edit");
        connection.Exec("UPDATE audit.schema_version SET checksum = 'x' WHERE version = 5");
        Assert.Throws<InvalidOperationException>(() => new Migrator(connection).Migrate(), "any other text is still an edit");
    }

    [Test]
    public void The_cleaning_rules_are_applied_once_and_again_when_their_text_changes()
    {
        using var db = new TempDatabase();
        using var connection = db.Open();
        new Migrator(connection).Migrate();
        Assert.That(connection.Scalar("SELECT count(*) FROM duckdb_functions() WHERE schema_name = 'clean'"), Is.EqualTo(0L), "the rules come with the batch's migration");

        new Migrator(connection, CleaningRules.Script).Migrate();
        Assert.That(connection.Scalar("SELECT clean.phone('+86 138-0013-8000')"), Is.EqualTo("13800138000"));
        var applied = connection.Scalar("SELECT applied_at FROM audit.schema_repeatable");
        new Migrator(connection, CleaningRules.Script).Migrate();
        Assert.That(connection.Scalar("SELECT applied_at FROM audit.schema_repeatable"), Is.EqualTo(applied), "unchanged text is not run again");

        connection.Exec("UPDATE audit.schema_repeatable SET checksum = 'an older text'");
        connection.Exec("CREATE OR REPLACE MACRO clean.phone(p) AS 'stale'");
        new Migrator(connection, CleaningRules.Script).Migrate();
        Assert.That(connection.Scalar("SELECT clean.phone('13800138000')"), Is.EqualTo("13800138000"), "a changed text is applied again");
    }

    [Test]
    public void No_cleaning_rule_is_defined_outside_the_cleaning_script()
    {
        var defining = Migration.All.Where(m => m.Sql.Contains("MACRO clean.", StringComparison.OrdinalIgnoreCase)).Select(m => m.Name);
        Assert.That(defining, Is.Empty);
        Assert.That(System.Text.RegularExpressions.Regex.Count(CleaningRules.Script.Text, "CREATE OR REPLACE MACRO clean\\."), Is.EqualTo(14));
    }

    internal static DuckDBConnection Migrated()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        new Migrator(connection, CleaningRules.Script).Migrate();
        return connection;
    }
}
