using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Etl.Load;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Tests.Warehouse;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Tests.Batch;

/// <summary>Accounts, transactions, balances and interactions with the dirt the sources plant.</summary>
public sealed class FactLoadTests
{
    private DuckDBConnection _warehouse = null!;
    private BatchContext _context = null!;

    [OneTimeSetUp]
    public void Load()
    {
        _warehouse = SchemaTests.Migrated();
        _warehouse.Exec("""
            INSERT INTO dw.dim_product (product_key, code, name, category, batch_id) VALUES (1, 'D001', '活期存款', 'deposit', 0), (2, 'C001', '金卡', 'card', 0);
            INSERT INTO dw.dim_branch (branch_key, code, name, batch_id) VALUES (1, 'B001', '芙蓉支行', 0);
            INSERT INTO dw.dim_channel (channel_key, code, name, type, batch_id) VALUES (1, 'MOB', '手机银行', 'mobile', 0), (2, 'CTR', '电话', 'phone', 0);
            INSERT INTO dw.dim_customer (customer_key, customer_id, name, valid_from, valid_to, is_current, batch_id) VALUES
              (10, 7, '张三 v1', '1900-01-01', '2026-03-01', false, 0), (11, 7, '张三 v2', '2026-03-01', '9999-12-31', true, 0);
            INSERT INTO match.golden_ids VALUES ('core:K1', 7), ('cards:100', 7), ('wealth:W1', 7);
            CREATE TABLE staging.core_accounts AS SELECT * FROM (VALUES
              ('A1', 'A1', 'K1', 'D001', 'B001', DATE '2020-01-05', NULL::DATE, 'ACTIVE', NULL),
              ('A2', 'A2', 'K1', 'XD0019', 'B001', DATE '2021-01-05', DATE '2026-04-02', 'CLOSED', 'Competitive:他行利率更高'),
              ('A3', 'A3', 'K404', 'D001', 'B001', DATE '2027-09-01', NULL, 'ACTIVE', NULL)
            ) t(source_key, account_no, cust_no, product_code, branch_code, open_date, close_date, status, close_reason);
            CREATE TABLE staging.cards_cards AS SELECT * FROM (VALUES ('6222', '6222', 100, 'C001', 'B001', DATE '2022-02-02', NULL::DATE, '1', NULL))
              t(source_key, card_no, holder_id, product_code, branch_code, issue_date, close_date, status, close_reason);
            CREATE TABLE staging.core_transactions AS SELECT * FROM (VALUES
              ('1', 'A1', TIMESTAMP '2026-01-10 10:00:00', 100.00, 'C', 'MOB', 'B001', 0.00),
              ('2', 'A1', TIMESTAMP '2026-05-10 10:00:00', 50.00, 'D', 'MOB', 'B001', 0.50),
              ('3', 'A1', TIMESTAMP '2026-05-10 10:00:00', 50.00, 'D', 'MOB', 'B001', 0.50),
              ('4', 'A1', TIMESTAMP '2026-05-11 10:00:00', -20.00, 'D', 'MOB', 'B001', 0.00),
              ('5', 'A1', TIMESTAMP '2028-05-11 10:00:00', 20.00, 'D', 'MOB', 'B001', 0.00),
              ('6', '9404', TIMESTAMP '2026-05-12 10:00:00', 30.00, 'D', 'ZZ9', 'B001', 0.00)
            ) t(source_key, account_no, txn_time, amount, direction, channel_code, branch_code, fee);
            CREATE TABLE staging.cards_card_transactions AS SELECT * FROM (VALUES ('900', '6222', '2026-06-01 12:00:00', 12345::BIGINT, '5411', 'MOB'))
              t(source_key, card_no, txn_time, amount_fen, mcc, channel_code);
            CREATE TABLE staging.core_balances AS SELECT * FROM (VALUES ('A1|2026-05-31', 'A1', DATE '2026-05-31', 1000.00, 990.00, 1.20), ('X|2026-05-31', 'X', DATE '2026-05-31', 5.00, 5.00, 0.00))
              t(source_key, account_no, month_end, balance, avg_daily_balance, interest);
            CREATE TABLE staging.wealth_contacts AS SELECT * FROM (VALUES ('1', 'W1', TIMESTAMP '2026-02-01 10:00:00', '电话', '产品推介', '有意向')) t(source_key, client_id, contact_time, channel, purpose, outcome);
            CREATE TABLE staging.wealth_campaigns AS SELECT * FROM (VALUES ('1', 1, '开门红理财季', 'D001')) t(source_key, campaign_id, campaign_name, product_code);
            CREATE TABLE staging.wealth_campaign_responses AS SELECT * FROM (VALUES ('1|W1', 1, 'W1', '2026-02-03', 1)) t(source_key, campaign_id, client_id, offered_at, responded);
            CREATE TABLE staging.wealth_complaints AS SELECT * FROM (VALUES ('5', 'W9', '2026-03-03', '服务态度', 0)) t(source_key, client_id, complaint_date, category, resolved);
            CREATE TABLE staging.wealth_surveys AS SELECT * FROM (VALUES ('8', 'W1', 'not a date', 4)) t(source_key, client_id, survey_date, score);
            """);
        string[] tables = ["core_accounts", "cards_cards", "core_transactions", "cards_card_transactions", "core_balances",
            "wealth_contacts", "wealth_campaigns", "wealth_campaign_responses", "wealth_complaints", "wealth_surveys"];
        var extracts = tables.Select(t =>
        {
            var source = t[..t.IndexOf('_')];
            var rows = Convert.ToInt64(_warehouse.Scalar($"SELECT count(*) FROM staging.{t}"));
            return new TableExtract(source, t[(source.Length + 1)..], "staging." + t, rows, null, null, TimeSpan.Zero);
        }).ToList();
        _context = new BatchContext(_warehouse, 3, false, new DateOnly(2026, 6, 30), extracts, NullLogger.Instance);
        foreach (var stage in FactStages.Accounts().Concat(FactStages.Facts()))
        {
            stage.Run(_context, CancellationToken.None);
        }
    }

