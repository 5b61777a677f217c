namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>
/// Splits a SQL script into its statements' text at the semicolons outside quotes and comments, so that each can
/// run (and be timed) on its own. DuckDB's C API counts statements but gives no text for them; the caller checks
/// this split against DuckDB's count and runs the script whole when they disagree.
/// </summary>
public static class ScriptText
{
    public static IReadOnlyList<string> Split(string sql)
    {
        var statements = new List<string>();
        var start = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                i = AfterQuoted(sql, i, c);
            }
            else if (c == '-' && Next(sql, i) == '-')
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (c == '/' && Next(sql, i) == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + tag.Length;
            }
            else if (c == ';')
            {
                Add(statements, sql[start..i]);
                start = ++i;
            }
            else
            {
                i++;
            }
        }

        Add(statements, sql[start..]);
        return statements;
    }

    private static char Next(string sql, int i) => i + 1 < sql.Length ? sql[i + 1] : '\0';

    /// <summary>Past the closing quote; a doubled quote inside is the quote character itself.</summary>
    private static int AfterQuoted(string sql, int i, char quote)
    {
        i++;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (Next(sql, i) != quote)
                {
                    return i + 1;
                }

                i++;
            }

            i++;
        }

        return i;
    }

    /// <summary>"$$" or "$tag$" opening a dollar-quoted string; not "$1" or "$name" (parameters).</summary>
    private static string? DollarTag(string sql, int i)
    {
        var end = i + 1;
        while (end < sql.Length && (char.IsLetter(sql[end]) || sql[end] == '_'))
        {
            end++;
        }

        return end < sql.Length && sql[end] == '$' ? sql[i..(end + 1)] : null;
    }

    /// <summary>Keeps a statement unless it is only blanks and comments (a trailing semicolon's remainder).</summary>
    private static void Add(List<string> statements, string text)
    {
        var meaningful = text;
        while (true)
        {
            meaningful = meaningful.TrimStart();
            if (meaningful.StartsWith("--", StringComparison.Ordinal))
            {
                var end = meaningful.IndexOf('\n');
                meaningful = end < 0 ? string.Empty : meaningful[(end + 1)..];
            }
            else if (meaningful.StartsWith("/*", StringComparison.Ordinal))
            {
                var end = meaningful.IndexOf("*/", StringComparison.Ordinal);
                meaningful = end < 0 ? string.Empty : meaningful[(end + 2)..];
            }
            else
            {
                break;
            }
        }

        if (meaningful.Length > 0)
        {
            statements.Add(text);
        }
    }
}
