using System.Globalization;
using System.Text;
using CrmWarehouse.Serving.PgWire.Types;

namespace CrmWarehouse.Serving.PgWire.Session;

/// <summary>
/// The rows of the session's pg_type (PgRoleCatalog.sql): every type this server sends, with the names PostgreSQL's
/// format_type and information_schema.columns give them, so that catalogue answers and RowDescriptions agree.
/// </summary>
internal static class PgTypeRows
{
    /// <summary>format_type's name and information_schema's data_type, by OID (PostgreSQL 16).</summary>
    private static readonly Dictionary<uint, (string Display, string Sql)> Names = new()
    {
        [16] = ("boolean", "boolean"),
        [17] = ("bytea", "bytea"),
        [18] = ("\"char\"", "\"char\""),
        [19] = ("name", "name"),
        [20] = ("bigint", "bigint"),
        [21] = ("smallint", "smallint"),
        [23] = ("integer", "integer"),
        [25] = ("text", "text"),
        [26] = ("oid", "oid"),
        [114] = ("json", "json"),
        [700] = ("real", "real"),
        [701] = ("double precision", "double precision"),
        [1042] = ("character", "character"),
        [1043] = ("character varying", "character varying"),
        [1082] = ("date", "date"),
        [1083] = ("time without time zone", "time without time zone"),
        [1114] = ("timestamp without time zone", "timestamp without time zone"),
        [1184] = ("timestamp with time zone", "timestamp with time zone"),
        [1186] = ("interval", "interval"),
        [1266] = ("time with time zone", "time with time zone"),
        [1700] = ("numeric", "numeric"),
        [2950] = ("uuid", "uuid"),
        [3802] = ("jsonb", "jsonb"),
    };

    /// <summary>The VALUES rows (oid, typname, typlen, typbyval, typtype, typcategory, typelem, typarray, display, sqltype).</summary>
    public static string Values()
    {
        var rows = new List<string>();
        foreach (var type in PgType.Scalars)
        {
            var (display, sql) = Names[type.Oid];
            var byValue = type.Size is > 0 and <= 8 && type.Oid is not (19 or 2950 or 1186 or 1266);
            rows.Add(Row(type.Oid, type.Name, type.Size, byValue, 'b', type.Category, 0, type.ArrayOid, display, sql));
            rows.Add(Row(type.ArrayOid, "_" + type.Name, -1, false, 'b', 'A', type.Oid, 0, display + "[]", "ARRAY"));
        }

        rows.Add(Row(PgType.Unknown.Oid, "unknown", -2, false, 'p', 'X', 0, 0, "unknown", "unknown"));
        rows.Add(Row(2249, "record", -1, false, 'p', 'P', 0, 2287, "record", "record"));
        rows.Add(Row(2278, "void", 4, true, 'p', 'P', 0, 0, "void", "void"));
        return string.Join(",\n    ", rows);
    }

    private static string Row(uint oid, string name, short size, bool byValue, char kind, char category, uint element, uint array, string display, string sql) =>
        new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"({oid}::BIGINT, {Literal(name)}, {size}, {(byValue ? "true" : "false")}, '{kind}', '{category}', ")
            .Append(CultureInfo.InvariantCulture, $"{element}::BIGINT, {array}::BIGINT, {Literal(display)}, {Literal(sql)})")
            .ToString();

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
