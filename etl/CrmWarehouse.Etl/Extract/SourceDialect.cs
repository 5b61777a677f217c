using System.Data.Common;
using System.Globalization;
using LinqToDB;
using LinqToDB.DataProvider;
using LinqToDB.Internal.SqlProvider;

namespace CrmWarehouse.Etl.Extract;

/// <summary>The query that reads one source table, with the values of its parameters in order.</summary>
public sealed record SourceQuery(string Sql, IReadOnlyList<(string Name, object Value)> Parameters);

/// <summary>
/// What one kind of source database does its own way, as Quartz's per-database delegates do: how to open a
/// connection, quote a name, write the incremental query with its parameters, and name the source in an error
/// without its password. Subclasses override only what differs. Quoting and parameter names come from linq2db's
/// data provider for the database (<see cref="SqlProvider"/>), so they are not written again here.
/// </summary>
public abstract class SourceDialect
{
    private readonly Lazy<ISqlBuilder?> _sql;

    protected SourceDialect() => _sql = new(() => SqlProvider is { } provider ? provider.CreateSqlBuilder(provider.MappingSchema, new DataOptions()) : null);

    /// <summary>The value of <c>Provider</c> in a source's configuration.</summary>
    public abstract string Kind { get; }

    /// <summary>linq2db's provider for this database's SQL; null for a source that takes no SQL.</summary>
    protected abstract IDataProvider? SqlProvider { get; }

    /// <summary>The key under which the password is appended to the connection string.</summary>
    public virtual string PasswordKeyword => "Password";

    public abstract DbConnection Connect(string connectionString);

    /// <summary>A table or column name quoted for this database.</summary>
    public virtual string Quote(string identifier) => Sql.ConvertInline(identifier, ConvertType.NameToQueryTable);

    /// <summary>How a parameter is written inside the SQL text (e.g. <c>@since</c>, <c>:since</c>, <c>?</c>).</summary>
    public virtual string Placeholder(string name) => Sql.ConvertInline(name, ConvertType.NameToQueryParameter);

    /// <summary>The name a parameter object carries (<see cref="DbParameter.ParameterName"/>).</summary>
    public virtual string ParameterName(string name) => Sql.ConvertInline(name, ConvertType.NameToCommandParameter);

    /// <summary>
    /// The table's rows, or with a watermark those whose change column is at or past it (as a parameter). This relies
    /// on the source never stamping a change earlier than what was already read: a late stamp (a clock behind, a long
    /// transaction committed late, a restore) is missed here. A new row so stamped is counted when the table's keys are
    /// next scanned (<c>unread_keys</c>); an update so stamped is read only by a full load (README, "What a watermark
    /// read assumes").
    /// </summary>
    public SourceQuery Query(SourceTableOptions table, string? watermark) => watermark is null
        ? new SourceQuery(Select(table, null), [])
        : new SourceQuery(Select(table, Placeholder("since")), [(ParameterName("since"), WatermarkValue(watermark))]);

    /// <summary>The table's rows, or those changed since <paramref name="since"/> (a placeholder or a literal).</summary>
    protected string Select(SourceTableOptions table, string? since)
    {
        var sql = $"SELECT * FROM {Quote(table.Name)}";
        // ">=": a row written in the same instant as the last one read is not missed; the load is idempotent by key.
        return since is null ? sql : $"{sql} WHERE {Quote(table.ChangeColumn!)} >= {since}";
    }

    /// <summary>The first <paramref name="rows"/> rows of a table or parenthesised query with its alias.</summary>
    public virtual string First(int rows, string from) => $"SELECT * FROM {from} LIMIT {rows}";

    /// <summary>One page of <paramref name="select"/>, which must order its rows so that pages do not overlap.</summary>
    public virtual string Page(string select, long offset, int rows) => $"{select} LIMIT {rows} OFFSET {offset}";

    /// <summary>The watermark as a parameter value: servers compare typed timestamps.</summary>
    public virtual object WatermarkValue(string watermark) =>
        DateTime.TryParse(watermark, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : watermark;

    /// <summary>Opens a forward-only reader over the table (or its rows since <paramref name="watermark"/>).</summary>
    public virtual async Task<SourceReader> OpenAsync(SourceOptions source, SourceTableOptions table, string? watermark, CancellationToken cancellationToken)
    {
        var connection = Connect(source.ResolvedConnectionString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await ReadAsync(connection, table, watermark, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Opens a reader over the key columns of every row of the table (no watermark): what key reconciliation compares
    /// with the keys the warehouse holds, to find rows the source has deleted. Only keys travel, so it is cheap beside a
    /// full read even for the biggest tables.
    /// </summary>
    public virtual async Task<SourceReader> OpenKeysAsync(SourceOptions source, SourceTableOptions table, CancellationToken cancellationToken)
    {
        var connection = Connect(source.ResolvedConnectionString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = connection.CreateCommand();
            command.CommandTimeout = 0;
            command.CommandText = $"SELECT {string.Join(", ", table.KeyColumns.Select(Quote))} FROM {Quote(table.Name)}";
            var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
            return new SourceReader(Reading(reader), connection, command);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs the table's query on an open connection; the reader then owns the connection.</summary>
    protected virtual async Task<SourceReader> ReadAsync(DbConnection connection, SourceTableOptions table, string? watermark, CancellationToken cancellationToken)
    {
        var query = Query(table, watermark);
        var command = connection.CreateCommand();
        command.CommandTimeout = 0;
        command.CommandText = query.Sql;
        foreach (var (name, value) in query.Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
        return new SourceReader(Reading(reader), connection, command);
    }

    /// <summary>The reader staging reads from: the provider's own, unless its driver needs values read another way.</summary>
    protected virtual DbDataReader Reading(DbDataReader reader) => reader;

    /// <summary>Where the source lives, for error messages: host, port and database by default (never a password).</summary>
    public virtual string Location(SourceOptions source)
    {
        var parts = Parts(source.ConnectionString);
        return $"{parts.Get("Host", "Server", "Servername") ?? "default host"}:{parts.Get("Port") ?? "default port"}, database {parts.Get("Database", "Dbname")}";
    }

    /// <summary>The source with its files (if it has any) moved by <paramref name="relocate"/>; servers stay where they are.</summary>
    public virtual SourceOptions WithFilesAt(SourceOptions source, Func<string, string> relocate) => source;

    /// <summary>The server's own row estimates per table, when it keeps statistics (used to start big tables first).</summary>
    public virtual string? RowEstimatesSql => null;

    /// <summary>How the server's own client dumps a table to a file (the reference in <c>crmw bench load</c>), if it has one.</summary>
    public virtual ClientDump? ClientDump(SourceOptions source, string table, string file) => null;

    /// <summary>The key/value pairs of a connection string, keys compared without case or spaces.</summary>
    protected static ConnectionStringParts Parts(string? connectionString) => new(connectionString);

    private ISqlBuilder Sql => _sql.Value ?? throw new NotSupportedException($"A {Kind} source takes no SQL.");
}
