using System.Text.RegularExpressions;

namespace CrmWarehouse.Serving.PgWire.Session;

/// <summary>What kind of statement a client sent, for the ones the session answers itself rather than DuckDB.</summary>
internal enum SessionCommandKind
{
    Empty,
    Query,
    Begin,
    Commit,
    Rollback,
    Savepoint,
    Set,
    Show,
    Reset,
    Discard,
    Deallocate,
    Ignored,
    Copy,
}

/// <summary>
/// A statement classified by its leading words: transaction control, SET/SHOW/RESET of session settings, COPY TO
/// STDOUT and the no-ops clients send are answered by the session; everything else is a query for DuckDB.
/// </summary>
internal sealed partial record SessionCommand(SessionCommandKind Kind, string Sql, string Tag = "", string? Name = null, string? Value = null, CopyFormat? Copy = null)
{
    public static SessionCommand Parse(string sql)
    {
        var text = LeadingNoise().Replace(sql, string.Empty).TrimEnd().TrimEnd(';').TrimEnd();
        if (text.Length == 0)
        {
            return new SessionCommand(SessionCommandKind.Empty, sql);
        }

        if (Begin().IsMatch(text))
        {
            return new SessionCommand(SessionCommandKind.Begin, sql, "BEGIN");
        }

        if (RollbackTo().IsMatch(text))
        {
            return new SessionCommand(SessionCommandKind.Savepoint, sql, "ROLLBACK", Value: "rollback");
        }

        if (Commit().IsMatch(text))
        {
            return new SessionCommand(SessionCommandKind.Commit, sql, "COMMIT");
        }

        if (Rollback().IsMatch(text))
        {
            return new SessionCommand(SessionCommandKind.Rollback, sql, "ROLLBACK");
        }

        if (Savepoint().Match(text) is { Success: true } savepoint)
        {
            return new SessionCommand(SessionCommandKind.Savepoint, sql, savepoint.Groups[1].Value.ToUpperInvariant());
        }

        if (TransactionSettings().IsMatch(text))
        {
            return new SessionCommand(SessionCommandKind.Ignored, sql, "SET");
        }

        if (SetTimeZone().Match(text) is { Success: true } zone)
        {
            return new SessionCommand(SessionCommandKind.Set, sql, "SET", "TimeZone", Unquote(zone.Groups[1].Value));
        }

        if (SetNames().Match(text) is { Success: true } names)
        {
            return new SessionCommand(SessionCommandKind.Set, sql, "SET", "client_encoding", Unquote(names.Groups[1].Value));
        }

        if (Set().Match(text) is { Success: true } set)
        {
            return new SessionCommand(SessionCommandKind.Set, sql, "SET", set.Groups[1].Value, Unquote(set.Groups[2].Value));
        }

        if (ShowIsolation().IsMatch(text))
        {
            return new SessionCommand(SessionCommandKind.Show, sql, "SHOW", "transaction_isolation");
        }

        if (ShowTimeZone().IsMatch(text))
        {
            return new SessionCommand(SessionCommandKind.Show, sql, "SHOW", "TimeZone");
        }

        if (Show().Match(text) is { Success: true } show)
        {
            return new SessionCommand(SessionCommandKind.Show, sql, "SHOW", show.Groups[1].Value);
        }

        if (Reset().Match(text) is { Success: true } reset)
        {
            return new SessionCommand(SessionCommandKind.Reset, sql, "RESET", reset.Groups[1].Value);
        }

        if (DiscardAll().IsMatch(text))
        {
            return new SessionCommand(SessionCommandKind.Discard, sql, "DISCARD ALL");
        }

        if (Deallocate().Match(text) is { Success: true } deallocate)
        {
            return new SessionCommand(SessionCommandKind.Deallocate, sql, "DEALLOCATE", deallocate.Groups[1].Value.Trim('"'));
        }

        if (Listen().Match(text) is { Success: true } listen)
        {
            return new SessionCommand(SessionCommandKind.Ignored, sql, listen.Groups[1].Value.ToUpperInvariant());
        }

        if (CopyTo().Match(text) is { Success: true } copy)
        {
            var query = copy.Groups["query"].Success ? copy.Groups["query"].Value : $"SELECT * FROM {copy.Groups["table"].Value}";
            return new SessionCommand(SessionCommandKind.Copy, sql, "COPY", Value: query, Copy: CopyFormat.Parse(copy.Groups["options"].Value));
        }

        return new SessionCommand(SessionCommandKind.Query, sql);
    }

