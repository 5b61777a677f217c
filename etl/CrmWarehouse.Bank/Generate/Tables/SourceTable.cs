namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Logical column types. Each writer maps them to its store (<see cref="Money"/> is NUMERIC(18,2) in PostgreSQL,
/// DECIMAL(18,2) in MariaDB, NUMERIC in SQLite). Row values are int, long, string, DateOnly, DateTime, decimal or null.
/// </summary>
internal enum ColumnKind { Int, BigInt, Text, Date, Timestamp, Money }

internal sealed record Column(string Name, ColumnKind Kind);

/// <summary>A table of a source system: its columns, primary key and a row stream (read once per write).</summary>
internal sealed record SourceTable(string Name, IReadOnlyList<Column> Columns, string PrimaryKey, Func<IEnumerable<object?[]>> Rows)
{
    public static IReadOnlyList<Column> Define(params (string Name, ColumnKind Kind)[] columns) =>
        columns.Select(c => new Column(c.Name, c.Kind)).ToArray();

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == column) return i;
        }
        throw new ArgumentException($"Table {Name} has no column {column}.", nameof(column));
    }
}
