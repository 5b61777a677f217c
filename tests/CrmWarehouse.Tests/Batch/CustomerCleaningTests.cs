using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Etl.Load;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Tests.Warehouse;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Tests.Batch;

/// <summary>The four systems' customer conventions and dirt, through the customer cleaning stages.</summary>
public sealed class CustomerCleaningTests
{
    private DuckDBConnection _warehouse = null!;
    private BatchContext _context = null!;

    [OneTimeSetUp]
    public void Clean()
    {
        _warehouse = SchemaTests.Migrated();
        _warehouse.Exec("""
            CREATE TABLE staging.core_customers AS SELECT * FROM (VALUES
              ('K1', '张三', '11010519491231002X', 'F', DATE '1949-12-31', '+86 138-1234-5678', '湖南省长沙市芙蓉区五一路1号', 'retail', '金卡', 'B001', TIMESTAMP '2026-06-01 10:00:00'),
              ('K2', '李 四', '110105194912310021', 'M', NULL, '+86 139-0000-0000', '湖南省长沙市宁乡市花明路2号', 'retail', '普通', 'B002', TIMESTAMP '2026-06-02 10:00:00'),
              ('K3', '  ', '440524188001010014', 'M', DATE '1880-01-01', NULL, NULL, 'sme', '普通', 'B001', TIMESTAMP '2026-06-03 10:00:00'),
              ('K4', '王五', '440524188001010014', 'F', DATE '1880-01-02', '12345', NULL, 'retail', '白金', 'B001', TIMESTAMP '2026-06-04 10:00:00')
            ) t(source_key, cust_name, id_no, gender, birth_date, phone, address, segment, tier, branch_code, updated_at);
            ALTER TABLE staging.core_customers ADD COLUMN education VARCHAR DEFAULT '本科';
            ALTER TABLE staging.core_customers ADD COLUMN occupation VARCHAR DEFAULT '教师';
            ALTER TABLE staging.core_customers ADD COLUMN monthly_income INTEGER DEFAULT 8000;
            CREATE TABLE staging.cards_cardholders AS SELECT * FROM (VALUES
              ('100', '张', '三', '2', '19491231', '13812345678', '11010519491231002X', '湖南省长沙市芙蓉区五一路1号', '金卡', '2026-06-05 08:00:00'),
              ('101', '赵', '六', '9', '2099-01-01', '15011112222', NULL, NULL, '普通', '2026-06-05 09:00:00')
            ) t(source_key, surname, given_name, gender, birth_ymd, mobile, id_no, address, card_level, updated_at);
            ALTER TABLE staging.cards_cardholders ADD COLUMN annual_income BIGINT DEFAULT 120000;
            CREATE TABLE staging.wealth_clients AS SELECT * FROM (VALUES
              ('W1', '張 三', '女', '110105491231002', '138 1234 5678', 'R3', 'B001', '2026-06-06 08:00:00')
            ) t(source_key, client_name, gender, id_no, phone, risk_level, branch_code, updated_at);
            ALTER TABLE staging.wealth_clients ADD COLUMN education VARCHAR;
            ALTER TABLE staging.wealth_clients ADD COLUMN occupation VARCHAR;
            CREATE TABLE staging.reference_legacy_deposits AS SELECT * FROM (VALUES
              ('A1', 'A1', 'L1', '劉麗', '110105194912310021', '女', '2019/3/5', '定期存款', '100.00', '正常', ''),
              ('A2', 'A2', 'L1', '劉麗', '110105194912310021', '女', '2021年6月7日', '活期存款', '5.00', '正常', '')
            ) t(source_key, 账号, 客户号, 户名, 证件号码, 性别, 开户日期, 产品名称, 余额, 状态, 销户日期);
            """);
        _context = new BatchContext(_warehouse, 1, false, new DateOnly(2026, 6, 30),
        [
            Extract("core", "customers", 4), Extract("cards", "cardholders", 2), Extract("wealth", "clients", 1), Extract("reference", "legacy_deposits", 2),
        ], NullLogger.Instance);
        foreach (var stage in CustomerStages.Clean())
        {
            stage.Run(_context, CancellationToken.None);
        }
    }

