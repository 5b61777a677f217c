using System.Text.Json;

namespace CrmWarehouse.Mining.Stage;

/// <summary>
/// The values mining SQL may name: <c>$as_of</c> and every setting of <see cref="MiningOptions"/> and its outlier
/// rules, named as the setting in snake case (<c>$value_months</c>, <c>$reporting_threshold</c>, …). Read from the
/// options records themselves, so that a new setting is a parameter with no list to extend.
/// </summary>
public static class MiningParameters
{
    public static IReadOnlyList<(string Name, object? Value)> For(MiningOptions options, DateOnly asOf) =>
        [("as_of", asOf), .. Settings(options), .. Settings(options.Outliers)];

    private static IEnumerable<(string Name, object? Value)> Settings<T>(T settings) where T : notnull =>
        typeof(T).GetProperties()
            .Where(p => p.SetMethod is not null && (p.PropertyType.IsPrimitive || p.PropertyType == typeof(string)))
            .Select(p => (JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), p.GetValue(settings)));
}
