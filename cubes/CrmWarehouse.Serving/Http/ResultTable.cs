using CrmWarehouse.Serving.Security;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;
using LinqToDB.Mapping;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// The rows of an answer as <see cref="ResultWriter"/> writes them: column names and DuckDB types, each value as
/// DuckDB's text (exact for DECIMAL and HUGEINT), read from a DuckDB reader as the answer is sent, or from typed rows.
/// </summary>
public static class ResultTable
{
    /// <summary>The columns of <paramref name="reader"/> (name, DuckDB type).</summary>
    public static IReadOnlyList<(string Name, string Type)> Columns(DuckDBDataReader reader) =>
        Enumerable.Range(0, reader.FieldCount).Select(i => (reader.GetName(i), reader.GetDataTypeName(i))).ToList();

    /// <summary>
    /// The rows of <paramref name="reader"/>, read one at a time as they are enumerated; the token is checked per row,
    /// because a streaming reader may report an interrupted query as its end.
    /// </summary>
    public static IEnumerable<string?[]> Rows(DuckDBDataReader reader, CancellationToken cancellationToken)
    {
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetText(i);
            }

            yield return row;
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Typed rows (a LINQ projection) as an answer: a column per property in declaration order, named in snake_case as
    /// the SQL names it and typed as DuckDB types it; a whole mapped row (a property whose type has
    /// <see cref="TableAttribute"/>) spreads into its mapped columns, less <c>as_of</c>, which the answer's header carries.
    /// </summary>
    public static ResultAnswer From<T>(IEnumerable<T> rows, ServingLimits limits, int maxRows, string? format, string fileName, Action<System.Text.Json.Utf8JsonWriter>? header = null)
    {
        var columns = ResultColumn.Of(typeof(T));
        return new ResultAnswer(
            columns.Select(c => (c.Name, c.Type)).ToList(),
            rows.Select(row => columns.Select(c => c.Get(row!) is { } value ? DuckDbExtensions.Text(value) : null).ToArray()),
            maxRows,
            limits.MaxResultBytes,
            format,
            fileName,
            header);
    }
}
