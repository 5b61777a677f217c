using System.Data;
using System.Globalization;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>One-line ways to run SQL on a connection, with named parameters (<c>$name</c>) and cancellation.</summary>
public static class DuckDbConnectionExtensions
{
    /// <summary>Runs every statement of <paramref name="sql"/>.</summary>
    public static void Execute(this DuckDbConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var reader = Reader(connection, sql, cancellationToken, parameters);
        while (reader.NextResult())
        {
        }
    }

    /// <summary>The first column of the first row as a number (0 when there is no row or it is NULL).</summary>
    public static long Count(this DuckDbConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var reader = Reader(connection, sql, cancellationToken, parameters);
        return reader.Read() && !reader.IsDBNull(0) ? Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture) : 0;
    }

    public static DuckDbDataReader Reader(this DuckDbConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(name, value);
        }

        return command.ExecuteReader(CommandBehavior.Default, cancellationToken);
    }
}
