
namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Streams an account's transactions month by month: Poisson counts per product (more in Spring Festival months),
/// days weighted toward month ends and the festival, log-normal amounts, a channel mix that drifts toward mobile.
/// Each account draws from its own random stream, so any subset of accounts can be regenerated on its own.
/// Dirt (orphan account numbers, impossible amounts, future dates, repeated rows, unknown channel codes) and the
/// planted anomalies are part of the stream.
/// </summary>
internal sealed class TransactionStream(BankModel model)
{
    /// <summary>Transaction ids are account id × this + sequence, so they are unique without coordination.</summary>
    public const long IdsPerAccount = 100_000;
    private const int RepeatOffset = 50_000;

    private readonly GeneratorSettings _settings = model.Settings;
    private readonly double[][] _channelMix = Enumerable.Range(0, model.Settings.Months).Select(m => Channels.Mix(m, model.Settings.Months)).ToArray();

    public IEnumerable<Transaction> For(IEnumerable<Account> accounts)
    {
        foreach (var account in accounts)
        {
            foreach (var t in For(account, 0, _settings.Months - 1, _settings.HistoryStart, _settings.AsOf))
            {
                yield return t;
            }
        }
    }

    /// <summary>Transactions of months <paramref name="firstMonth"/>..<paramref name="lastMonth"/>, up to <paramref name="lastDay"/>.</summary>
    public IEnumerable<Transaction> For(Account account, int firstMonth, int lastMonth, DateOnly historyStart, DateOnly lastDay, int sequenceStart = 0, string stream = "txn")
    {
        var random = Seeds.For(_settings.Seed, stream, account.Id);
        var product = account.Product;
        var sequence = sequenceStart;
        var number = account.Number;
        var isAnomaly = model.Anomalies.TryGetValue(account.Id, out var anomaly);
        // Some customers use their accounts more than others; mean activity is 1 (e^(-σ²/2) with σ = 0.5).
        var activity = random.LogNormal(-0.125, 0.5);
        for (var m = firstMonth; m <= lastMonth; m++)
        {
            var monthStart = historyStart.AddMonths(m);
            var monthEnd = Calendar.MonthEnd(monthStart);
            var from = account.Opened > monthStart ? account.Opened : monthStart;
            var to = account.Closed is { } c && c.AddDays(-1) < monthEnd ? c.AddDays(-1) : monthEnd;
            if (to > lastDay) to = lastDay;
            if (from > to) continue;
            var share = (to.DayNumber - from.DayNumber + 1) / (double)(monthEnd.DayNumber - monthStart.DayNumber + 1);
            var festival = Calendar.IsSpringFestivalMonth(monthStart.Year, monthStart.Month) ? 1.3 : 1.0;
            var count = random.Poisson(product.MonthlyTransactions * activity * share * festival);
            var mixIndex = Math.Clamp(m, 0, _channelMix.Length - 1);
            for (var i = 0; i < count; i++)
            {
                var day = Calendar.PickDay(random, from, to);
                var amount = (decimal)Math.Round(random.LogNormal(product.AmountMu, product.AmountSigma), 2);
                var channel = Channels.All[random.PickWeighted(_channelMix[mixIndex])].Code;
                var t = new Transaction(account.Id * IdsPerAccount + sequence++, account.Id, number, Time(day, random), amount,
                    Direction(product, random), channel, account.OutletCode, product.FeePerTransaction, m, null);
                foreach (var dirty in Dirty(t, random))
                {
                    yield return dirty;
                }
            }
            if (isAnomaly)
            {
                foreach (var t in Anomalous(account, anomaly, m, from, to, random, ref sequence))
                {
                    yield return t;
                }
            }
        }
    }

