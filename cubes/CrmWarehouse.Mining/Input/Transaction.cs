namespace CrmWarehouse.Mining.Input;

/// <summary>One purchase or payment: who (customer or account), when, how much.</summary>
public readonly record struct Transaction(string Party, DateOnly Date, double Amount);
