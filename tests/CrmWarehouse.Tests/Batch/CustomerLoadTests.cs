using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Etl.Load;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Tests.Warehouse;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Tests.Batch;

/// <summary>Golden customers into dim_customer as SCD type 2, night after night.</summary>
public sealed class CustomerLoadTests
{
    private DuckDBConnection _warehouse = null!;

    [SetUp]
    public void Migrate()
    {
        _warehouse = SchemaTests.Migrated();
        _warehouse.Exec("""
            CREATE TABLE match.golden_records (golden_id BIGINT, name VARCHAR, gender VARCHAR, birth_date DATE, id_number VARCHAR,
                phone VARCHAR, province VARCHAR, city VARCHAR, address VARCHAR, segment VARCHAR, tier VARCHAR,
                education VARCHAR, occupation VARCHAR, monthly_income INTEGER, updated_at TIMESTAMP,
                record_ids VARCHAR[], sources VARCHAR[]);
            CREATE TEMP TABLE customer_record (record_id VARCHAR, source VARCHAR, source_table VARCHAR);
            """);
    }

    [TearDown]
    public void Close() => _warehouse.Dispose();

    [Test]
    public void First_night_opens_one_version_per_customer_valid_for_all_history()
    {
        Night(1, ("张三", "金卡", "13812345678", "2026-06-01"), ("李四", "普通", "13900000000", "2026-06-01"));
        Assert.That(Value("SELECT count(*) FROM dw.dim_customer WHERE customer_key > 0 AND is_current"), Is.EqualTo(2L));
        Assert.That(Value("SELECT min(valid_from)::DATE::VARCHAR FROM dw.dim_customer WHERE customer_key > 0"), Is.EqualTo("1900-01-01"));
        Assert.That(Value("SELECT education || ' ' || income_band FROM dw.dim_customer WHERE customer_id = 1"), Is.EqualTo("本科 5千-1万"));
    }

    [Test]
    public void A_tier_change_closes_the_version_at_the_source_change_and_opens_a_new_one()
    {
        Night(1, ("张三", "金卡", "13812345678", "2026-06-01"));
        Night(2, ("张三", "白金", "13812345678", "2026-07-15"));
        Assert.That(Value("SELECT string_agg(tier || ':' || is_current || ':' || valid_to::DATE, ',' ORDER BY valid_from) FROM dw.dim_customer WHERE customer_id = 1"),
            Is.EqualTo("金卡:false:2026-07-15,白金:true:9999-12-31"));
        Assert.That(Value("SELECT count(DISTINCT customer_key) FROM dw.dim_customer WHERE customer_id = 1"), Is.EqualTo(2L));
    }

    [Test]
    public void An_unchanged_night_changes_nothing_and_a_name_fix_corrects_in_place()
    {
        Night(1, ("张三", "金卡", "13812345678", "2026-06-01"));
        Night(2, ("张三", "金卡", "13812345678", "2026-06-01"));
        Assert.That(Value("SELECT count(*) FROM dw.dim_customer WHERE customer_id = 1"), Is.EqualTo(1L), "re-running changes nothing");
        Night(3, ("張三", "金卡", "13812345678", "2026-06-02"));
        Assert.That(Value("SELECT string_agg(name, ',') FROM dw.dim_customer WHERE customer_id = 1"), Is.EqualTo("張三"), "type-1 correction, no new version");
    }

    [Test]
    public void Records_are_loaded_once_per_system_and_same_system_duplicates_merged()
    {
        _warehouse.Exec("""
            INSERT INTO customer_record VALUES ('core:K1', 'core', 'customers'), ('core:K9', 'core', 'customers'), ('cards:1', 'cards', 'cardholders');
            """);
        var context = Night(1, ("张三", "金卡", "13812345678", "2026-06-01"));
        Assert.That(context.Reconciliation[("core", "customers")].Loaded, Is.EqualTo(1));
        Assert.That(context.Reconciliation[("core", "customers")].Merged, Is.EqualTo(1));
        Assert.That(context.Reconciliation[("cards", "cardholders")].Loaded, Is.EqualTo(1));
    }

    private BatchContext Night(long batch, params (string Name, string Tier, string Phone, string Updated)[] customers)
    {
        _warehouse.Exec("DELETE FROM match.golden_records; DELETE FROM match.golden_ids; INSERT INTO match.golden_ids VALUES ('core:K1', 1), ('core:K9', 1), ('cards:1', 1)");
        var id = 0;
        foreach (var c in customers)
        {
            id++;
            _warehouse.Exec(
                "INSERT INTO match.golden_records VALUES ($1, $2, 'M', DATE '1980-01-01', NULL, $3, '湖南省', '长沙市', '五一路1号', 'retail', $4, '本科', '教师', 8000, $5::TIMESTAMP, ['core:K1'], ['core'])",
                (long)id, c.Name, c.Phone, c.Tier, c.Updated);
        }

        var context = new BatchContext(_warehouse, batch, false, new DateOnly(2026, 6, 30),
            [new TableExtract("core", "customers", "staging.core_customers", 2, null, null, TimeSpan.Zero), new TableExtract("cards", "cardholders", "staging.cards_cardholders", 1, null, null, TimeSpan.Zero)],
            NullLogger.Instance);
        CustomerStages.Load().Run(context, CancellationToken.None);
        return context;
    }

    private object? Value(string sql) => _warehouse.Scalar(sql);
}
