namespace CrmWarehouse.Tests.Security;

/// <summary>
/// The attempts of attack-corpus.txt, with their placeholders filled in: an existing CSV, a file holding a password,
/// the warehouse file, and an empty folder that must stay empty.
/// </summary>
internal sealed class AttackCorpus : IDisposable
{
    public const string Password = "hunter2-corpus";

    private AttackCorpus(string folder)
    {
        Folder = folder;
        Untouchable = Directory.CreateDirectory(Path.Combine(folder, "untouchable")).FullName;
        Csv = Path.Combine(folder, "plain.csv");
        Secret = Path.Combine(folder, "appsettings.json");
        File.WriteAllText(Csv, "a,b\n1,2\n");
        File.WriteAllText(Secret, $"{{\"Password\": \"{Password}\"}}\n");
    }

    public string Folder { get; }

    /// <summary>The folder attempts try to write to; it must stay empty.</summary>
    public string Untouchable { get; }

    public string Csv { get; }

    public string Secret { get; }

    /// <summary>The attempts as written in the file (placeholders unfilled), for test case names.</summary>
    public static IEnumerable<TestCaseData> Cases() =>
        Lines().Select(line => new TestCaseData(line.Expected, line.Sql).SetArgDisplayNames(line.Sql.Length > 90 ? line.Sql[..90] : line.Sql));

    /// <summary>
    /// The attempts that are attacks through <c>POST /api/sql</c> too: there a signed-in connection's search path is the
    /// role's own view schema, so a plain table name (<c>SELECT * FROM dim_channel</c>) reads the role's view, which is
    /// allowed; the gate alone, with no default schema, must refuse it.
    /// </summary>
    public static IEnumerable<TestCaseData> ThroughHttp() =>
        Cases().Where(c => (string)c.Arguments[1]! != "SELECT * FROM dim_channel");

    public static int Count => Lines().Count();

    public static AttackCorpus Create() => new(Directory.CreateTempSubdirectory("crmw-corpus-").FullName);

    /// <summary><paramref name="sql"/> with its placeholders filled in; <paramref name="database"/> is the warehouse file.</summary>
    public string Fill(string sql, string database) => sql
        .Replace("{csv}", Csv, StringComparison.Ordinal)
        .Replace("{secret}", Secret, StringComparison.Ordinal)
        .Replace("{db}", database, StringComparison.Ordinal)
        .Replace("{dir}", Untouchable, StringComparison.Ordinal);

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static IEnumerable<(string Expected, string Sql)> Lines() =>
        from line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Security", "attack-corpus.txt"))
        where line.Length > 0 && !line.StartsWith('#')
        let bar = line.IndexOf(" | ", StringComparison.Ordinal)
        select (line[..bar].Trim(), line[(bar + 3)..].Replace("\\n", "\n", StringComparison.Ordinal));
}
