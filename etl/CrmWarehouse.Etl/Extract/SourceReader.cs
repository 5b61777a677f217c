using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;

namespace CrmWarehouse.Etl.Extract;

/// <summary>
/// A forward-only reader over one source table, opened with the source's own provider: the whole table, or (with a
/// watermark) the rows whose change column is at or past it. Rows stream; nothing is held in memory. PostgreSQL
/// tables stream through binary COPY when every column type allows it.
/// </summary>
internal sealed class SourceReader : IAsyncDisposable
{
    private readonly DbConnection? _connection;
    private readonly DbCommand? _command;

    private SourceReader(DbDataReader reader, DbConnection? connection, DbCommand? command)
    {
        Reader = reader;
        _connection = connection;
        _command = command;
    }

    public DbDataReader Reader { get; }

    public static async Task<SourceReader> OpenAsync(SourceOptions source, SourceTableOptions table, string? watermark, CancellationToken cancellationToken)
    {
        if (source.Provider == SourceProvider.Csv)
        {
            var csv = CsvTableReader.Open(source, table);
            return new SourceReader(csv, null, null);
        }

        var connection = Connect(source);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (connection is NpgsqlConnection postgres)
            {
                var query = Query(source.Provider, table, watermark is null ? null : PostgresCopyReader.Literal(watermark));
                var schema = await PostgresCopyReader.SchemaAsync(postgres, query, cancellationToken).ConfigureAwait(false);
                if (PostgresCopyReader.Supports(schema))
                {
                    var copy = await PostgresCopyReader.OpenAsync(postgres, query, schema, cancellationToken).ConfigureAwait(false);
                    return new SourceReader(copy, connection, null);
                }
            }

            var command = connection.CreateCommand();
            command.CommandTimeout = 0;
            command.CommandText = Query(source.Provider, table, watermark is null ? null : "@watermark");
            if (watermark is not null)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@watermark";
                parameter.Value = WatermarkValue(source.Provider, watermark);
                command.Parameters.Add(parameter);
            }

            var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
            return new SourceReader(reader, connection, command);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static DbConnection Connect(SourceOptions source) => source.Provider switch
    {
        SourceProvider.Postgres => new NpgsqlConnection(source.ResolvedConnectionString()),
        SourceProvider.MariaDb => new MySqlConnection(source.ResolvedConnectionString()),
        SourceProvider.Sqlite => new SqliteConnection(source.ResolvedConnectionString()),
        _ => throw new NotSupportedException($"Source '{source.Name}': provider {source.Provider} has no database connection."),
    };

    /// <summary>The table's rows, or with <paramref name="since"/> (a parameter name or a literal) those changed since.</summary>
    private static string Query(SourceProvider provider, SourceTableOptions table, string? since)
    {
        var quote = provider == SourceProvider.MariaDb ? "`" : "\"";
        var sql = $"SELECT * FROM {quote}{table.Name}{quote}";
        // ">=": a row written in the same instant as the last one read is not missed; the load is idempotent by key.
        return since is not null ? $"{sql} WHERE {quote}{table.ChangeColumn}{quote} >= {since}" : sql;
    }

    /// <summary>SQLite keeps timestamps as text and compares them as text; the servers compare typed timestamps.</summary>
    private static object WatermarkValue(SourceProvider provider, string watermark) =>
        provider != SourceProvider.Sqlite && DateTime.TryParse(watermark, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : watermark;

    public async ValueTask DisposeAsync()
    {
        await Reader.DisposeAsync().ConfigureAwait(false);
        if (_command is not null)
        {
            await _command.DisposeAsync().ConfigureAwait(false);
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

    }
}
