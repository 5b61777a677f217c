namespace CrmWarehouse.Serving.Security;

/// <summary>
/// A role as config/roles.json declares it: which relations it sees (through the views of its schema,
/// <see cref="ViewSchema"/>), whether personal data shows in clear, and which doors' actions it may take.
/// </summary>
public sealed class Role
{
    internal Role(RoleDeclaration declaration)
    {
        Name = declaration.Name;
        Description = declaration.Description ?? string.Empty;
        PersonalDataInClear = string.Equals(declaration.PersonalData, "clear", StringComparison.OrdinalIgnoreCase);
        MayQueryCubes = declaration.Cubes;
        MayLoad = declaration.Loads;
        FiltersByBranch = string.Equals(declaration.RowFilter, "branches", StringComparison.OrdinalIgnoreCase);
        Declaration = declaration;
        Scope = new RoleScope(ViewSchema, declaration.BaseSchemas,
            declaration.BaseSchemas ? [.. declaration.Relations.Select(pattern => pattern.Split('.')[0]).Where(schema => !schema.Contains('*', StringComparison.Ordinal)).Distinct(StringComparer.OrdinalIgnoreCase)] : []);
    }

    public string Name { get; }

    public string Description { get; }

    /// <summary>The schema of views this role reads the warehouse through: <c>role_&lt;name&gt;</c>.</summary>
    public string ViewSchema => "role_" + Name;

    public bool PersonalDataInClear { get; }

    /// <summary>May run cube queries (which read the star schema and rollups for the whole bank).</summary>
    public bool MayQueryCubes { get; }

    /// <summary>May trigger loads and manage users (admin).</summary>
    public bool MayLoad { get; }

    /// <summary>Rows are limited to the user's branches (the views read the connection's <c>crmw_branches</c> variable).</summary>
    public bool FiltersByBranch { get; }

    /// <summary>What ad-hoc SQL of this role may name; the SQL gate checks queries against it.</summary>
    public RoleScope Scope { get; }

    internal RoleDeclaration Declaration { get; }

    public override string ToString() => Name;
}

/// <summary>One entry of <c>roles</c> in config/roles.json.</summary>
internal sealed class RoleDeclaration
{
    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    /// <summary><c>clear</c> or <c>masked</c> (the default).</summary>
    public string? PersonalData { get; set; }

    /// <summary><c>schema.table</c> patterns; <c>*</c> matches any run of characters.</summary>
    public List<string> Relations { get; set; } = [];

    /// <summary>A relation with any of these columns is left out (e.g. the customer keys, for "no row-level customer data").</summary>
    public List<string> WithoutColumns { get; set; } = [];

    /// <summary><c>branches</c>, or nothing.</summary>
    public string? RowFilter { get; set; }

    /// <summary>Ad-hoc SQL may also name the base schemas (dw, mart, …) directly, not only the role's views.</summary>
    public bool BaseSchemas { get; set; }

    public bool Cubes { get; set; }

    public bool Loads { get; set; }
}