    [OneTimeTearDown]
    public void Close() => _warehouse.Dispose();

    private static TableExtract Extract(string source, string table, long rows) =>
        new(source, table, $"staging.{source}_{table}", rows, null, null, TimeSpan.Zero);

    private object? Value(string sql) => _warehouse.Scalar(sql);

    [Test]
    public void Every_system_yields_records_with_one_convention()
    {
        Assert.That(Value("SELECT string_agg(record_id, ',' ORDER BY record_id) FROM customer_record"), Is.EqualTo("cards:100,cards:101,core:K1,core:K2,core:K4,reference:L1,wealth:W1"));
        Assert.That(Value("SELECT string_agg(DISTINCT phone, ',') FROM customer_record WHERE record_id IN ('core:K1', 'cards:100', 'wealth:W1')"), Is.EqualTo("13812345678"));
        Assert.That(Value("SELECT string_agg(DISTINCT name, ',') FROM customer_record WHERE record_id IN ('core:K1', 'cards:100', 'wealth:W1')"), Is.EqualTo("张三"));
        Assert.That(Value("SELECT name FROM customer_record WHERE record_id = 'reference:L1'"), Is.EqualTo("刘丽"));
        Assert.That(Value("SELECT city FROM customer_record WHERE record_id = 'core:K2'"), Is.EqualTo("长沙市"));
        Assert.That(Value("SELECT monthly_income FROM customer_record WHERE record_id = 'cards:100'"), Is.EqualTo(10000), "annual income / 12");
    }

    [Test]
    public void The_resident_id_decides_birth_date_and_gender()
    {
        Assert.That(Value("SELECT id_number || ' ' || gender || ' ' || birth_date FROM customer_record WHERE record_id = 'wealth:W1'"), Is.EqualTo("11010519491231002X F 1949-12-31"), "15-digit ID upgraded");
        Assert.That(Value("SELECT gender || ' ' || birth_date FROM customer_record WHERE record_id = 'core:K4'"), Is.EqualTo("M 1880-01-01"), "stated F and 01-02 lose to the ID");
        Assert.That(Value("SELECT coalesce(id_number, 'none') || ' ' || coalesce(gender, '?') FROM customer_record WHERE record_id = 'core:K2'"), Is.EqualTo("none M"), "bad check digit: ID dropped, stated gender kept");
    }

    [Test]
    public void Failed_rules_are_kept_with_rule_and_raw_value()
    {
        Assert.That(Value("SELECT string_agg(source_key || ':' || rule || ':' || action, ',' ORDER BY source_key, rule) FROM audit.rejects WHERE source = 'core'"), Is.EqualTo(
            "K2:birth_date_missing:repaired,K2:id_check_digit:repaired,K3:name_missing:rejected,"
            + "K4:birth_date_conflicts_id:repaired,K4:gender_conflicts_id:repaired,K4:phone_invalid:repaired"));
        Assert.That(Value("SELECT raw_value FROM audit.rejects WHERE source_key = 'K2' AND rule = 'id_check_digit'"), Is.EqualTo("110105194912310021"));
        Assert.That(Value("SELECT string_agg(rule, ',' ORDER BY rule) FROM audit.rejects WHERE source = 'cards' AND source_key = '101'"), Is.EqualTo("birth_date_in_future,gender_unknown_code"));
        Assert.That(Value("SELECT rule FROM audit.rejects WHERE source = 'wealth'"), Is.EqualTo("id_15_digit_upgraded"));
    }

    [Test]
    public void Rejected_customer_rows_are_accounted_to_their_table()
    {
        Assert.That(_context.Reconciliation[("core", "customers")].Rejected, Is.EqualTo(1));
        Assert.That(_context.Reconciliation[("cards", "cardholders")].Rejected, Is.EqualTo(0));
        Assert.That(_context.Reconciliation[("reference", "legacy_deposits")].Rejected, Is.EqualTo(0), "legacy rows are accounts, accounted by the account load");
    }
}
