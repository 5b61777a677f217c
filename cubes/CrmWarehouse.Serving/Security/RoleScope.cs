using CrmWarehouse.Serving.Sql;

namespace CrmWarehouse.Serving.Security;

/// <summary>
/// The relations a role's ad-hoc SQL may name, for the SQL gate of every door: the views of its schema (by their
/// own name, which the connection's search path resolves, or qualified), and for a role that may, the base schemas.
/// <see cref="Views"/> is filled when the views are generated (at start and after each load).
/// </summary>
public sealed class RoleScope(string viewSchema, bool baseSchemas, IReadOnlyList<string> declaredSchemas)
{
    // Before the views are first generated (a service starting on a warehouse not yet loaded), a base-schema role
    // already reads the schemas its declaration names.
    private volatile Generated _generated = new(new HashSet<string>(), Scope(viewSchema, baseSchemas, declaredSchemas, []));

    /// <summary>The schema holding the role's views; the connection's search path for the role.</summary>
    public string ViewSchema { get; } = viewSchema;

    /// <summary>True for a role that may read the warehouse's own schemas, not only its views (admin).</summary>
    public bool BaseSchemas { get; } = baseSchemas;

    /// <summary>The names of the views in <see cref="ViewSchema"/>, as last generated.</summary>
    public IReadOnlySet<string> Views => _generated.Views;

    /// <summary>
    /// What the SQL gate lets this role's ad-hoc SQL read: its views (unqualified through the search path, or qualified),
    /// and for a role with <see cref="BaseSchemas"/> the relations behind them as well.
    /// </summary>
    internal SqlScope Sql => _generated.Sql;

    /// <summary>
    /// Whether a query may name <paramref name="schema"/>.<paramref name="name"/> (schema null: unqualified, resolved in
    /// the role's schema); <paramref name="catalog"/> other than the warehouse's own is never allowed unless
    /// <see cref="BaseSchemas"/>.
    /// </summary>
    public bool Allows(string? catalog, string? schema, string name)
    {
        if (BaseSchemas)
        {
            return true;
        }

        var inViews = schema is null || schema.Equals(ViewSchema, StringComparison.OrdinalIgnoreCase);
        return inViews && (catalog is null or "") && Views.Contains(name);
    }

    /// <summary>Whether the role has a view named <paramref name="name"/> (a relation the doors read on its behalf).</summary>
    public bool HasView(string name) => Views.Contains(name);

    /// <summary>Takes the relations the role's views were just generated over (one view per relation, named as its table).</summary>
    internal void SetViews(IEnumerable<(string Schema, string Table)> relations)
    {
        var seen = relations.ToList();
        _generated = new Generated(
            new HashSet<string>(seen.Select(r => r.Table), StringComparer.OrdinalIgnoreCase),
            Scope(ViewSchema, BaseSchemas, [.. declaredSchemas, .. seen.Select(r => r.Schema)], seen.Select(r => r.Table)));
    }

    /// <summary>
    /// Named with its schema, any relation of the role's own view schema may be asked for: DuckDB looks a qualified name
    /// up there only, so one that is missing gets "does not exist" (42P01 over the wire) and nothing else. Unqualified,
    /// only the views made. A base-schema role (admin) may also read its schemas whole.
    /// </summary>
    private static SqlScope Scope(string viewSchema, bool baseSchemas, IEnumerable<string> schemas, IEnumerable<string> views)
    {
        var open = new HashSet<string>([viewSchema, .. baseSchemas ? schemas : []], StringComparer.OrdinalIgnoreCase);
        return new SqlScope(open, views.Select(v => $"{viewSchema}.{v}"), viewSchema) { OpenSchemas = open };
    }

    private sealed record Generated(IReadOnlySet<string> Views, SqlScope Sql);
}