    [OneTimeTearDown]
    public void Close() => _warehouse.Dispose();

    private object? Value(string sql) => _warehouse.Scalar(sql);

    [Test]
    public void Accounts_load_with_unknown_members_and_future_openings_rejected()
    {
        Assert.That(Value("SELECT string_agg(account_number || ':' || status || ':' || product_key || ':' || customer_id, ',' ORDER BY account_number) FROM dw.dim_account WHERE account_key > 0"),
            Is.EqualTo("6222:active:2:7,A1:active:1:7,A2:closed:0:7"));
        Assert.That(Value("SELECT close_reason FROM dw.dim_account WHERE account_number = 'A2'"), Is.EqualTo("competitive"));
        Assert.That(Value("SELECT rule FROM audit.rejects WHERE source_key = 'A3'"), Is.EqualTo("open_date_in_future"));
        Assert.That(Value("SELECT string_agg(event_type || ':' || date_key || ':' || coalesce(reason_category, '-'), ',' ORDER BY event_id) FROM dw.fact_account_event WHERE account_key = (SELECT account_key FROM dw.dim_account WHERE account_number = 'A2')"),
            Is.EqualTo("closed:20260402:competitive,opened:20210105:-"));
        Assert.That(Value("SELECT customer_key FROM dw.fact_account_event WHERE event_id = 'A2:closed'"), Is.EqualTo(11L), "the customer version valid when it closed");
    }

    [Test]
    public void Transactions_dedupe_reject_and_key_each_row()
    {
        Assert.That(Value("SELECT string_agg(transaction_id || ':' || customer_key || ':' || channel_key || ':' || amount, ',' ORDER BY transaction_id) FROM dw.fact_transaction"),
            Is.EqualTo("cards:900:11:1:123.45,core:1:10:1:100.00,core:2:11:1:50.00,core:6:0:0:30.00"));
        Assert.That(Value("SELECT string_agg(source_key || ':' || rule || ':' || action, ',' ORDER BY source_key, rule) FROM audit.rejects WHERE table_name = 'transactions'"),
            Is.EqualTo("4:amount_impossible:rejected,5:date_in_future:rejected,6:account_unknown:repaired,6:channel_unknown:repaired"));
        var core = _context.Reconciliation[("core", "transactions")];
        Assert.That((core.Extracted, core.Loaded, core.Rejected, core.Merged), Is.EqualTo((6L, 3L, 2L, 1L)));
    }

    [Test]
    public void Balances_and_interactions_are_accounted_exactly()
    {
        Assert.That(Value("SELECT balance FROM dw.fact_balance_month WHERE month_key = 20260531"), Is.EqualTo(1000.00m));
        Assert.That(Value("SELECT string_agg(kind || ':' || customer_key, ',' ORDER BY kind) FROM dw.fact_interaction"), Is.EqualTo("campaign:10,complaint:0,contact:10"));
        Assert.That(Value("SELECT channel_key FROM dw.fact_interaction WHERE kind = 'contact'"), Is.EqualTo(2));
        Assert.That(_context.Reconciliation.Values.All(r => r.Balances), Is.True,
            string.Join("; ", _context.Reconciliation.Select(r => $"{r.Key}: {r.Value.Extracted}={r.Value.Loaded}+{r.Value.Rejected}+{r.Value.Merged}")));
    }
}
