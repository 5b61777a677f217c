using System.Globalization;
using System.Text;
using MySqlConnector;

namespace CrmWarehouse.Bank.Generate;

/// <summary>A MariaDB database (utf8mb4 by default, its tables inheriting it), written with batched multi-row INSERTs.</summary>
internal sealed class MariaDbSink : ISourceSink
{
    /// <summary>Rows per INSERT statement: large enough to amortise round trips, far below max_allowed_packet.</summary>
    private const int BatchRows = 2_000;

    private static readonly SqlText Sql = new(n => $"`{n}`", (kind, key) => kind switch
    {
        ColumnKind.Int => "INT",
        ColumnKind.BigInt => "BIGINT",
        ColumnKind.Date => "DATE",
        ColumnKind.Timestamp => "DATETIME",
        ColumnKind.Money => "DECIMAL(18,2)",
        // Key columns need a bounded length to be indexed.
        _ => key ? "VARCHAR(64)" : "VARCHAR(255)",
    });

    private readonly MySqlConnection _connection;

    public string Location { get; }

    private MariaDbSink(string location, MySqlConnection connection)
    {
        Location = location;
        _connection = connection;
    }

    public static async Task<MariaDbSink> OpenAsync(string connectionString, string database, CancellationToken cancellationToken)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString) { Database = "", CharacterSet = "utf8mb4" };
        var connection = new MySqlConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var create = new MySqlCommand($"CREATE DATABASE IF NOT EXISTS `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await connection.ChangeDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
        return new MariaDbSink($"mariadb://{builder.Server}:{builder.Port}/{database}", connection);
    }

    public async Task RecreateAsync(SourceTable table, CancellationToken cancellationToken)
    {
        // Tables take the database's character set; one round trip for both statements.
        await using var command = new MySqlCommand($"{Sql.DropTable(table)}; {Sql.CreateTable(table)} ENGINE=InnoDB", _connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<long> BulkWriteAsync(SourceTable table, IEnumerable<object?[]> rows, Action<long> progress, CancellationToken cancellationToken) =>
        WriteAsync(table, rows, "", progress, cancellationToken);

    public Task<long> UpsertAsync(SourceTable table, IEnumerable<object?[]> rows, CancellationToken cancellationToken) =>
        WriteAsync(table, rows, " ON DUPLICATE KEY UPDATE " + Sql.UpdateAssignments(table, c => $"VALUES(`{c}`)"), _ => { }, cancellationToken);

    private async Task<long> WriteAsync(SourceTable table, IEnumerable<object?[]> rows, string suffix, Action<long> progress, CancellationToken cancellationToken)
    {
        var prefix = Sql.InsertPrefix(table);
        var statement = new StringBuilder(1 << 20);
        long count = 0;
        var inBatch = 0;
        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            statement.Append(inBatch == 0 ? prefix : ",").Append('(');
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0) statement.Append(',');
                AppendLiteral(statement, row[i]);
            }
            statement.Append(')');
            count++;
            if (++inBatch == BatchRows)
            {
                await ExecuteAsync(statement.Append(suffix), transaction, cancellationToken).ConfigureAwait(false);
                inBatch = 0;
                if (count % 100_000 == 0) progress(count);
            }
        }
        if (inBatch > 0)
        {
            await ExecuteAsync(statement.Append(suffix), transaction, cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        progress(count);
        return count;
    }

    private async Task ExecuteAsync(StringBuilder statement, MySqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(statement.ToString(), _connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        statement.Clear();
    }

    private static void AppendLiteral(StringBuilder sql, object? value)
    {
        switch (value)
        {
            case null: sql.Append("NULL"); break;
            case string s: sql.Append('\'').Append(MySqlHelper.EscapeString(s)).Append('\''); break;
            case DateOnly d: sql.Append('\'').Append(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\''); break;
            case DateTime t: sql.Append('\'').Append(t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append('\''); break;
            case IFormattable f: sql.Append(f.ToString(null, CultureInfo.InvariantCulture)); break;
            default: throw new ArgumentException($"Cannot write a {value.GetType().Name} to MariaDB.", nameof(value));
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