    private static string? Unquote(string value)
    {
        value = value.Trim();
        if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
        {
            return value[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }

        return value.Equals("DEFAULT", StringComparison.OrdinalIgnoreCase) ? null : value;
    }

    [GeneratedRegex(@"\A(?:\s+|--[^\n]*\n?|/\*.*?\*/)+", RegexOptions.Singleline)]
    private static partial Regex LeadingNoise();

    [GeneratedRegex(@"\A(?:BEGIN|START\s+TRANSACTION)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Begin();

    [GeneratedRegex(@"\A(?:COMMIT|END)\b(?:\s+(?:WORK|TRANSACTION))?\s*\z", RegexOptions.IgnoreCase)]
    private static partial Regex Commit();

    [GeneratedRegex(@"\A(?:ROLLBACK|ABORT)\b(?:\s+(?:WORK|TRANSACTION))?\s*\z", RegexOptions.IgnoreCase)]
    private static partial Regex Rollback();

    [GeneratedRegex(@"\AROLLBACK\s+(?:WORK\s+|TRANSACTION\s+)?TO\b", RegexOptions.IgnoreCase)]
    private static partial Regex RollbackTo();

    [GeneratedRegex(@"\A(SAVEPOINT|RELEASE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Savepoint();

    [GeneratedRegex(@"\ASET\s+(?:SESSION\s+CHARACTERISTICS\s+AS\s+)?TRANSACTION\b", RegexOptions.IgnoreCase)]
    private static partial Regex TransactionSettings();

    [GeneratedRegex(@"\ASET\s+(?:SESSION\s+|LOCAL\s+)?TIME\s+ZONE\s+(.+)\z", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex SetTimeZone();

    [GeneratedRegex(@"\ASET\s+NAMES\s+(.+)\z", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex SetNames();

    [GeneratedRegex(@"\ASET\s+(?:SESSION\s+|LOCAL\s+)?""?([A-Za-z_][\w.]*)""?\s*(?:=|\bTO\b)\s*(.+)\z", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Set();

    [GeneratedRegex(@"\ASHOW\s+TRANSACTION\s+ISOLATION\s+LEVEL\z", RegexOptions.IgnoreCase)]
    private static partial Regex ShowIsolation();

    [GeneratedRegex(@"\ASHOW\s+TIME\s+ZONE\z", RegexOptions.IgnoreCase)]
    private static partial Regex ShowTimeZone();

    [GeneratedRegex(@"\ASHOW\s+""?([A-Za-z_][\w.]*)""?\z", RegexOptions.IgnoreCase)]
    private static partial Regex Show();

    [GeneratedRegex(@"\ARESET\s+""?([A-Za-z_][\w.]*)""?\z", RegexOptions.IgnoreCase)]
    private static partial Regex Reset();

    [GeneratedRegex(@"\ADISCARD\s+ALL\z", RegexOptions.IgnoreCase)]
    private static partial Regex DiscardAll();

    [GeneratedRegex(@"\ADEALLOCATE\s+(?:PREPARE\s+)?(\S+)\z", RegexOptions.IgnoreCase)]
    private static partial Regex Deallocate();

    [GeneratedRegex(@"\A(LISTEN|UNLISTEN|NOTIFY)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Listen();

    [GeneratedRegex(@"\ACOPY\s+(?:\((?<query>.+)\)|(?<table>[\w.""]+)(?:\s*\([^)]*\))?)\s+TO\s+STDOUT\b(?<options>.*)\z", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex CopyTo();
}
