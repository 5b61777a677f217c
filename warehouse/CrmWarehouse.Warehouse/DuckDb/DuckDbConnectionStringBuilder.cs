using System.Data.Common;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>
/// "Data Source=PATH" (or ":memory:", ":memory:NAME") plus any DuckDB setting, e.g.
/// "Data Source=data/warehouse.duckdb;threads=2;memory_limit=4GB;access_mode=READ_ONLY".
/// </summary>
public sealed class DuckDbConnectionStringBuilder : DbConnectionStringBuilder
{
    private const string DataSourceKey = "Data Source";

    public DuckDbConnectionStringBuilder()
    {
    }

    public DuckDbConnectionStringBuilder(string? connectionString) => ConnectionString = connectionString ?? string.Empty;

    public string DataSource
    {
        get => TryGetValue(DataSourceKey, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty
            : TryGetValue("DataSource", out value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty
            : ":memory:";
        set => this[DataSourceKey] = value;
    }

    /// <summary>Every key other than the data source: passed to DuckDB as database settings.</summary>
    public IReadOnlyDictionary<string, string> Settings =>
        Keys.Cast<string>()
            .Where(key => !key.Equals(DataSourceKey, StringComparison.OrdinalIgnoreCase) && !key.Equals("DataSource", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(key => key.ToLowerInvariant(), key => Convert.ToString(this[key], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
}
