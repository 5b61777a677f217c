using System.Data.Common;
using System.Data.Odbc;
using LinqToDB.DataProvider;

namespace CrmWarehouse.Etl.Extract;

/// <summary>
/// Any database with an ODBC driver, through System.Data.Odbc and the platform's driver manager (unixODBC on
/// Linux). The connection string names the driver (<c>Driver=/path/to/driver.so</c> or a DSN). ODBC parameters are
/// positional <c>?</c>; everything else in the SQL (quoting, paging, how a watermark compares) is that of the
/// database behind the driver, <paramref name="sql"/>, or ANSI when the source does not say.
/// </summary>
internal sealed class OdbcDialect(SourceDialect? sql) : SourceDialect
{
    public override string Kind => SourceProvider.Odbc;

    protected override IDataProvider? SqlProvider => null;

    /// <summary>The ODBC keyword; drivers differ on the long form.</summary>
    public override string PasswordKeyword => "PWD";

    /// <summary>A MariaDB driver is asked for utf8mb4, the encoding <see cref="OdbcRowReader"/> decodes its text bytes from.</summary>
    public override DbConnection Connect(string connectionString) =>
        new OdbcConnection(sql is MariaDbDialect && !connectionString.Contains("CHARSET=", StringComparison.OrdinalIgnoreCase)
            ? $"{connectionString.TrimEnd(';')};CHARSET=utf8mb4"
            : connectionString);

    /// <summary>Rows fetched so that the Debian drivers' known faults do not reach staging (<see cref="OdbcRowReader"/>).</summary>
    protected override DbDataReader Reading(DbDataReader reader) =>
        sql is MariaDbDialect or SqliteDialect ? new OdbcRowReader(reader, textAsUtf8: sql is MariaDbDialect, wideIntegers: sql is SqliteDialect) : reader;

    public override string Quote(string identifier) =>
        sql?.Quote(identifier) ?? "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public override string Placeholder(string name) => "?";

    /// <summary>Only a label: ODBC binds parameters by position.</summary>
    public override string ParameterName(string name) => name;

    public override object WatermarkValue(string watermark) => sql?.WatermarkValue(watermark) ?? base.WatermarkValue(watermark);

    public override string First(int rows, string from) => sql?.First(rows, from) ?? base.First(rows, from);

    public override string Page(string select, long offset, int rows) => sql?.Page(select, offset, rows) ?? base.Page(select, offset, rows);

    /// <summary>The driver, then the server (host:port, database) or, for a file database such as SQLite, its file.</summary>
    public override string Location(SourceOptions source)
    {
        var parts = Parts(source.ConnectionString);
        var driver = parts.Get("Driver") ?? $"DSN {parts.Get("DSN")}";
        var server = parts.Get("Server", "Servername", "Host");
        return server is null
            ? $"ODBC {driver}, file {parts.Get("Database")}"
            : $"ODBC {driver}, {server}:{parts.Get("Port") ?? "default port"}, database {parts.Get("Database", "DB")}";
    }
}
