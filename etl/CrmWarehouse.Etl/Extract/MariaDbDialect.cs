using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using LinqToDB.DataProvider;
using LinqToDB.DataProvider.MySql;
using MySqlConnector;

namespace CrmWarehouse.Etl.Extract;

/// <summary>MariaDB (and MySQL) through MySqlConnector: backquoted names, <c>@</c> parameters.</summary>
internal sealed class MariaDbDialect : SourceDialect
{
    public static readonly MariaDbDialect Instance = new();

    public override string Kind => SourceProvider.MariaDb;

    protected override IDataProvider SqlProvider => MySqlTools.GetDataProvider(MySqlVersion.MariaDB10, MySqlProvider.MySqlConnector, null, null, null);

    public override DbConnection Connect(string connectionString) => new MySqlConnection(connectionString);

    public override string? RowEstimatesSql =>
        "SELECT table_name, CAST(coalesce(table_rows, 0) AS SIGNED) FROM information_schema.tables WHERE table_schema = database()";

    /// <summary><c>mariadb --batch</c>: tab-separated text with backslash escapes, on standard output.</summary>
    public override ClientDump ClientDump(SourceOptions source, string table, string file)
    {
        var builder = new MySqlConnectionStringBuilder(source.ResolvedConnectionString());
        var start = new ProcessStartInfo("mariadb")
        {
            ArgumentList =
            {
                "-h", builder.Server, "-P", builder.Port.ToString(CultureInfo.InvariantCulture), "-u", builder.UserID, "--default-character-set=utf8mb4",
                "--batch", "--quick", "-e", $"SELECT * FROM {Quote(table)}", builder.Database,
            },
            RedirectStandardOutput = true,
        };
        start.Environment["MYSQL_PWD"] = builder.Password ?? string.Empty;
        return new ClientDump(start, true, $"read_csv('{file}', header = true, delim = '\\t', quote = '', escape = '\\', nullstr = 'NULL')");
    }
}
