using System.Globalization;
using System.Text;
using CrmWarehouse.Cubes.Model;
using CrmWarehouse.Cubes.Query;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Serving.Sql;

/// <summary>What a column of a cube relation is: a level's key or a measure.</summary>
internal enum CubeColumnKind
{
    Level,
    Measure,
}

/// <summary>
/// A column of <c>cubes.&lt;cube&gt;</c>, named as in a cube query's answer (<c>date.year</c>, <c>amount</c>), with
/// the type the cube compiler gives it (<paramref name="SqlType"/> as DuckDB writes it).
/// </summary>
internal sealed record CubeColumn(string Name, CubeColumnKind Kind, string SqlType, DuckDbColumnType Type, Description Description);

/// <summary>One cube as a SQL relation: its levels first (in declaration order), then its measures.</summary>
internal sealed record CubeRelation(CubeDefinition Cube, IReadOnlyList<CubeColumn> Columns)
{
    public string Name => $"{CubeRelations.Schema}.{Cube.Name}";

    /// <summary>The column of that name (as PostgreSQL folds an unquoted name, case does not matter), or null.</summary>
    public CubeColumn? Find(string name) =>
        Columns.FirstOrDefault(c => c.Name == name) ?? Columns.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The cubes as relations of schema <c>cubes</c>, which the SQL doors answer with the cube compiler (see
/// <see cref="CubeSqlReader"/>). The schema holds one view per cube so that the catalogue (information_schema,
/// pg_catalog, DESCRIBE) lists its columns and types as BI tools expect; the views hold no rows and raise an error when
/// read directly (as <c>crmw sql --local</c> would), because only a door's compiler knows how a measure adds up.
/// Made by the serving process when it starts, from the cube files it serves.
/// </summary>
internal sealed class CubeRelations
{
    public const string Schema = "cubes";

    private readonly Dictionary<string, CubeRelation> _relations;

    private CubeRelations(IEnumerable<CubeRelation> relations) =>
        _relations = relations.ToDictionary(r => r.Cube.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>No cube relations: the warehouse has no star schema to describe them from yet.</summary>
    public static CubeRelations None { get; } = new([]);

    public IReadOnlyCollection<CubeRelation> All => _relations.Values;

    /// <summary>The relation of cube <paramref name="name"/> (case does not matter), or null.</summary>
    public CubeRelation? Find(string name) => _relations.GetValueOrDefault(name);

    /// <summary>
    /// As <see cref="Create"/>; null when the warehouse has no star schema yet (not migrated, or before its first
    /// load), whose tables the cubes' types are learnt from.
    /// </summary>
    public static CubeRelations? TryCreate(DuckDBConnection connection, CubeCatalog catalog, CubeCompiler compiler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(catalog);
        var facts = catalog.Cubes.Select(c => c.Fact).Where(f => !f.StartsWith('(')).Distinct().ToList();
        // The names come from the cube files, not from a user.
        var present = connection.Count(
            $"SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name || '.' || table_name IN ({string.Join(", ", facts.Select(Literal))})",
            CancellationToken.None);
        return present < facts.Count ? null : Create(connection, catalog, compiler);
    }

    /// <summary>
    /// Learns each cube's column types from its compiled query over every level and measure (prepared, never run) and
    /// replaces schema <c>cubes</c> with a view per cube, in one transaction.
    /// </summary>
    public static CubeRelations Create(DuckDBConnection connection, CubeCatalog catalog, CubeCompiler compiler)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(compiler);
        var relations = catalog.Cubes.Select(cube => Describe(connection, cube, compiler)).ToList();
        var script = new StringBuilder("BEGIN TRANSACTION;\n")
            .Append(CultureInfo.InvariantCulture, $"DROP SCHEMA IF EXISTS {Schema} CASCADE;\nCREATE SCHEMA {Schema};\n");
        foreach (var relation in relations)
        {
            script.Append(View(relation));
        }

        script.Append("COMMIT;\n");
        try
        {
            connection.Execute(script.ToString(), CancellationToken.None);
        }
        catch
        {
            connection.Execute("ROLLBACK", CancellationToken.None);
            throw;
        }

        // The wire protocol describes its columns with DuckDB's own types, read back from the views just made.
        return new CubeRelations(relations.Select(relation =>
        {
            var shape = StatementShape.Describe(connection, $"SELECT * FROM {Schema}.{Quote(relation.Cube.Name)}");
            return relation with { Columns = [.. relation.Columns.Select((c, i) => c with { Type = shape.Columns[i].Type })] };
        }));
    }

    private static CubeRelation Describe(DuckDBConnection connection, CubeDefinition cube, CubeCompiler compiler)
    {
        var levels = cube.Dimensions.SelectMany(d => d.Levels).ToList();
        var everything = new CubeQuery { By = [.. levels.Select(l => l.Id)], Measures = [.. cube.Measures.Select(m => m.Name)], UseRollups = false };
        var compiled = compiler.Compile(cube, everything, new HashSet<string>(), () => null);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var reader = connection.Reader("DESCRIBE " + compiled.Sql, CancellationToken.None))
        {
            while (reader.Read())
            {
                types[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var unknown = new DuckDbColumnType(DuckDB.NET.Native.DuckDBType.Invalid);
        return new CubeRelation(cube, [
            .. levels.Select(l => new CubeColumn(l.Id, CubeColumnKind.Level, types[l.Id], unknown, l.Description)),
            .. cube.Measures.Select(m => new CubeColumn(m.Name, CubeColumnKind.Measure, types[m.Name], unknown, m.Description)),
        ]);
    }

    private static string View(CubeRelation relation)
    {
        var refusal = Literal($"{relation.Name} is a cube: ask it through a crmw service's SQL doors (POST /api/sql or the PostgreSQL port), which answer it with the cube compiler.");
        var columns = relation.Columns.Select(c => $"CAST(error({refusal}) AS {c.SqlType}) AS {Quote(c.Name)}");
        var view = $"{Schema}.{Quote(relation.Cube.Name)}";
        var sql = new StringBuilder($"CREATE VIEW {view} AS SELECT {string.Join(", ", columns)};\n")
            .Append(CultureInfo.InvariantCulture, $"COMMENT ON VIEW {view} IS {Literal(relation.Cube.Description.En)};\n");
        foreach (var column in relation.Columns)
        {
            sql.Append(CultureInfo.InvariantCulture, $"COMMENT ON COLUMN {view}.{Quote(column.Name)} IS {Literal(column.Description.En)};\n");
        }

        return sql.ToString();
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
