namespace CrmWarehouse.Etl.Generate.Activity;

/// <summary>One generated transaction, before a system renders it in its own conventions.</summary>
internal readonly record struct Transaction(
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
