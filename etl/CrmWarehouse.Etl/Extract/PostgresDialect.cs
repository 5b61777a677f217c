using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using LinqToDB.DataProvider;
using LinqToDB.DataProvider.PostgreSQL;
using Npgsql;

namespace CrmWarehouse.Etl.Extract;

/// <summary>
/// PostgreSQL through Npgsql. Tables whose every column type has a binary decoder stream through
/// <c>COPY … TO STDOUT (FORMAT BINARY)</c> (<see cref="PostgresCopyReader"/>); COPY takes no parameters, so there the
/// watermark is written as a literal.
/// </summary>
internal sealed class PostgresDialect : SourceDialect
{
    public static readonly PostgresDialect Instance = new();

    public override string Kind => SourceProvider.Postgres;

    protected override IDataProvider SqlProvider => PostgreSQLTools.GetDataProvider(PostgreSQLVersion.v15, null, null, null);

    public override DbConnection Connect(string connectionString) => new NpgsqlConnection(connectionString);

    public override string? RowEstimatesSql =>
        "SELECT relname::text, greatest(reltuples, 0)::bigint FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace";

    protected override async Task<SourceReader> ReadAsync(DbConnection connection, SourceTableOptions table, string? watermark, CancellationToken cancellationToken)
    {
        var postgres = (NpgsqlConnection)connection;
        var query = Select(table, watermark is null ? null : PostgresCopyReader.Literal(watermark));
        var schema = await PostgresCopyReader.SchemaAsync(postgres, query, cancellationToken).ConfigureAwait(false);
        if (!PostgresCopyReader.Supports(schema))
        {
            return await base.ReadAsync(connection, table, watermark, cancellationToken).ConfigureAwait(false);
        }

        var copy = await PostgresCopyReader.OpenAsync(postgres, query, schema, cancellationToken).ConfigureAwait(false);
        return new SourceReader(copy, connection, null);
    }

    /// <summary><c>psql \copy … TO … CSV</c>: RFC 4180 CSV with a header.</summary>
    public override ClientDump ClientDump(SourceOptions source, string table, string file)
    {
        var builder = new NpgsqlConnectionStringBuilder(source.ResolvedConnectionString());
        var start = new ProcessStartInfo("psql")
        {
            ArgumentList =
            {
                "-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username!, "-d", builder.Database!,
                "-v", "ON_ERROR_STOP=1", "-q", "-c", $"\\copy {Quote(table)} TO '{file}' WITH (FORMAT csv, HEADER)",
            },
        };
        start.Environment["PGPASSWORD"] = builder.Password ?? string.Empty;
        return new ClientDump(start, false, $"read_csv('{file}', header = true, delim = ',', quote = '\"', escape = '\"')");
    }
}
