namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Where each system goes. Core banking → PostgreSQL, cards → MariaDB, wealth &amp; CRM → SQLite, reference &amp; legacy → CSV;
/// <c>--embedded</c> puts core banking and cards in SQLite files with the same schemas, and includes SQLite and CSV.
/// A system whose target is not listed is not written.
/// </summary>
public sealed record Targets(bool Postgres, bool MariaDb, bool Sqlite, bool Csv, bool Embedded)
{
    private static readonly string[] Known = ["postgres", "mariadb", "sqlite", "csv"];

    public static Targets Parse(string list, bool embedded)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).ToArray();
        var unknown = names.Except(Known).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"Unknown target(s): {string.Join(", ", unknown)}. Known targets: {string.Join(", ", Known)}.");
        }
        return embedded
            ? new Targets(false, false, true, true, true)
            : new Targets(names.Contains("postgres"), names.Contains("mariadb"), names.Contains("sqlite"), names.Contains("csv"), false);
    }

    public override string ToString() =>
        Embedded ? "embedded" : string.Join(",", new[] { Postgres ? "postgres" : null, MariaDb ? "mariadb" : null, Sqlite ? "sqlite" : null, Csv ? "csv" : null }.OfType<string>());
}
