namespace CrmWarehouse.Serving.Sql;

/// <summary>
/// What ad-hoc SQL may read: the tables and views of some schemas (a role's view schema, <c>cubes</c>), optionally
/// only some relations of them, and what a door adds for its clients (the wire protocol's catalogue views and
/// compatibility macros). Every scope gets DuckDB's safe built-ins (<see cref="FunctionAllowList"/>); no scope can add a
/// function that reaches files, settings or other databases, because the sandbox refuses those whatever the gate says.
/// </summary>
internal sealed record SqlScope
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();

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

    /// <summary>
    /// More names a query may use unqualified, which the door guarantees resolve to what it made for them (the wire
    /// protocol's temporary catalogue views, e.g. <c>pg_database</c>), first on the search path.
    /// </summary>
    public IReadOnlySet<string> Unqualified { get; init; } = None;

    /// <summary>
    /// Schemas of <see cref="Schemas"/> whose every relation may be read even when <see cref="Relations"/> lists some:
    /// admin's base schemas beside its own views, so a table that does not exist there gets DuckDB's "does not exist".
    /// </summary>
    public IReadOnlySet<string> OpenSchemas { get; init; } = None;

    /// <summary>
    /// More functions a query may call, by the name it writes (<c>pg_get_userbyid</c>, or <c>pg_catalog.format_type</c>
    /// when qualified): a door's compatibility macros and catalogue functions. Compared without regard to case.
    /// </summary>
    public IReadOnlySet<string> Functions { get; init; } = None;

    /// <summary>True when <paramref name="schema"/>.<paramref name="name"/> may be read.</summary>
    public bool Allows(string schema, string name) =>
        Schemas.Contains(schema) && (Relations is null || OpenSchemas.Contains(schema) || Relations.Contains($"{schema}.{name}"));

    /// <summary>The relation an unqualified <paramref name="name"/> may be read as (see <see cref="DefaultSchema"/>, <see cref="Unqualified"/>), or null.</summary>
    public string? ResolveUnqualified(string name) =>
        DefaultSchema is not null && Relations is not null && Relations.Contains($"{DefaultSchema}.{name}") ? $"{DefaultSchema}.{name}"
        : Unqualified.Any(u => u.Equals(name, StringComparison.OrdinalIgnoreCase)) ? name
        : null;

    /// <summary>True when the scope adds <paramref name="function"/> (written <c>name</c> or <c>schema.name</c>) to the built-ins.</summary>
    public bool AddsFunction(CatalogName function) =>
        function.Catalog.Length == 0 && Functions.Any(f => f.Equals(function.Schema.Length == 0 ? function.Name : $"{function.Schema}.{function.Name}", StringComparison.OrdinalIgnoreCase));

    public string Describe() => string.Join(", ", Schemas.Order(StringComparer.Ordinal));

    /// <summary>Two scopes are equal when they allow the same things (the gate keeps verdicts by scope).</summary>
    public bool Equals(SqlScope? other) =>
        ReferenceEquals(this, other) || (other is not null && Schemas.SetEquals(other.Schemas)
        && string.Equals(DefaultSchema, other.DefaultSchema, StringComparison.OrdinalIgnoreCase)
        && (Relations is null ? other.Relations is null : other.Relations is not null && Relations.SetEquals(other.Relations))
        && Unqualified.SetEquals(other.Unqualified) && Functions.SetEquals(other.Functions) && OpenSchemas.SetEquals(other.OpenSchemas));

    public override int GetHashCode() =>
        Schemas.Aggregate(Relations?.Count ?? -1, (hash, schema) => hash ^ StringComparer.OrdinalIgnoreCase.GetHashCode(schema));
}
