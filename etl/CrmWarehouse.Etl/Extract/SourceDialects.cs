namespace CrmWarehouse.Etl.Extract;

/// <summary>
/// Every kind of source by its <c>Provider</c> name in the configuration. A new kind of database is one dialect class
/// and one line here (docs/adding-a-source.md).
/// </summary>
internal static class SourceDialects
{
    private static readonly Dictionary<string, Func<SourceOptions, SourceDialect>> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        [SourceProvider.Postgres] = _ => PostgresDialect.Instance,
        [SourceProvider.MariaDb] = _ => MariaDbDialect.Instance,
        [SourceProvider.Sqlite] = _ => SqliteDialect.Instance,
        [SourceProvider.SqlServer] = _ => SqlServerDialect.Instance,
        [SourceProvider.Csv] = _ => CsvDialect.Instance,
        [SourceProvider.Odbc] = source => new OdbcDialect(SqlBehindOdbc(source)),
    };

    /// <summary>The dialect of <paramref name="source"/>.</summary>
    public static SourceDialect For(SourceOptions source) => Resolve(source.Provider, source);

    private static SourceDialect Resolve(string kind, SourceOptions source) =>
        Kinds.TryGetValue(kind, out var dialect)
            ? dialect(source)
            : throw new InvalidOperationException($"Source '{source.Name}': unknown Provider '{kind}'; the kinds are {string.Join(", ", Kinds.Keys)}.");

    /// <summary>An ODBC driver speaks the SQL of the database behind it; the source names it in SqlDialect (ANSI if not).</summary>
    private static SourceDialect? SqlBehindOdbc(SourceOptions source) => source.SqlDialect switch
    {
        null or "" => null,
        var kind when kind.Equals(SourceProvider.Odbc, StringComparison.OrdinalIgnoreCase) || kind.Equals(SourceProvider.Csv, StringComparison.OrdinalIgnoreCase) =>
            throw new InvalidOperationException($"Source '{source.Name}': SqlDialect names the database behind the ODBC driver (Postgres, MariaDb, Sqlite, SqlServer), not '{kind}'."),
        var kind => Resolve(kind, source),
    };
}
