
namespace CrmWarehouse.Bank.Generate;

/// <summary>The DDL and DML text the three SQL sinks share; each passes its own quoting and type names.</summary>
internal sealed class SqlText(Func<string, string> quote, Func<ColumnKind, bool, string> typeName)
{
    public string CreateTable(SourceTable table)
    {
        var keys = KeyColumns(table);
        var columns = table.Columns.Select(c => $"{quote(c.Name)} {typeName(c.Kind, keys.Contains(c.Name))}");
        return $"CREATE TABLE {quote(table.Name)} ({string.Join(", ", columns)}, PRIMARY KEY ({string.Join(", ", keys.Select(quote))}))";
    }

    public string DropTable(SourceTable table) => $"DROP TABLE IF EXISTS {quote(table.Name)}";

    public string ColumnList(SourceTable table) => string.Join(", ", table.Columns.Select(c => quote(c.Name)));

    public string InsertPrefix(SourceTable table) => $"INSERT INTO {quote(table.Name)} ({ColumnList(table)}) VALUES ";

    /// <summary>The SET list of an upsert: every non-key column from the row that lost the conflict.</summary>
    public string UpdateAssignments(SourceTable table, Func<string, string> incoming)
    {
        var keys = KeyColumns(table);
        return string.Join(", ", table.Columns.Where(c => !keys.Contains(c.Name)).Select(c => $"{quote(c.Name)} = {incoming(c.Name)}"));
    }

    public static string[] KeyColumns(SourceTable table) => table.PrimaryKey.Split(',');
}
