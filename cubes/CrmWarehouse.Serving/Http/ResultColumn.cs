using System.Reflection;
using System.Text;
using DuckDB.NET.Native;
using LinqToDB.Mapping;

namespace CrmWarehouse.Serving.Http;

/// <summary>
/// A column of a typed result (<see cref="ResultTable.From{T}"/>): its name and DuckDB type as a SQL answer would
/// show them, and how to read it from a row. Keeps the JSON of a LINQ answer the same as that of the SQL it replaced.
/// </summary>
internal sealed record ResultColumn(string Name, string Type, Func<object, object?> Get)
{
    private static readonly Dictionary<Type, DuckDBType> Types = new()
    {
        [typeof(bool)] = DuckDBType.Boolean, [typeof(sbyte)] = DuckDBType.TinyInt, [typeof(short)] = DuckDBType.SmallInt,
        [typeof(int)] = DuckDBType.Integer, [typeof(long)] = DuckDBType.BigInt, [typeof(float)] = DuckDBType.Float,
        [typeof(double)] = DuckDBType.Double, [typeof(decimal)] = DuckDBType.Decimal, [typeof(string)] = DuckDBType.Varchar,
        [typeof(DateOnly)] = DuckDBType.Date, [typeof(DateTime)] = DuckDBType.Timestamp, [typeof(DateTimeOffset)] = DuckDBType.TimestampTz,
    };

    public static IReadOnlyList<ResultColumn> Of(Type row) =>
        [.. row.GetProperties(BindingFlags.Public | BindingFlags.Instance).SelectMany(property =>
            property.PropertyType.GetCustomAttribute<TableAttribute>() is null
                ? [new ResultColumn(SnakeCase(property.Name), TypeName(property.PropertyType), property.GetValue)]
                : Spread(property))];

    /// <summary>The mapped columns of a whole table row, in declaration order; as_of is the answer's header.</summary>
    private static IEnumerable<ResultColumn> Spread(PropertyInfo outer) =>
        from inner in outer.PropertyType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        let column = inner.GetCustomAttribute<ColumnAttribute>()
        where column?.Name is not null and not "as_of"
        select new ResultColumn(column.Name!, TypeName(inner.PropertyType), row => outer.GetValue(row) is { } value ? inner.GetValue(value) : null);

    private static string TypeName(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        return Types.TryGetValue(plain, out var known) ? known.ToString()
            : typeof(System.Collections.IDictionary).IsAssignableFrom(plain) ? nameof(DuckDBType.Map)
            : typeof(System.Collections.IEnumerable).IsAssignableFrom(plain) ? nameof(DuckDBType.List)
            : throw new NotSupportedException($"No DuckDB type for {plain.Name} in a typed result.");
    }

    /// <summary>AccountNumber → account_number, PrecisionAt10 → precision_at_10: the SQL column names.</summary>
    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && (char.IsUpper(name[i]) || (char.IsAsciiDigit(name[i]) && !char.IsAsciiDigit(name[i - 1]))))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
