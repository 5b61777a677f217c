using System.Data.Common;

namespace CrmWarehouse.Etl.Extract;

/// <summary>
/// A forward-only reader over one source table, opened by the source's dialect: the whole table, or (with a
/// watermark) the rows whose change column is at or past it. Rows stream; nothing is held in memory. Owns the
/// connection and command it reads through.
/// </summary>
public sealed class SourceReader(DbDataReader reader, DbConnection? connection, DbCommand? command) : IAsyncDisposable
{
    public DbDataReader Reader { get; } = reader;

    public static Task<SourceReader> OpenAsync(SourceOptions source, SourceTableOptions table, string? watermark, CancellationToken cancellationToken) =>
        source.Dialect.OpenAsync(source, table, watermark, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Reader.DisposeAsync().ConfigureAwait(false);
        if (command is not null)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
