using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Cli.Commands;
using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Warehouse.DuckDb;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Tests.Pipeline;

/// <summary>
/// Rows deleted in a SQLite source, not updated (issue #15): a small table's keys are compared every batch, a big
/// one's when reconciliation is due; each delete is an event in audit.hard_delete and shows in the star schema (a
/// customer left without records is closed as SCD2, a deleted transaction leaves the facts; accounts, balances and
/// interactions: see <see cref="SourceDeleteScenario"/>), never kept silently.
/// </summary>
[NonParallelizable]
public sealed class HardDeleteTests
{
    private string _sources = null!;
    private DateOnly _businessDate;

    [SetUp]
    public async Task GenerateABank()
    {
        _sources = Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"));
        Assert.That(await CrmwCli.RunAsync(["generate", "--embedded", "--scale", "0.01", "--seed", "11", "--out", _sources]), Is.EqualTo(0));
        _businessDate = (await GeneratorState.LoadAsync(_sources, CancellationToken.None)).CurrentDay;
        Assert.That(_businessDate.DayOfWeek, Is.Not.EqualTo(DayOfWeek.Sunday), "not the scheduled reconciliation day, so that the flag decides");
    }

    [TearDown]
    public void Remove()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_sources, recursive: true);
    }

    [Test]
    public async Task A_customer_deleted_in_its_source_is_recorded_and_closed_and_a_deleted_transaction_leaves_once_keys_are_reconciled()
    {
        using var warehouse = new TempDatabase();
        await Batch(warehouse, reconcileKeys: false);
        string customerKey, transactionKey;
        long customerId;
        using (var connection = warehouse.Open())
        {
            // A customer known from one core record only: deleting that record leaves the golden customer with none.
            using var reader = connection.Reader(
                "SELECT customer_id, substr(source_ids[1], 6) FROM dw.dim_customer WHERE is_current AND len(source_ids) = 1 AND source_ids[1] LIKE 'core:%' ORDER BY customer_id LIMIT 1",
                CancellationToken.None);
            Assert.That(reader.Read(), Is.True);
            (customerId, customerKey) = (reader.GetInt64(0), reader.GetString(1));
            transactionKey = ((string)connection.Scalar("SELECT substr(min(transaction_id), 6) FROM dw.fact_transaction WHERE transaction_id LIKE 'core:%'")!);
        }

        using (var core = new SqliteConnection($"Data Source={Path.Combine(_sources, "core_banking.db")};Pooling=false"))
        {
            core.Open();
            using var delete = core.CreateCommand();
            delete.CommandText = "DELETE FROM customers WHERE cust_no = $customer; DELETE FROM transactions WHERE txn_id = $txn";
            delete.Parameters.AddWithValue("$customer", customerKey);
            delete.Parameters.AddWithValue("$txn", long.Parse(transactionKey, System.Globalization.CultureInfo.InvariantCulture));
            Assert.That(delete.ExecuteNonQuery(), Is.EqualTo(2));
        }

        // The customers table is checked every batch; the transactions table waits for its reconciliation.
        await Batch(warehouse, reconcileKeys: false);
        using (var connection = warehouse.Open())
        {
            Assert.That(connection.Scalar("SELECT string_agg(table_name || ' ' || source_key || ' ' || reflected, '; ') FROM audit.hard_delete"),
                Is.EqualTo($"customers {customerKey} customer closed"));
            Assert.That(connection.Count("SELECT count(*) FROM dw.dim_customer WHERE customer_id = $id AND is_current", CancellationToken.None, ("id", customerId)), Is.Zero, "no current version");
            Assert.That(connection.Count("SELECT count(*) FROM dw.dim_customer WHERE customer_id = $id AND valid_to = ($as_of + INTERVAL 1 DAY)::TIMESTAMP::TIMESTAMPTZ", CancellationToken.None, ("id", customerId), ("as_of", _businessDate)),
                Is.EqualTo(1), "its version closed at the end of the business day, kept as history");
            Assert.That(connection.Count("SELECT count(*) FROM dw.customer_source_record WHERE record_id = 'core:' || $key", CancellationToken.None, ("key", customerKey)), Is.Zero);
            Assert.That(connection.Count("SELECT count(*) FROM dw.fact_transaction WHERE transaction_id = 'core:' || $key", CancellationToken.None, ("key", transactionKey)), Is.EqualTo(1), "not reconciled yet");
        }

        var reconciled = await Batch(warehouse, reconcileKeys: true);
        using (var connection = warehouse.Open())
        {
            Assert.That(connection.Scalar("SELECT reflected || ' ' || (date_key IS NOT NULL) FROM audit.hard_delete WHERE table_name = 'transactions'"), Is.EqualTo("fact removed true"));
            Assert.That(connection.Count("SELECT count(*) FROM dw.fact_transaction WHERE transaction_id = 'core:' || $key", CancellationToken.None, ("key", transactionKey)), Is.Zero);
            Assert.That(connection.Scalar("SELECT count(*) FROM audit.hard_delete"), Is.EqualTo(2L), "each delete is found once");
        }

        Assert.That(reconciled.StageRows["rollup_months"], Is.GreaterThanOrEqualTo(1), "the deleted transaction's month is re-aggregated");
    }

    [Test]
    public async Task Accounts_balances_and_interactions_deleted_in_sqlite_and_csv_sources_are_recorded_and_reflected_in_the_star_schema()
    {
        using var warehouse = new TempDatabase();
        var scenario = new SourceDeleteScenario(_sources, _businessDate, Source, reconcileKeys => Batch(warehouse, reconcileKeys));
        await scenario.RunAsync(warehouse);
    }

    [Test]
    public async Task A_row_stamped_before_the_watermark_is_missed_by_incremental_loads_counted_by_the_key_check_and_read_by_a_full_load()
    {
        using var warehouse = new TempDatabase();
        await Batch(warehouse, reconcileKeys: false);
        using (var core = Source("core"))
        {
            core.Open();
            using var late = core.CreateCommand();
            // An account the source wrote with a stamp long before what was already read (a clock behind, a restore).
            late.CommandText = """
                INSERT INTO accounts (account_no, cust_no, product_code, branch_code, open_date, close_date, status, close_reason, updated_at)
                SELECT 'LATE00000001', cust_no, product_code, branch_code, open_date, close_date, status, close_reason, '2001-01-01 00:00:00'
                FROM accounts WHERE status = 'ACTIVE' ORDER BY account_no LIMIT 1
                """;
            Assert.That(late.ExecuteNonQuery(), Is.EqualTo(1));
        }

        var incremental = await Batch(warehouse, reconcileKeys: false);
        Assert.That(incremental.StageRows["unread_keys"], Is.EqualTo(1), "the accounts' key check sees a key no read gave");
        using (var connection = warehouse.Open())
        {
            Assert.That(connection.Scalar("SELECT count(*) FROM dw.dim_account WHERE account_number = 'LATE00000001'"), Is.EqualTo(0L), "the watermark read missed it");
        }

        var full = await Batch(warehouse, reconcileKeys: false, full: true);
        Assert.That(full.StageRows["unread_keys"], Is.Zero);
        using (var connection = warehouse.Open())
        {
            Assert.That(connection.Scalar("SELECT count(*) FROM dw.dim_account WHERE account_number = 'LATE00000001'"), Is.EqualTo(1L));
        }

        Assert.That((await Batch(warehouse, reconcileKeys: false)).StageRows["unread_keys"], Is.Zero);
    }

    private SqliteConnection Source(string name) => new($"Data Source={Path.Combine(_sources, name switch
    {
        "core" => SourceWriter.CoreFile,
        "cards" => SourceWriter.CardsFile,
        _ => SourceWriter.WealthFile,
    })};Pooling=false");

    private async Task<BatchResult> Batch(TempDatabase warehouse, bool reconcileKeys, bool full = false)
    {
        var options = CrmwConfiguration.EtlOptions(CrmwConfiguration.Build()).WithSourcesIn(_sources) with
        {
            WarehouseConnectionString = warehouse.ConnectionString,
            SourcesBusinessDate = _businessDate,
        };
        return await new BatchRunner(options, NightlyPipeline.Stages(TimeProvider.System), TimeProvider.System, NullLogger<BatchRunner>.Instance)
            .RunAsync(new BatchRequest(full, "test", _businessDate, reconcileKeys), null, CancellationToken.None);
    }
}
