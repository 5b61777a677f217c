using System.Globalization;
using System.Text.RegularExpressions;
using CrmWarehouse.Serving.PgWire.Types;

namespace CrmWarehouse.Serving.PgWire.Session;

/// <summary>
/// Probes the server answers itself because DuckDB's pg_catalog lacks what they join (pg_proc's receive functions,
/// pg_range, pg_enum): Npgsql's type loading above all, which every Npgsql connection runs once.
/// </summary>
internal static class KnownProbes
{
    /// <summary>
    /// A probe DuckDB cannot run as written, as a query over the session's catalogue views that answers the same:
    /// pgJDBC's getPrimaryKeys expands pg_index.indkey with information_schema._pg_expandarray and a composite field.
    /// </summary>
    public static string Rewrite(string sql)
    {
        if (!sql.Contains("_pg_expandarray", StringComparison.Ordinal) || !sql.Contains("indisprimary", StringComparison.Ordinal))
        {
            return sql;
        }

        var schema = JdbcFilter("n.nspname").Match(sql);
        var table = JdbcFilter("ct.relname").Match(sql);
        return "SELECT NULL::VARCHAR AS table_cat, table_schem, table_name, column_name, key_seq, pk_name FROM pg_crmw_primary_keys WHERE true"
            + (schema.Success ? $" AND table_schem = '{schema.Groups["value"].Value}'" : string.Empty)
            + (table.Success ? $" AND table_name = '{table.Groups["value"].Value}'" : string.Empty)
            + " ORDER BY table_name, pk_name, key_seq";
    }

    // pgJDBC writes its filters as  alias = E'value'  or  alias = 'value' (quotes doubled inside).
    private static Regex JdbcFilter(string column) => new(Regex.Escape(column) + @"\s*=\s*E?'(?<value>(?:[^'\\]|''|\\.)*)'", RegexOptions.CultureInvariant);

    public static CannedResult? Answer(string sql, SessionSettings settings, PgUser user)
    {
        if (sql.Contains("array_recv", StringComparison.Ordinal) && sql.Contains("pg_type", StringComparison.Ordinal))
        {
            return NpgsqlTypes();
        }

        if (sql.Contains("Load field definitions for (free-standing) composite types", StringComparison.Ordinal))
        {
            return Empty("oid", "attname", "atttypid");
        }

        if (sql.Contains("Load enum fields", StringComparison.Ordinal))
        {
            return Empty("oid", "enumlabel");
        }

        if (sql.Contains("pg_catalog.pg_publication p", StringComparison.Ordinal))
        {
            // psql's \d lists the publications of a table; there are none, and DuckDB cannot bind the query.
            return sql.Contains("prqual", StringComparison.Ordinal) ? Empty("pubname", "prqual", "prattrs") : Empty("pubname");
        }

        return null;
    }

    /// <summary>Npgsql's type list: nspname, oid, typname, typtype ('b' base, 'a' array, 'p' pseudo), typnotnull, elemtypoid.</summary>
    private static CannedResult NpgsqlTypes()
    {
        var rows = new List<object?[]>();
        foreach (var type in PgType.Scalars)
        {
            rows.Add(["pg_catalog", Oid(type.Oid), type.Name, "b", "f", null]);
        }

        rows.Add(["pg_catalog", Oid(PgType.Unknown.Oid), "unknown", "p", "f", null]);
        rows.Add(["pg_catalog", "2249", "record", "p", "f", null]);
        rows.Add(["pg_catalog", "2278", "void", "p", "f", null]);
        foreach (var type in PgType.Scalars)
        {
            rows.Add(["pg_catalog", Oid(type.ArrayOid), "_" + type.Name, "a", "f", Oid(type.Oid)]);
        }

        return new CannedResult(
            new[] { "nspname", "oid", "typname", "typtype", "typnotnull", "elemtypoid" }.Select(PgColumn.Text).ToList(),
            rows);
    }

    private static CannedResult Empty(params string[] columns) => new(columns.Select(PgColumn.Text).ToList(), []);

    private static string Oid(uint oid) => oid.ToString(CultureInfo.InvariantCulture);
}
