namespace CrmWarehouse.Cubes.Mining.Input;

/// <summary>One purchase or payment: who (customer or account), when, how much.</summary>
internal readonly record struct Transaction(string Party, DateOnly Date, double Amount);
