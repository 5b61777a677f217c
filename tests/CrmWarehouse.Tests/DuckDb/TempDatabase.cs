using DuckDB.NET.Data;

namespace CrmWarehouse.Tests.DuckDb;

/// <summary>A DuckDB file in a throw-away directory, removed after the test.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"));

    public TempDatabase()
    {
        Directory.CreateDirectory(_directory);
        Path = System.IO.Path.Combine(_directory, "test.duckdb");
    }

    public string Path { get; }

    /// <summary>As the configured warehouse is opened (Warehouse:PreserveInsertionOrder): results must not hang on row order.</summary>
    public string ConnectionString => $"Data Source={Path};preserve_insertion_order=false";

    public DuckDBConnection Open()
    {
        var connection = new DuckDBConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A connection a failed test left open keeps the file; the temp folder is cleaned by the OS.
        }
    }
}

internal static class DuckDbTestExtensions
{
    public static int Exec(this DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter ?? DBNull.Value));
        }

        return command.ExecuteNonQuery();
    }

    public static object? Scalar(this DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter ?? DBNull.Value));
        }

        return command.ExecuteScalar();
    }

    /// <summary>Every row as its DuckDB text, columns joined by '|', NULL as "NULL".</summary>
    public static List<string> Rows(this DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : CrmWarehouse.Warehouse.DuckDb.DuckDbExtensions.GetText(reader, i))));
        }

        return rows;
    }
}
