
namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Per-account dirt, decided from the account's own random stream so the table writers and the ground truth agree
/// without passing state: future open dates and unknown product codes.
/// </summary>
internal static class AccountDirt
{
    public static DateOnly OpenDate(GeneratorSettings settings, Account account) =>
        HasFutureOpenDate(settings, account) ? settings.AsOf.AddDays(100 + (int)(account.Id % 900)) : account.Opened;

    public static string ProductCode(GeneratorSettings settings, Account account) =>
        HasUnknownProduct(settings, account) ? "X" + account.Product.Code[1..] + "9" : account.Product.Code;

    public static bool HasFutureOpenDate(GeneratorSettings settings, Account account) =>
        Seeds.For(settings.Seed, "account-future", account.Id).Chance(settings.Dirt.FutureDate);

    public static bool HasUnknownProduct(GeneratorSettings settings, Account account) =>
        Seeds.For(settings.Seed, "account-code", account.Id).Chance(settings.Dirt.UnknownCode);
}
