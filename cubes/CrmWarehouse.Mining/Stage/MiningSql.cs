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

    public MiningOptions Options { get; } = options;

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

    private IReadOnlyList<(string Name, object? Value)> Parameters() => MiningParameters.For(Options, AsOf);
}
