namespace CrmWarehouse.Serving.Security;

/// <summary>
/// The relations a role's ad-hoc SQL may name, for the SQL gate of every door: the views of its schema (by their
/// own name, which the connection's search path resolves, or qualified), and for a role that may, the base schemas.
/// <see cref="Views"/> is filled when the views are generated (at start and after each load).
/// </summary>
public sealed class RoleScope(string viewSchema, bool baseSchemas)
{
    private volatile IReadOnlySet<string> _views = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The schema holding the role's views; the connection's search path for the role.</summary>
    public string ViewSchema { get; } = viewSchema;

    /// <summary>True for a role that may read the warehouse's own schemas, not only its views (admin).</summary>
    public bool BaseSchemas { get; } = baseSchemas;

    /// <summary>The names of the views in <see cref="ViewSchema"/>, as last generated.</summary>
    public IReadOnlySet<string> Views => _views;

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
        return inViews && (catalog is null or "") && _views.Contains(name);
    }

    /// <summary>Whether the role has a view named <paramref name="name"/> (a relation the doors read on its behalf).</summary>
    public bool HasView(string name) => _views.Contains(name);

    internal void SetViews(IEnumerable<string> views) => _views = new HashSet<string>(views, StringComparer.OrdinalIgnoreCase);
}
