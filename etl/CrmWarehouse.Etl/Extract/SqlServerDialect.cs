using System.Data.Common;
using LinqToDB.DataProvider;
using LinqToDB.DataProvider.SqlServer;
using Microsoft.Data.SqlClient;

namespace CrmWarehouse.Etl.Extract;

/// <summary>
/// SQL Server through Microsoft.Data.SqlClient: bracketed names, <c>@</c> parameters, <c>TOP</c> and
/// <c>OFFSET … FETCH</c> instead of LIMIT. Only the SQL it writes is tested: no SQL Server runs on the test machines.
/// </summary>
internal sealed class SqlServerDialect : SourceDialect
{
    public static readonly SqlServerDialect Instance = new();

    public override string Kind => SourceProvider.SqlServer;

    protected override IDataProvider SqlProvider => SqlServerTools.GetDataProvider(SqlServerVersion.v2022, SqlServerProvider.MicrosoftDataSqlClient, null, null, null);

    public override DbConnection Connect(string connectionString) => new SqlConnection(connectionString);

    public override string First(int rows, string from) => $"SELECT TOP ({rows}) * FROM {from}";

    /// <summary>OFFSET … FETCH needs an ORDER BY in <paramref name="select"/> (SQL Server 2012 and later).</summary>
    public override string Page(string select, long offset, int rows) => $"{select} OFFSET {offset} ROWS FETCH NEXT {rows} ROWS ONLY";

    /// <summary>SQL Server names its server "host,port" in Data Source (or Server, Address …).</summary>
    public override string Location(SourceOptions source)
    {
        var builder = new SqlConnectionStringBuilder(source.ConnectionString);
        return $"{builder.DataSource}, database {builder.InitialCatalog}";
    }
}
