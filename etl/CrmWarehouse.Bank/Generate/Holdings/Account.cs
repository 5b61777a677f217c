
namespace CrmWarehouse.Bank.Generate;

/// <summary>Why an account was closed: the three kinds of churn a bank distinguishes.</summary>
public enum CloseReason { Natural, Competitive, ServiceFailure }

/// <summary>One product held by one person, in the system that books it.</summary>
public sealed class Account(long id, int personId, Product product, string outletCode, DateOnly opened, double balanceLevel)
{
    public long Id { get; } = id;
    public int PersonId { get; } = personId;
    public Product Product { get; } = product;
    public SourceSystem System { get; set; } = product.System;
    public string OutletCode { get; } = outletCode;
    public DateOnly Opened { get; } = opened;

    /// <summary>Typical balance in CNY while the account is healthy.</summary>
    public double BalanceLevel { get; } = balanceLevel;
    public DateOnly? Closed { get; set; }
    public CloseReason? Reason { get; set; }
    public string? Detail { get; set; }

    /// <summary>Set when the account's owner key deliberately points at no customer (orphan foreign key dirt).</summary>
    public bool Orphan { get; set; }

    public bool IsOpenOn(DateOnly day) => Opened <= day && (Closed is null || Closed > day);

    public string Number => System switch
    {
        SourceSystem.Cards => $"6259{Id:D12}",
        SourceSystem.Legacy => $"LD{Id:D10}",
        SourceSystem.Wealth => $"WS{Id:D10}",
        _ => $"6217{Id:D12}",
    };
}
