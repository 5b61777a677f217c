namespace CrmWarehouse.Cubes.Sql;

/// <summary>
/// What ad-hoc SQL may read: the tables and views of some schemas (a role's view schema, <c>cubes</c>), and optionally
/// only some relations of them. Functions are not part of a scope: every scope gets the same allow-list
/// (<see cref="FunctionAllowList"/>), because no role may reach files, settings or other databases.
/// </summary>
internal sealed record SqlScope
{
    public SqlScope(IEnumerable<string> schemas, IEnumerable<string>? relations = null, string? defaultSchema = null)
    {
        Schemas = new HashSet<string>(schemas, StringComparer.OrdinalIgnoreCase);
        Relations = relations is null ? null : new HashSet<string>(relations, StringComparer.OrdinalIgnoreCase);
        DefaultSchema = defaultSchema;
        if (Schemas.Count == 0)
        {
            throw new ArgumentException("A SQL scope needs at least one schema.", nameof(schemas));
        }
    }

    /// <summary>
    /// The scope of <c>POST /api/sql</c> before there are roles: the star schema, the marts, the rollups and the load
    /// history, as the endpoint has always served them; never <c>staging</c> (raw source rows) or <c>main</c>.
    /// </summary>
    public static SqlScope Warehouse { get; } = new(["dw", "mart", "agg", "audit"]);

    /// <summary>Schemas whose tables and views may be read (DuckDB compares names without regard to case).</summary>
    public IReadOnlySet<string> Schemas { get; }

    /// <summary>When not null, only these relations (<c>schema.name</c>) of <see cref="Schemas"/> may be read.</summary>
    public IReadOnlySet<string>? Relations { get; }

    /// <summary>
    /// The schema the connection's search path resolves an unqualified name in (a role's view schema), or null: then
    /// every table must be named <c>schema.table</c>. An unqualified name is allowed only when <see cref="Relations"/>
    /// lists it in this schema: DuckDB looks a name missing there up further along its path (the system catalogue's
    /// views such as <c>duckdb_settings</c>, a file named like a table), so only names known to be there are safe.
    /// </summary>
    public string? DefaultSchema { get; }

    /// <summary>True when <paramref name="schema"/>.<paramref name="name"/> may be read.</summary>
    public bool Allows(string schema, string name) =>
        Schemas.Contains(schema) && (Relations is null || Relations.Contains($"{schema}.{name}"));

    /// <summary>True when the unqualified <paramref name="name"/> resolves to a relation that may be read (see <see cref="DefaultSchema"/>).</summary>
    public bool AllowsUnqualified(string name) =>
        DefaultSchema is not null && Relations is not null && Allows(DefaultSchema, name);

    public string Describe() => string.Join(", ", Schemas.Order(StringComparer.Ordinal));

    /// <summary>Two scopes are equal when they allow the same schemas and relations (the gate keeps verdicts by scope).</summary>
    public bool Equals(SqlScope? other) =>
        other is not null && Schemas.SetEquals(other.Schemas)
        && string.Equals(DefaultSchema, other.DefaultSchema, StringComparison.OrdinalIgnoreCase)
        && (Relations is null ? other.Relations is null : other.Relations is not null && Relations.SetEquals(other.Relations));

    public override int GetHashCode() =>
        Schemas.Aggregate(Relations?.Count ?? -1, (hash, schema) => hash ^ StringComparer.OrdinalIgnoreCase.GetHashCode(schema));
}