    /// <summary>
    /// Transactions of one day after the history (for <c>--advance</c>). Ids continue above the history's range:
    /// 60,000 + 40 per day after as-of, so each account has room for 39 a day for ~1,000 days.
    /// </summary>
    public IEnumerable<Transaction> ForDay(Account account, DateOnly day)
    {
        if (!account.IsOpenOn(day)) yield break;
        var offset = day.DayNumber - _settings.AsOf.DayNumber;
        var random = Seeds.For(_settings.Seed, "advance/txn/" + offset, account.Id);
        var product = account.Product;
        var count = Math.Min(39, random.Poisson(product.MonthlyTransactions / 30.0 * Calendar.DayWeight(day)));
        for (var i = 0; i < count; i++)
        {
            var amount = (decimal)Math.Round(random.LogNormal(product.AmountMu, product.AmountSigma), 2);
            var channel = Channels.All[random.PickWeighted(_channelMix[^1])].Code;
            yield return new Transaction(account.Id * IdsPerAccount + 60_000 + offset * 40 + i, account.Id, account.Number, Time(day, random),
                amount, Direction(product, random), channel, account.OutletCode, product.FeePerTransaction, _settings.Months, null);
        }
    }

    private IEnumerable<Transaction> Dirty(Transaction t, Random random)
    {
        var rates = _settings.Dirt;
        var roll = random.NextDouble();
        if ((roll -= rates.OrphanForeignKey) < 0)
        {
            yield return t with { AccountNumber = "9" + t.AccountNumber[1..], Dirt = "orphan_account" };
        }
        else if ((roll -= rates.ImpossibleAmount) < 0)
        {
            yield return t with { Amount = random.Chance(0.5) ? -t.Amount : 9_999_999_999.99m, Dirt = "impossible_amount" };
        }
        else if ((roll -= rates.FutureDate) < 0)
        {
            // Dated after the history ends (a mis-keyed year), so it is in the future for any extract.
            yield return t with { Time = _settings.AsOf.ToDateTime(TimeOnly.FromTimeSpan(t.Time.TimeOfDay)).AddDays(random.Next(30, 900)), Dirt = "future_date" };
        }
        else if ((roll -= rates.UnknownCode) < 0)
        {
            yield return t with { ChannelCode = "ZZ9", Dirt = "unknown_channel_code" };
        }
        else if ((roll -= rates.RepeatedTransaction) < 0)
        {
            yield return t;
            yield return t with { Id = t.Id + RepeatOffset, Dirt = "repeated_row" };
        }
        else
        {
            yield return t;
        }
    }

    private static IEnumerable<Transaction> Anomalous(Account account, AnomalyKind kind, int month, DateOnly from, DateOnly to, Random random, ref int sequence)
    {
        var list = new List<Transaction>();
        if (kind == AnomalyKind.Structuring && month % 6 < 3)
        {
            // Several cash deposits a week at the counter, each a little under the reporting threshold.
            var count = random.Next(6, 14);
            for (var i = 0; i < count; i++)
            {
                var amount = BankModel.ReportingThreshold - (decimal)random.Next(100, 5_000);
                list.Add(new Transaction(account.Id * IdsPerAccount + sequence++, account.Id, account.Number,
                    Time(Calendar.PickDay(random, from, to), random), amount, 'C', "CTR", account.OutletCode, 0m, month, null));
            }
        }
        else if (kind == AnomalyKind.Spike && month == (int)(account.Id % 20) + 3)
        {
            var amount = (decimal)Math.Round(random.LogNormal(account.Product.AmountMu, 0.2) * random.Next(60, 150), 2);
            list.Add(new Transaction(account.Id * IdsPerAccount + sequence++, account.Id, account.Number,
                Time(Calendar.PickDay(random, from, to), random), amount, 'D', "MOB", account.OutletCode, 0m, month, null));
        }
        return list;
    }

    private static char Direction(Product product, Random random) => product.Category switch
    {
        ProductCategory.Loan => random.Chance(0.9) ? 'C' : 'D',
        ProductCategory.Card or ProductCategory.Insurance => 'D',
        ProductCategory.Service => product.Code == "S001" ? 'C' : 'D',
        _ => random.Chance(0.5) ? 'C' : 'D',
    };

    // Business hours mostly; mobile banking makes evenings busy too.
    private static DateTime Time(DateOnly day, Random random) =>
        day.ToDateTime(new TimeOnly(random.Chance(0.8) ? random.Next(8, 18) : random.Next(18, 24), random.Next(60), random.Next(60)));
}
