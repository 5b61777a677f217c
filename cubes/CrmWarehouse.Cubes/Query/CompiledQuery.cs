using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Cubes.Query;

/// <summary>One DuckDB statement answering a cube query, its parameters, and the rollup it reads (null: the facts).</summary>
public sealed record CompiledQuery(string Cube, string Sql, IReadOnlyDictionary<string, object> Parameters, string? Rollup)
{
    public DuckDBCommand CreateCommand(DuckDBConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = Sql;
        foreach (var (name, value) in Parameters)
        {
            command.Parameters.Add(name, value);
        }

        return command;
    }
}
