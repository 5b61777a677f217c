using System.Globalization;
using CrmWarehouse.Serving.PgWire.Types;

namespace CrmWarehouse.Serving.PgWire.Session;

/// <summary>
/// Probes the server answers itself because DuckDB's pg_catalog lacks what they join (pg_proc's receive functions,
/// pg_range, pg_enum): Npgsql's type loading above all, which every Npgsql connection runs once.
/// </summary>
internal static class KnownProbes
{
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
