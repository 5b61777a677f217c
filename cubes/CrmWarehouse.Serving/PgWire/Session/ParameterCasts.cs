using System.Text;
using CrmWarehouse.Serving.PgWire.Types;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Native;

namespace CrmWarehouse.Serving.PgWire.Session;

/// <summary>
/// <c>SELECT $1</c> gives DuckDB nothing to infer the parameter's type from, so the statement's result type is
/// unknown until it runs; PostgreSQL takes the type the client declared in Parse. Those parameters get a cast to the
/// declared type, so that Describe answers before Execute, as clients expect.
/// </summary>
internal static class ParameterCasts
{
    public static bool Needed(StatementShape shape, IReadOnlyList<PgType?> declared) =>
        shape.Parameters.Where((p, i) => Unknown(p) && i < declared.Count && declared[i] is not null).Any();

    public static string Apply(string sql, StatementShape shape, IReadOnlyList<PgType?> declared)
    {
        var result = new StringBuilder(sql.Length + 32);
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                var end = sql.IndexOf(c, i + 1);
                end = end < 0 ? sql.Length : end + 1;
                result.Append(sql, i, end - i);
                i = end;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var end = sql.IndexOf('\n', i);
                end = end < 0 ? sql.Length : end;
                result.Append(sql, i, end - i);
                i = end;
            }
            else if (c == '$' && i + 1 < sql.Length && char.IsAsciiDigit(sql[i + 1]) && (i == 0 || !char.IsLetterOrDigit(sql[i - 1])))
            {
                var end = i + 1;
                while (end < sql.Length && char.IsAsciiDigit(sql[end]))
                {
                    end++;
                }

                var number = int.Parse(sql.AsSpan(i + 1, end - i - 1), System.Globalization.CultureInfo.InvariantCulture);
                var index = number - 1;
                if (index >= 0 && index < shape.Parameters.Count && Unknown(shape.Parameters[index]) && index < declared.Count && declared[index] is { } type)
                {
                    result.Append("CAST($").Append(number).Append(" AS ").Append(type.DuckDbName).Append(')');
                }
                else
                {
                    result.Append(sql, i, end - i);
                }

                i = end;
            }
            else
            {
                result.Append(c);
                i++;
            }
        }

        return result.ToString();
    }

    private static bool Unknown(DuckDbColumnType type) => type.Type is DuckDBType.Invalid or DuckDBType.SqlNull or DuckDBType.Any;
}
