using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Mining.Stage;

/// <summary>
/// Runs the stage's embedded SQL scripts (Sql/mining_*.sql) through <see cref="SqlScript"/>, offering every statement
/// <c>$as_of</c> and the settings of <see cref="MiningOptions"/>, plus whatever a step adds; DuckDB binds those it names.
/// </summary>
public sealed class MiningSql(DuckDBConnection warehouse, DateOnly asOf, MiningOptions options)
{
    public DuckDBConnection Warehouse { get; } = warehouse;

    public DateOnly AsOf { get; } = asOf;

    public void Run(string script, CancellationToken cancellationToken, params (string Name, object? Value)[] extra) =>
        Execute(Load(script), cancellationToken, extra);

    /// <summary>SQL a step composes (from a script and its settings), offered the same parameters as the scripts.</summary>
    public void Execute(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] extra)
    {
        using var command = Warehouse.Command(sql, [.. Parameters(), .. extra]);
        command.ExecuteScript(null, null, cancellationToken);
    }

    private void Execute(SqlScript script, CancellationToken cancellationToken, (string Name, object? Value)[] extra) =>
        script.Run(Warehouse, [.. Parameters(), .. extra], cancellationToken);

    public static SqlScript Load(string script) => SqlScript.From(typeof(MiningSql).Assembly, $"Mining/mining_{script}.sql");

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
}
