using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Cubes.Query;

/// <summary>One DuckDB statement answering a cube query, its parameters, and the rollup it reads (null: the facts).</summary>
public sealed record CompiledQuery(string Cube, string Sql, IReadOnlyDictionary<string, object> Parameters, string? Rollup)
{
    /// <summary>What each column of the answer is, in order: how to show it (format, unit) and what it means.</summary>
    public IReadOnlyList<AnswerColumn> Columns { get; init; } = [];

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

/// <summary>The role of an answer column.</summary>
public enum AnswerRole
{
    /// <summary>A level's key (raw: 20262, 'D008'), what filters compare with.</summary>
    Level,

    /// <summary>A level's caption (2026-Q2, the product's name, 未知/Unknown, 合计/Total), for people.</summary>
    Caption,

    /// <summary>The GROUPING() bit mask telling detail (0) from subtotal and total rows.</summary>
    Grouping,

    Measure,
}

/// <summary>An answer column: its name, role, the measure's format (.NET custom numeric format) and unit, and its description.</summary>
public sealed record AnswerColumn(string Name, AnswerRole Role, string? Format, string? Unit, Description? Description);
