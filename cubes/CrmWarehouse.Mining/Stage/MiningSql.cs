using System.Text.RegularExpressions;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Mining.Stage;

/// <summary>
/// Runs the stage's embedded SQL scripts (Sql/mining_*.sql) with the parameters each one names: <c>$as_of</c> and the
/// settings of <see cref="MiningOptions"/>, plus whatever a step adds.
/// </summary>
public sealed partial class MiningSql(DuckDBConnection warehouse, DateOnly asOf, MiningOptions options)
{
    public DuckDBConnection Warehouse { get; } = warehouse;

    public DateOnly AsOf { get; } = asOf;

    public void Run(string script, CancellationToken cancellationToken, params (string Name, object? Value)[] extra) =>
        Execute(Load(script), cancellationToken, extra);

    public void Execute(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] extra)
    {
        var available = Parameters().Concat(extra).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var used = ParameterName().Matches(sql).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)
            .Select(name => available.TryGetValue(name, out var value) ? (name, value)
                : throw new InvalidOperationException($"SQL of the mining stage uses ${name}, which no setting provides."))
            .ToArray();
        Warehouse.Execute(sql, cancellationToken, used);
    }

    public static string Load(string script)
    {
        using var stream = typeof(MiningSql).Assembly.GetManifestResourceStream($"Mining/mining_{script}.sql")
            ?? throw new InvalidOperationException($"The SQL script mining_{script}.sql is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private IEnumerable<(string Name, object? Value)> Parameters() =>
    [
        ("as_of", AsOf),
        ("value_months", options.ValueMonths),
        ("rfm_days", options.RfmDays),
        ("loss_rate", options.ExpectedLossRate),
        ("interchange", options.CardInterchange),
        ("account_cost", options.AccountCostPerMonth),
        ("definition", options.ChurnDefinition),
        ("dormant_days", options.DormantDays),
        ("balance_drop", options.DormantBalanceDrop),
        ("horizon", options.ChurnHorizonDays),
        ("threshold", options.Outliers.ReportingThreshold),
        ("near_band", options.Outliers.NearBand),
        ("window_days", options.Outliers.WindowDays),
        ("structuring_count", options.Outliers.StructuringCount),
        ("daily_amount", options.Outliers.DailyAmountLimit),
        ("daily_count", options.Outliers.DailyCountLimit),
        ("min_days", options.Outliers.MinDaysForRobustZ),
        ("z_limit", options.Outliers.RobustZLimit),
    ];

    // $name outside string literals; the scripts keep '$' out of their text.
    [GeneratedRegex(@"\$([a-z_]+)")]
    private static partial Regex ParameterName();
}
