using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Serving;
using CrmWarehouse.Tests.Cubes;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Warehouse.DuckDb;
using CrmWarehouse.Warehouse.Export;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace CrmWarehouse.Tests.Security;

/// <summary>
/// The sandbox a serving process locks (Serving:AllowedDirectories + Export:Directory): the configured export folder
/// takes the Parquet export, DuckDB still reaches its own files (checkpoint, staging), and nothing else is reachable:
/// not /etc, and not the warehouse's own folder, which holds the users file and the CLI's token.
/// </summary>
public sealed class ServingSandboxTests
{
    private CubeWarehouse _warehouse = null!;
    private ServingContext _context = null!;
    private string _export = null!;

    [OneTimeSetUp]
    public void LockAServedWarehouse()
    {
        _warehouse = new CubeWarehouse();
        _export = Path.Combine(Directory.CreateTempSubdirectory("crmw-export-").FullName, "parquet");
        _context = new ServingContext(_warehouse.Catalog, new CubeCompiler(), _warehouse.ConnectionString, new ServingOptions { ExportDirectory = _export }, TestUsers.Roles());
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _context.DisposeAsync();
        _warehouse.Dispose();
        Directory.Delete(Path.GetDirectoryName(_export)!, recursive: true);
    }

    [Test]
    public void The_configured_export_folder_takes_the_parquet_export()
    {
        using var connection = _context.Open();
        Assert.That(Directory.Exists(_export), Is.True, "made when the service started");
        var result = new ParquetExport(TimeProvider.System).Run(connection, _export, null, CancellationToken.None);
        Assert.That(result.Written, Is.GreaterThan(0));
        Assert.That(Directory.EnumerateFiles(_export, "*.parquet", SearchOption.AllDirectories), Is.Not.Empty);
        Assert.That(connection.Scalar($"SELECT count(*) > 0 FROM read_parquet('{_export}/dw/dim_branch/*.parquet')"), Is.True);
    }

    [TestCase("COPY (SELECT 1 AS x) TO '/etc/crmw-sandbox-test.csv'")]
    [TestCase("SELECT * FROM read_text('/etc/hostname')")]
    [TestCase("SELECT * FROM read_csv('/etc/passwd')")]
    [TestCase("SELECT * FROM read_text('{users}')")]
    [TestCase("SELECT * FROM glob('{warehouseFolder}/*')")]
    public void Nothing_outside_it_is_reachable(string sql)
    {
        using var connection = _context.Open();
        var error = Assert.Throws<DuckDBException>(() => connection.Exec(sql
            .Replace("{users}", Path.ChangeExtension(_warehouse.DatabasePath, ".users.json"), StringComparison.Ordinal)
            .Replace("{warehouseFolder}", Path.GetDirectoryName(_warehouse.DatabasePath)!, StringComparison.Ordinal)))!;
        Assert.That(error.DuckDbErrorType(), Is.EqualTo(DuckDBErrorType.Permission), error.Message);
        Assert.That(File.Exists("/etc/crmw-sandbox-test.csv"), Is.False);
    }

    [Test]
    public void DuckDB_still_reaches_its_own_files()
    {
        using var connection = _context.Open();
        connection.Exec("CREATE TABLE main.sandbox_probe AS SELECT range AS id FROM range(1000); CHECKPOINT; DROP TABLE main.sandbox_probe;");
        Assert.That(connection.Scalar("SELECT current_setting('allowed_directories')::VARCHAR"), Does.Contain(_export));
    }
}
