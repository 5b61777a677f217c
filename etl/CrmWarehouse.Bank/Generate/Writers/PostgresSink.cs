using Npgsql;
using NpgsqlTypes;

namespace CrmWarehouse.Bank.Generate;

/// <summary>A PostgreSQL database, written with binary COPY.</summary>
internal sealed class PostgresSink : ISourceSink
{
    private static readonly SqlText Sql = new(n => $"\"{n}\"", (kind, _) => kind switch
    {
        ColumnKind.Int => "integer",
        ColumnKind.BigInt => "bigint",
        ColumnKind.Date => "date",
        ColumnKind.Timestamp => "timestamp",
        ColumnKind.Money => "numeric(18,2)",
        _ => "text",
    });

    private readonly NpgsqlConnection _connection;

    public string Location { get; }

    private PostgresSink(string location, NpgsqlConnection connection)
    {
        Location = location;
        _connection = connection;
    }

    /// <summary>Opens <paramref name="database"/>, creating it first when the server does not have it.</summary>
    public static async Task<PostgresSink> OpenAsync(string connectionString, string database, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" };
        await using (var admin = new NpgsqlConnection(builder.ToString()))
        {
            await admin.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", admin) { Parameters = { new() { Value = database } } };
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\" ENCODING 'UTF8' TEMPLATE template0", admin);
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        builder.Database = database;
        var connection = new NpgsqlConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return new PostgresSink($"postgresql://{builder.Host}:{builder.Port}/{database}", connection);
    }

    public async Task RecreateAsync(SourceTable table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"{Sql.DropTable(table)}; {Sql.CreateTable(table)};", _connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<long> BulkWriteAsync(SourceTable table, IEnumerable<object?[]> rows, Action<long> progress, CancellationToken cancellationToken) =>
        // Binary COPY is driven with its synchronous API on a worker thread: tens of millions of per-value
        // async calls would cost more than the copy itself.
        Task.Run(() =>
        {
            var types = table.Columns.Select(c => TypeOf(c.Kind)).ToArray();
            using var importer = _connection.BeginBinaryImport($"COPY \"{table.Name}\" ({Sql.ColumnList(table)}) FROM STDIN (FORMAT BINARY)");
            long count = 0;
            foreach (var row in rows)
            {
                importer.StartRow();
                for (var i = 0; i < types.Length; i++)
                {
                    if (row[i] is null) importer.WriteNull();
                    else importer.Write(row[i], types[i]);
                }
                if (++count % 100_000 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress(count);
                }
            }
            importer.Complete();
            progress(count);
            return count;
        }, cancellationToken);

    public async Task<long> UpsertAsync(SourceTable table, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var placeholders = string.Join(", ", table.Columns.Select((_, i) => $"${i + 1}"));
        var keys = string.Join(", ", SqlText.KeyColumns(table).Select(k => $"\"{k}\""));
        var sql = $"{Sql.InsertPrefix(table)}({placeholders}) ON CONFLICT ({keys}) DO UPDATE SET {Sql.UpdateAssignments(table, c => $"EXCLUDED.\"{c}\"")}";
        long count = 0;
        foreach (var row in rows)
        {
            await using var command = new NpgsqlCommand(sql, _connection, transaction);
            for (var i = 0; i < row.Length; i++)
            {
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = TypeOf(table.Columns[i].Kind), Value = row[i] ?? DBNull.Value });
            }
            count += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0 ? 1 : 0;
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    private static NpgsqlDbType TypeOf(ColumnKind kind) => kind switch
    {
        ColumnKind.Int => NpgsqlDbType.Integer,
        ColumnKind.BigInt => NpgsqlDbType.Bigint,
        ColumnKind.Date => NpgsqlDbType.Date,
        ColumnKind.Timestamp => NpgsqlDbType.Timestamp,
        ColumnKind.Money => NpgsqlDbType.Numeric,
        _ => NpgsqlDbType.Text,
    };

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
