namespace CrmWarehouse.Bank.Generate;

/// <summary>One generated transaction, before a system renders it in its own conventions.</summary>
public readonly record struct Transaction(
    long Id,
    long AccountId,
    string AccountNumber,
    DateTime Time,
    decimal Amount,
    char Direction,
    string ChannelCode,
    string OutletCode,
    decimal Fee,
    int MonthIndex,
    string? Dirt);
