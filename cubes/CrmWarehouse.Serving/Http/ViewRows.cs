using System.Collections;
using System.Globalization;
using System.Numerics;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// Runs one of the doors' own SQL files on a connection set up for the principal (search path = the role's views, so
/// every unqualified name reads the role's masked, branch-filtered view) and returns its rows as JSON-ready objects:
/// column name → value, numbers as numbers, dates as ISO text, lists and structs as arrays and objects. For the
/// endpoints that answer with several small sections (customer 360, load health, dashboard figures).
/// </summary>
internal sealed class ViewRows(DuckDBConnection connection, Principal principal, QueryTrace trace, int maxRows)
{
    /// <summary>Whether the role has every one of <paramref name="views"/>; a section over a view it lacks is left out.</summary>
    public bool Sees(params string[] views) => views.All(principal.Scope.HasView);

    /// <summary>Refuses (403) unless the role sees every one of <paramref name="views"/>.</summary>
    public void Require(string what, params string[] views)
    {
        if (views.FirstOrDefault(v => !principal.Scope.HasView(v)) is { } missing)
        {
            throw new AccessDeniedException($"Role {principal.Role.Name} does not see {missing}, which {what} reads.");
        }
    }

    /// <summary>The rows of the embedded script <c>Serving/<paramref name="script"/>.sql</c> over <paramref name="views"/>, at most the row cap.</summary>
    public List<Dictionary<string, object?>> Read(string script, string[] views, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        Require(script.Replace('_', ' '), views);
        trace.Relations = [.. trace.Relations.Concat(views.Select(v => principal.Role.ViewSchema + "." + v)).Distinct()];
        var sql = SqlScript.From(typeof(ViewRows).Assembly, $"Serving/{script}.sql").Text;
        using var reader = connection.Reader(sql, cancellationToken, parameters);
        var rows = new List<Dictionary<string, object?>>();
        while (rows.Count < maxRows && reader.Read())
        {
            var row = new Dictionary<string, object?>(reader.FieldCount, StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : Plain(reader.GetValue(i), reader.GetDataTypeName(i) == "DATE");
            }

            rows.Add(row);
        }

        trace.Rows = (trace.Rows ?? 0) + rows.Count;
        return rows;
    }

    /// <summary>The first row of the script, or null.</summary>
    public Dictionary<string, object?>? One(string script, string[] views, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        Read(script, views, cancellationToken, parameters).FirstOrDefault();

    /// <summary>A value System.Text.Json writes as the SQL meant it (HUGEINT as a number, NaN as null, DATE without a time).</summary>
    private static object? Plain(object? value, bool date = false) => value switch
    {
        null or DBNull => null,
        string text => text,
        BigInteger big => (decimal)big,
        double d when !double.IsFinite(d) => null,
        float f when !float.IsFinite(f) => null,
        DateTime day when date => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFzzz", CultureInfo.InvariantCulture),
        IDictionary map => map.Keys.Cast<object>().ToDictionary(k => Convert.ToString(k, CultureInfo.InvariantCulture) ?? string.Empty, k => Plain(map[k])),
        IEnumerable list => list.Cast<object?>().Select(v => Plain(v)).ToList(),
        _ => value,
    };
}
