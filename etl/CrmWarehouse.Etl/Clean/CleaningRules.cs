using CrmWarehouse.Warehouse.DuckDb;

namespace CrmWarehouse.Etl.Clean;

/// <summary>
/// The cleaning rules (Clean/clean.sql: DuckDB macros in schema <c>clean</c>), the one repeatable script of the
/// warehouse: the batch hands it to the migrator, which applies it whenever its text changed.
/// </summary>
public static class CleaningRules
{
    public static SqlScript Script { get; } = SqlScript.From(typeof(CleaningRules).Assembly, "Clean/clean.sql");
}
