using System.Data.Common;

namespace CrmWarehouse.Etl.Extract;

/// <summary>
/// The key/value pairs of a connection string as written in the configuration (before the password is added), read
/// with <see cref="DbConnectionStringBuilder"/> so that quoted values are honoured; keys ignore case and spaces.
/// </summary>
public sealed class ConnectionStringParts
{
    private readonly Dictionary<string, string> _parts = new(StringComparer.OrdinalIgnoreCase);

    public ConnectionStringParts(string? connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString ?? string.Empty };
        foreach (string key in builder.Keys)
        {
            _parts[Normalised(key)] = Convert.ToString(builder[key], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }
    }

    /// <summary>The value of the first of <paramref name="keys"/> that is present.</summary>
    public string? Get(params string[] keys) => keys.Select(k => _parts.GetValueOrDefault(Normalised(k))).FirstOrDefault(v => v is not null);

    private static string Normalised(string key) => key.Replace(" ", string.Empty, StringComparison.Ordinal);
}
