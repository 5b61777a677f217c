using Microsoft.Data.Sqlite;

namespace CrmWarehouse.Bank.Generate;

/// <summary>An SQLite file: one transaction and one prepared statement per table.</summary>
internal sealed class SqliteSink : ISourceSink
{
    private static readonly SqlText Sql = new(n => $"\"{n}\"", (kind, _) => kind switch
    {
        ColumnKind.Int or ColumnKind.BigInt => "INTEGER",
        ColumnKind.Money => "NUMERIC",
        _ => "TEXT",
    });

    private readonly SqliteConnection _connection;

    public string Location { get; }

    private SqliteSink(string path, SqliteConnection connection)
    {
        Location = path;
        _connection = connection;
    }

    public static async Task<SqliteSink> OpenAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var pragma = connection.CreateCommand())
        {
            // A generated source can be regenerated; no need to pay for durability while writing it.
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        return new SqliteSink(path, connection);
    }

    public async Task RecreateAsync(SourceTable table, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = $"{Sql.DropTable(table)}; {Sql.CreateTable(table)};";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<long> BulkWriteAsync(SourceTable table, IEnumerable<object?[]> rows, Action<long> progress, CancellationToken cancellationToken) =>
        WriteAsync(table, rows, progress, cancellationToken);

    public Task<long> UpsertAsync(SourceTable table, IEnumerable<object?[]> rows, CancellationToken cancellationToken) =>
        WriteAsync(table, rows, _ => { }, cancellationToken);

    private async Task<long> WriteAsync(SourceTable table, IEnumerable<object?[]> rows, Action<long> progress, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        var placeholders = string.Join(", ", table.Columns.Select((_, i) => $"$p{i}"));
        var keys = string.Join(", ", SqlText.KeyColumns(table).Select(k => $"\"{k}\""));
        // A table that is all key has nothing to update on conflict.
        var onConflict = SqlText.KeyColumns(table).Length == table.Columns.Count
            ? "ON CONFLICT DO NOTHING"
            : $"ON CONFLICT ({keys}) DO UPDATE SET {Sql.UpdateAssignments(table, c => $"excluded.\"{c}\"")}";
        command.CommandText = $"{Sql.InsertPrefix(table)}({placeholders}) {onConflict}";
        var parameters = table.Columns.Select((_, i) => command.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        command.Prepare();
        long count = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = ToSqlite(row[i]);
            }
            command.ExecuteNonQuery();
            if (++count % 50_000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress(count);
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        progress(count);
        return count;
    }

    /// <summary>SQLite has no date type: ISO-8601 text sorts and compares correctly.</summary>
    private static object ToSqlite(object? value) => value switch
    {
        null => DBNull.Value,
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        decimal m => (double)m,
        _ => value,
    };

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
