
namespace CrmWarehouse.Etl.Extract;

/// <summary>The kinds of source by their name in the configuration; each has its dialect (<see cref="SourceDialects"/>).</summary>
internal static class SourceProvider
{
    public const string Postgres = "Postgres";
    public const string MariaDb = "MariaDb";
    public const string Sqlite = "Sqlite";
    public const string SqlServer = "SqlServer";
    public const string Odbc = "Odbc";
    public const string Csv = "Csv";
}

/// <summary>
/// One operational system to extract from (config section "Sources"). For databases, <see cref="ConnectionString"/>;
/// for CSV, <see cref="Directory"/> with one file per table. A password may be left out of the connection string and
/// given by the environment variable named in <see cref="PasswordVariable"/>.
/// </summary>
public sealed class SourceOptions
{
    public string Name { get; set; } = string.Empty;

    /// <summary>The kind of source (<see cref="SourceProvider"/>): which dialect opens and queries it.</summary>
    public string Provider { get; set; } = string.Empty;

    public string? ConnectionString { get; set; }

    public string? PasswordVariable { get; set; }

    /// <summary>For ODBC: the kind of database behind the driver, whose SQL the queries are written in.</summary>
    public string? SqlDialect { get; set; }

    public string? Directory { get; set; }

    /// <summary>CSV text encoding by name (utf-8, gb18030, …).</summary>
    public string Encoding { get; set; } = "utf-8";

    public string Delimiter { get; set; } = ",";

    public List<SourceTableOptions> Tables { get; set; } = [];

    /// <summary>How this kind of source is opened and queried.</summary>
    public SourceDialect Dialect => SourceDialects.For(this);

    /// <summary>A copy pointing at another database or folder, or read as another kind.</summary>
    public SourceOptions With(string? connectionString = null, string? directory = null, string? provider = null, string? sqlDialect = null) => new()
    {
        Name = Name, Provider = provider ?? Provider, ConnectionString = connectionString ?? ConnectionString, PasswordVariable = PasswordVariable,
        SqlDialect = sqlDialect ?? SqlDialect, Directory = directory ?? Directory, Encoding = Encoding, Delimiter = Delimiter, Tables = Tables,
    };

    /// <summary>Where the source lives, for error messages: the file or folder, or host, port and database (never a password).</summary>
    public string Location() => Dialect.Location(this);

    /// <summary>The connection string with the password from the environment, if one is named.</summary>
    public string ResolvedConnectionString()
    {
        var text = ConnectionString ?? throw new InvalidOperationException($"Source '{Name}' has no ConnectionString.");
        if (string.IsNullOrEmpty(PasswordVariable))
        {
            return text;
        }

        var password = Environment.GetEnvironmentVariable(PasswordVariable)
            ?? throw new InvalidOperationException($"Source '{Name}' takes its password from the environment variable {PasswordVariable}, which is not set.");
        return $"{text.TrimEnd(';')};{Dialect.PasswordKeyword}={password}";
    }
}

/// <summary>How one table of a source is read.</summary>
public sealed class SourceTableOptions
{
    /// <summary>The table's name in the source (for CSV, the file name without .csv).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The column(s) that identify a row, comma-separated; their values become the staging row's source_key.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>A column that grows whenever a row changes (e.g. updated_at); empty = the table is reloaded whole.</summary>
    public string? ChangeColumn { get; set; }

    public IReadOnlyList<string> KeyColumns => Key.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public bool IsIncremental => !string.IsNullOrWhiteSpace(ChangeColumn);

    /// <summary>
    /// How rows deleted in the source (not updated: gone) are found for an incremental table, whose watermark read never
    /// sees them: <see cref="KeyCheck.EveryBatch"/> reads the table's keys every batch (small tables);
    /// <see cref="KeyCheck.Scheduled"/> (the default) only on the schedule's reconciliation day or when a load asks
    /// (big tables). A table read whole each batch is compared in full every time, whatever this says.
    /// </summary>
    public KeyCheck KeyCheck { get; set; } = KeyCheck.Scheduled;

    /// <summary>For a CSV file in an encoding of its own (the GB18030 legacy export among UTF-8 files).</summary>
    public string? Encoding { get; set; }
}

/// <summary>When an incremental table's keys are compared with the warehouse's to find hard deletes.</summary>
public enum KeyCheck
{
    Scheduled,
    EveryBatch,
}
