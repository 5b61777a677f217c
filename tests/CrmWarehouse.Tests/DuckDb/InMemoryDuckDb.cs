using DuckDB.NET.Data;

namespace CrmWarehouse.Tests.DuckDb;

/// <summary>A fresh in-memory DuckDB per test (NUnit runs this SetUp before the fixture's own).</summary>
public abstract class InMemoryDuckDb
{
    protected DuckDBConnection Connection { get; private set; } = null!;

    /// <summary>Overridden where a test needs settings, e.g. one thread so that a long query stays long.</summary>
    protected virtual string ConnectionString => "Data Source=:memory:";

    [SetUp]
    public void OpenConnection()
    {
        Connection = new DuckDBConnection(ConnectionString);
        Connection.Open();
    }

    [TearDown]
    public void CloseConnection() => Connection.Dispose();
}
