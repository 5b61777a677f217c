using System.Text;
using System.Text.RegularExpressions;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Serving.Security;

/// <summary>
/// Generates each role's schema of views from its declaration: one view per relation it may see, named as the
/// relation (<c>role_analyst.dim_customer</c> over <c>dw.dim_customer</c>), personal columns masked by the bodies of
/// DuckDB's <c>mask.*</c> macros (<see cref="MaskExpressions"/>), rows limited to the user's branches for a
/// branch-filtered role. Every door reads through these views, so every door applies the same rules. Run when the
/// service starts and after each load publishes (new rollup tables appear then); all roles are replaced in one
/// transaction, so a reader sees old or new views.
/// </summary>
public static class RoleViews
{
    /// <summary>The connection variable a branch-filtered view reads: the user's branch codes (a VARCHAR list).</summary>
    public const string BranchesVariable = "crmw_branches";

    private static readonly string ColumnsSql = ReadSql("role_view_columns");

    // The service refreshes at start and after each publish, which can overlap; one refresh at a time.
    private static readonly Lock Refreshing = new();

    /// <summary>(Re)creates the views of every role in <paramref name="roles"/> and records them on each role's scope.</summary>
    public static void Refresh(DuckDBConnection connection, RoleCatalog roles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roles);
        lock (Refreshing)
        {
            RefreshAll(connection, roles, cancellationToken);
        }
    }

    private static void RefreshAll(DuckDBConnection connection, RoleCatalog roles, CancellationToken cancellationToken)
    {
        var relations = Relations(connection, cancellationToken);
        var script = new StringBuilder("BEGIN TRANSACTION;\n");
        var generated = new Dictionary<Role, List<Relation>>();
        var masks = new MaskExpressions(connection, cancellationToken);
        foreach (var role in roles.Roles)
        {
            var views = new Dictionary<string, Relation>(StringComparer.OrdinalIgnoreCase);
            foreach (var relation in relations.Where(r => Visible(role, r)))
            {
                if (!views.TryAdd(relation.Table, relation))
                {
                    throw new InvalidDataException(
                        $"Role {role.Name} would see both {views[relation.Table].Schema}.{relation.Table} and {relation.Schema}.{relation.Table}: the views of a role share one schema, so narrow its relations in config/roles.json.");
                }
            }

            script.Append(CultureInvariant($"DROP SCHEMA IF EXISTS {Quote(role.ViewSchema)} CASCADE;\nCREATE SCHEMA {Quote(role.ViewSchema)};\n"));
            foreach (var relation in views.Values)
            {
                script.Append(View(role, relation, roles.Masks, masks, relations));
            }

            generated[role] = [.. views.Values];
        }

        script.Append("COMMIT;\n");
        try
        {
            connection.Execute(script.ToString(), cancellationToken);
        }
        catch
        {
            connection.Execute("ROLLBACK", CancellationToken.None);
            throw;
        }

        foreach (var (role, views) in generated)
        {
            role.Scope.SetViews(views.Select(v => (v.Schema, v.Table)));
        }

        // What the gate let through was judged against the views of before.
        Sql.GateVerdicts.Forget();
    }

    private static bool Visible(Role role, Relation relation) =>
        role.Declaration.Relations.Any(pattern => Like(pattern, relation.Schema + "." + relation.Table))
        && !relation.Columns.Any(c => role.Declaration.WithoutColumns.Contains(c.Name, StringComparer.OrdinalIgnoreCase));

    private static string View(Role role, Relation relation, IReadOnlyDictionary<string, string> masked, MaskExpressions masks, IReadOnlyList<Relation> all)
    {
        var columns = relation.Columns.Select(column =>
        {
            var kind = role.PersonalDataInClear ? null : masked.GetValueOrDefault($"{relation.Schema}.{relation.Table}.{column.Name}".ToLowerInvariant());
            return kind switch
            {
                null => Quote(column.Name),
                "redact" => $"NULL::{column.Type} AS {Quote(column.Name)}",
                _ => masks.Select(kind, column.Name),
            };
        });
        var filter = role.FiltersByBranch ? BranchFilter(relation, all) : null;
        return $"CREATE VIEW {Quote(role.ViewSchema)}.{Quote(relation.Table)} AS SELECT {string.Join(", ", columns)} FROM {Quote(relation.Schema)}.{Quote(relation.Table)}"
            + (filter is null ? string.Empty : " WHERE " + filter) + ";\n";
    }

    /// <summary>
    /// Rows of the user's branches: a relation with a branch key by that key; else one about customers by the
    /// customers holding an account at one of the branches; reference data (dates, products) is not filtered.
    /// Outside a session that set the variable, getvariable is NULL and the view is empty: it fails closed.
    /// </summary>
    private static string? BranchFilter(Relation relation, IReadOnlyList<Relation> all)
    {
        const string Branches = $"(SELECT branch_key FROM dw.dim_branch WHERE list_contains(getvariable('{BranchesVariable}'), code))";
        if (relation.Has("branch_key"))
        {
            return $"branch_key IN {Branches}";
        }

        return relation.Has("customer_id") && all.Any(r => r.Schema == "dw" && r.Table == "dim_account")
            ? $"customer_id IN (SELECT customer_id FROM dw.dim_account WHERE branch_key IN {Branches})"
            : null;
    }

    private static List<Relation> Relations(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        var relations = new List<Relation>();
        using var reader = connection.Reader(ColumnsSql, cancellationToken);
        while (reader.Read())
        {
            var (schema, table) = (reader.GetString(0), reader.GetString(1));
            if (relations.Count == 0 || relations[^1].Schema != schema || relations[^1].Table != table)
            {
                relations.Add(new Relation(schema, table, []));
            }

            relations[^1].Columns.Add(new Column(reader.GetString(2), reader.GetString(3)));
        }

        return relations;
    }

    private static bool Like(string pattern, string name) =>
        Regex.IsMatch(name, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static string ReadSql(string name)
    {
        using var stream = typeof(RoleViews).Assembly.GetManifestResourceStream($"Serving/{name}.sql")
            ?? throw new InvalidOperationException($"The embedded script {name}.sql is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed record Relation(string Schema, string Table, List<Column> Columns)
    {
        public bool Has(string column) => Columns.Any(c => c.Name.Equals(column, StringComparison.OrdinalIgnoreCase));
    }

    private sealed record Column(string Name, string Type);
}
