using System.Data.Common;
using System.Globalization;
using System.Text;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Warehouse.DuckDb;
using Dapper;

namespace CrmWarehouse.Tests.Pipeline;

/// <summary>
/// Rows deleted in the account, balance and interaction sources (issue #15), whichever server holds them: a core
/// account, a card, a wealth subscription and a legacy deposit (CSV line) are each flagged deleted in dw.dim_account
/// with their balances from the deletion on not carried; a month-end balance (found when keys are reconciled) and a
/// contact, complaint, survey and campaign response leave their facts; every one is an event in audit.hard_delete. The
/// fixtures run it over the embedded bank (SQLite, CSV) and over PostgreSQL and MariaDB. The business date must be a
/// month end (the generated banks end on 2026-06-30), so that the deleted core account has a balance dated on it.
/// </summary>
internal sealed class SourceDeleteScenario(string sources, DateOnly businessDate, Func<string, DbConnection> openSource, Func<bool, Task<BatchResult>> batch)
{
    /// <summary>A change stamped as the source's clock would stamp it late in the business day (read by its load).</summary>
    private DateTime LateInTheDay => businessDate.ToDateTime(new TimeOnly(23, 59, 59));

    private int DateKey => int.Parse(businessDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public async Task RunAsync(TempDatabase warehouse)
    {
        Assert.That(businessDate.AddDays(1).Day, Is.EqualTo(1), "the scenario needs a month end as the business date");
        await batch(false);
        var picked = Pick(warehouse);

        Assert.Multiple(() =>
        {
            Assert.That(Execute("core", "DELETE FROM accounts WHERE account_no = @n", new { n = picked.CoreAccount }), Is.EqualTo(1));
            Execute("cards", "DROP TABLE IF EXISTS deleted_card", null);
            Execute("cards", "CREATE TABLE deleted_card AS SELECT * FROM cards WHERE card_no = @n", new { n = picked.Card });
            Assert.That(Execute("cards", "DELETE FROM cards WHERE card_no = @n", new { n = picked.Card }), Is.EqualTo(1));
            Assert.That(Execute("wealth", "DELETE FROM subscriptions WHERE sub_no = @n", new { n = picked.Subscription }), Is.EqualTo(1));
            Assert.That(RemoveLegacyDeposit(picked.LegacyDeposit), Is.EqualTo(1));
            Assert.That(Execute("core", "DELETE FROM balances WHERE account_no = @a AND CAST(month_end AS VARCHAR(10)) = @m",
                new { a = picked.Balance.Account, m = picked.Balance.MonthEnd }), Is.EqualTo(1));
            foreach (var interaction in picked.Interactions)
            {
                Assert.That(DeleteInteraction(interaction), Is.EqualTo(1), interaction);
            }
        });

        // Accounts and CRM rows are checked every batch (the campaign responses are read whole); balances wait for
        // their reconciliation.
        var night = await batch(false);
        using (var dw = warehouse.Open())
        {
            Assert.That(dw.Scalar("SELECT string_agg(table_name || ' ' || reflected, '; ' ORDER BY table_name) FROM audit.hard_delete"), Is.EqualTo(
                "accounts account deleted; campaign_responses fact removed; cards account deleted; complaints fact removed; contacts fact removed; " +
                "legacy_deposits account deleted; subscriptions account deleted; surveys fact removed"));
            Assert.That(dw.Rows($"SELECT account_number || ' ' || status || ' ' || deleted_on FROM dw.dim_account WHERE deleted_on IS NOT NULL ORDER BY 1"),
                Is.EquivalentTo(picked.Accounts.Select(n => $"{n} deleted {businessDate:yyyy-MM-dd}")), "flagged, kept as history");
            Assert.That(dw.Scalar("SELECT count(*) FILTER (month_key >= ?) || ' ' || (count(*) FILTER (month_key < ?) > 0) FROM dw.fact_balance_month JOIN dw.dim_account USING (account_key) WHERE account_number = ?",
                DateKey, DateKey, picked.CoreAccount), Is.EqualTo("0 true"), "its month end on the deletion's day is no longer carried; earlier ones stay");
            Assert.That(dw.Scalar("SELECT date_key FROM audit.hard_delete WHERE table_name = 'accounts'"), Is.EqualTo(DateKey), "the removed month is refreshed in the rollups");
            Assert.That(dw.Scalar($"SELECT count(*) FROM dw.fact_interaction WHERE interaction_id IN ({string.Join(", ", picked.Interactions.Select(i => $"'{i}'"))})"), Is.EqualTo(0L));
            Assert.That(BalanceRows(dw, picked.Balance), Is.EqualTo(1L), "not reconciled yet");
        }

        Assert.That(night.StageRows["rollup_months"], Is.GreaterThanOrEqualTo(1));

        // The core system still reports the deleted account: its month-end balance sent again, a transaction posted to it.
        Assert.That(Execute("core", "UPDATE balances SET updated_at = @t WHERE account_no = @n AND CAST(month_end AS VARCHAR(10)) = @m",
            new { t = LateInTheDay, n = picked.CoreAccount, m = businessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }), Is.EqualTo(1));
        var posted = PostTransaction(picked.CoreAccount, picked.Transaction);

        await batch(true);
        using (var dw = warehouse.Open())
        {
            Assert.That(dw.Scalar("SELECT reflected || ' ' || date_key FROM audit.hard_delete WHERE table_name = 'balances'"), Is.EqualTo($"fact removed {picked.Balance.MonthKey}"));
            Assert.That(BalanceRows(dw, picked.Balance), Is.Zero);
            Assert.That(dw.Scalar("SELECT count(*) FROM audit.hard_delete"), Is.EqualTo(9L), "each delete is found once");
            Assert.That(dw.Scalar("SELECT count(*) FROM audit.rejects WHERE rule = 'account_deleted' AND source_key = ? AND batch_id = (SELECT max(batch_id) FROM audit.batch)", $"{picked.CoreAccount}|{businessDate:yyyy-MM-dd}"),
                Is.EqualTo(1L), "a balance of a deleted account is not carried");
            Assert.That(dw.Scalar("SELECT count(*) FROM dw.fact_balance_month JOIN dw.dim_account USING (account_key) WHERE account_number = ? AND month_key >= ?", picked.CoreAccount, DateKey), Is.EqualTo(0L));
            Assert.That(dw.Scalar("SELECT account_key FROM dw.fact_transaction WHERE transaction_id = ?", $"core:{posted}"), Is.EqualTo(0L),
                "posted to an account no longer held: the unknown member, as a full reload would load it");
            Assert.That(dw.Scalar("SELECT action FROM audit.rejects WHERE rule = 'account_unknown' AND source_key = ?", posted.ToString(CultureInfo.InvariantCulture)), Is.EqualTo("repaired"));
        }

        // The card system sends the deleted card again: it is held again.
        Execute("cards", "INSERT INTO cards SELECT * FROM deleted_card", null);
        Assert.That(Execute("cards", "UPDATE cards SET updated_at = @t WHERE card_no = @n", new { t = LateInTheDay, n = picked.Card }), Is.EqualTo(1));
        await batch(false);
        using (var dw = warehouse.Open())
        {
            Assert.That(dw.Scalar("SELECT status || ' ' || (deleted_on IS NULL) FROM dw.dim_account WHERE account_number = ?", picked.Card), Is.EqualTo("active true"));
        }
    }

    private sealed record Balance(string Account, int MonthKey)
    {
        public string MonthEnd => DateOnly.ParseExact(MonthKey.ToString(CultureInfo.InvariantCulture), "yyyyMMdd", CultureInfo.InvariantCulture).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private sealed record Picked(string CoreAccount, string Card, string Subscription, string LegacyDeposit, Balance Balance, string[] Interactions, long Transaction)
    {
        public string[] Accounts => [CoreAccount, Card, Subscription, LegacyDeposit];
    }

    /// <summary>What to delete, chosen among what the first batch loaded.</summary>
    private Picked Pick(TempDatabase warehouse)
    {
        using var dw = warehouse.Open();
        string Account(string source) => (string)dw.Scalar(
            "SELECT min(account_number) FROM dw.dim_account WHERE source = ? AND status = 'active' AND account_number NOT LIKE '% %'", source)!;
        var core = (string)dw.Scalar("""
            SELECT min(account_number) FROM (
                SELECT a.account_number FROM dw.dim_account a JOIN dw.fact_balance_month f USING (account_key)
                WHERE a.source = 'core' AND a.status = 'active' GROUP BY ALL HAVING max(f.month_key) = ? AND min(f.month_key) < ?)
            """, DateKey, DateKey)!;
        using var balance = dw.Reader("""
            SELECT a.account_number, f.month_key FROM dw.fact_balance_month f JOIN dw.dim_account a USING (account_key)
            WHERE a.source = 'core' AND a.account_number <> $core AND f.month_key < $day ORDER BY 1, 2 LIMIT 1
            """, CancellationToken.None, ("core", core), ("day", DateKey));
        Assert.That(balance.Read(), Is.True);
        var interactions = new[] { "contact", "complaint", "survey", "campaign" }
            .Select(kind => (string)dw.Scalar("SELECT min(interaction_id) FROM dw.fact_interaction WHERE interaction_id LIKE ?", kind + ":%")!)
            .ToArray();
        var transaction = long.Parse((string)dw.Scalar(
            "SELECT substr(min(transaction_id), 6) FROM dw.fact_transaction WHERE transaction_id LIKE 'core:%' AND channel_key > 0 AND account_key > 0")!, CultureInfo.InvariantCulture);
        return new Picked(core, Account("cards"), Account("wealth"), Account("reference"), new Balance(balance.GetString(0), balance.GetInt32(1)), interactions, transaction);
    }

    private static long BalanceRows(DuckDB.NET.Data.DuckDBConnection dw, Balance balance) => (long)dw.Scalar(
        "SELECT count(*) FROM dw.fact_balance_month JOIN dw.dim_account USING (account_key) WHERE account_number = ? AND month_key = ?", balance.Account, balance.MonthKey)!;

    private int DeleteInteraction(string interactionId)
    {
        var (kind, key) = (interactionId.Split(':', 2)[0], interactionId.Split(':', 2)[1]);
        return kind switch
        {
            "contact" => Execute("wealth", "DELETE FROM contacts WHERE contact_id = @k", new { k = long.Parse(key, CultureInfo.InvariantCulture) }),
            "complaint" => Execute("wealth", "DELETE FROM complaints WHERE complaint_id = @k", new { k = long.Parse(key, CultureInfo.InvariantCulture) }),
            "survey" => Execute("wealth", "DELETE FROM surveys WHERE survey_id = @k", new { k = long.Parse(key, CultureInfo.InvariantCulture) }),
            _ => Execute("wealth", "DELETE FROM campaign_responses WHERE campaign_id = @c AND client_id = @k",
                new { c = long.Parse(key.Split('|')[0], CultureInfo.InvariantCulture), k = key.Split('|')[1] }),
        };
    }

    /// <summary>A copy of transaction <paramref name="like"/> posted to <paramref name="account"/> today; returns its id.</summary>
    private long PostTransaction(string account, long like)
    {
        using var core = openSource("core");
        var id = core.ExecuteScalar<long>("SELECT max(txn_id) + 1 FROM transactions");
        var rows = core.Execute("""
            INSERT INTO transactions (txn_id, account_no, txn_time, amount, direction, channel_code, branch_code, fee, updated_at)
            SELECT @id, @account, @time, amount, direction, channel_code, branch_code, fee, @stamp FROM transactions WHERE txn_id = @like
            """, new { id, account, time = businessDate.ToDateTime(new TimeOnly(12, 0)), stamp = LateInTheDay, like });
        Assert.That(rows, Is.EqualTo(1));
        return id;
    }

    /// <summary>The legacy deposit export is GB18030, ASCII-compatible: the account's line is found by its first field.</summary>
    private int RemoveLegacyDeposit(string account)
    {
        var path = Path.Combine(sources, "reference", "legacy_deposits.csv");
        var bytes = File.ReadAllBytes(path);
        var prefix = Encoding.ASCII.GetBytes(account + ",");
        var lines = Split(bytes);
        var kept = lines.Where(line => !line.AsSpan().StartsWith(prefix)).ToList();
        File.WriteAllBytes(path, [.. kept.SelectMany(line => line)]);
        return lines.Count - kept.Count;
    }

    /// <summary>The file's lines, each with its line end.</summary>
    private static List<byte[]> Split(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lines.Add(bytes[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < bytes.Length)
        {
            lines.Add(bytes[start..]);
        }

        return lines;
    }

    private int Execute(string source, string sql, object? parameters)
    {
        using var connection = openSource(source);
        return connection.Execute(sql, parameters);
    }
}
