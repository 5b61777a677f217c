
namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Where one source system's tables go: a PostgreSQL or MariaDB database, an SQLite file, or a folder of CSV files.
/// Rows are streamed; a sink never holds a whole table.
/// </summary>
internal interface ISourceSink : IAsyncDisposable
{
    /// <summary>Where the data goes, for progress lines and error messages (no credentials).</summary>
    string Location { get; }

    /// <summary>Drops the table if it exists and creates it empty.</summary>
    Task RecreateAsync(SourceTable table, CancellationToken cancellationToken);

    /// <summary>Appends rows as fast as the store allows; returns how many were written.</summary>
    Task<long> BulkWriteAsync(SourceTable table, IEnumerable<object?[]> rows, Action<long> progress, CancellationToken cancellationToken);

    /// <summary>Inserts rows, replacing those whose primary key exists (the small daily changes of <c>--advance</c>).</summary>
    Task<long> UpsertAsync(SourceTable table, IEnumerable<object?[]> rows, CancellationToken cancellationToken);
}
