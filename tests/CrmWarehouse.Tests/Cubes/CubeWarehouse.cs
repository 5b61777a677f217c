using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Warehouse.DuckDb;
using CrmWarehouse.Warehouse.Schema;
using DuckDB.NET.Data;

namespace CrmWarehouse.Tests.Cubes;

/// <summary>
/// A migrated warehouse with a few hand-made dimension members and small generated facts over 2025–2026,
/// the repository's cubes, and a published batch as of 2026-03-15.
/// </summary>
internal sealed class CubeWarehouse : IDisposable
{
    private readonly TempDatabase _database = new();

    public CubeWarehouse(bool seed = true)
    {
        Connection = _database.Open();
        new Migrator(Connection).Migrate();
        if (seed)
        {
            Connection.Exec(SeedSql.Dimensions);
            Connection.Exec(SeedSql.Facts);
            Connection.Exec(SeedSql.PublishedBatch);
        }

        Catalog = CubeCatalog.Load(CubeFolder);
        Compiler = new CubeCompiler();
    }

    /// <summary>The seeded warehouse with every rollup of the cube files made.</summary>
    public static CubeWarehouse WithRollups()
    {
        var warehouse = new CubeWarehouse();
        new CrmWarehouse.Cubes.Rollups.RollupRefresher(warehouse.Catalog).Rebuild(warehouse.Connection, CancellationToken.None);
        return warehouse;
    }

    public static string CubeFolder { get; } = Path.Combine(RepositoryRoot(), "config", "cubes");


    public DuckDBConnection Connection { get; }

    public string ConnectionString => _database.ConnectionString;

    public string DatabasePath => _database.Path;

    public CubeCatalog Catalog { get; }

    public CubeCompiler Compiler { get; }

    public CompiledQuery Compile(string cube, CubeQuery query) =>
        Compiler.Compile(Catalog.Get(cube), query, Connection);

    /// <summary>Every row of the answer as its DuckDB text, columns joined by '|'; captions left out unless asked for.</summary>
    public List<string> Rows(CompiledQuery compiled, bool captions = false)
    {
        using var command = compiled.CreateCommand(Connection);
        return Read(command, captions);
    }

    public List<string> Rows(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        return Read(command);
    }

    public void Dispose()
    {
        Connection.Dispose();
        _database.Dispose();
    }

    private static List<string> Read(DuckDBCommand command, bool captions = true)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        var shown = Enumerable.Range(0, reader.FieldCount).Where(i => captions || !reader.GetName(i).EndsWith(":caption", StringComparison.Ordinal)).ToList();
        while (reader.Read())
        {
            rows.Add(string.Join("|", shown.Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetText(i))));
        }

        return rows;
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CrmWarehouse.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("CrmWarehouse.sln not found above the test binaries.");
    }
}
