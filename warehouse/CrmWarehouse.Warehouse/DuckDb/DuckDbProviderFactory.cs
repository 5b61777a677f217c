using System.Data.Common;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>The provider factory, for code that creates ADO.NET objects generically.</summary>
public sealed class DuckDbProviderFactory : DbProviderFactory
{
    public static readonly DuckDbProviderFactory Instance = new();

    private DuckDbProviderFactory()
    {
    }

    public override DbConnection CreateConnection() => new DuckDbConnection();

    public override DbCommand CreateCommand() => new DuckDbCommand();

    public override DbParameter CreateParameter() => new DuckDbParameter();

    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => new DuckDbConnectionStringBuilder();
}
