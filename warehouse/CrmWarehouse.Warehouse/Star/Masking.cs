using LinqToDB;

namespace CrmWarehouse.Warehouse.Star;

/// <summary>
/// How the doors show personal data to a role that may not see it: a name keeps its first character, an account
/// number its first four and last four digits. Each is a DuckDB expression, so in a LINQ projection the clear value
/// is masked inside DuckDB and never reaches .NET. Outside a query they throw: there is no second copy of the rule.
/// </summary>
public static class Masking
{
    /// <summary>张三丰 → 张**; a one-character name still hides its length behind one star.</summary>
    [Sql.Expression("CASE WHEN {0} IS NULL THEN NULL ELSE left({0}, 1) || repeat('*', greatest(length({0}) - 1, 1)) END", ServerSideOnly = true)]
    public static string? Name(string? name) => throw new ServerSideOnlyException(nameof(Name));

    /// <summary>6222020212345678 → 6222********5678.</summary>
    [Sql.Expression("left({0}, 4) || repeat('*', greatest(length({0}) - 8, 0)) || right({0}, 4)", ServerSideOnly = true)]
    public static string AccountNumber(string accountNumber) => throw new ServerSideOnlyException(nameof(AccountNumber));
}
