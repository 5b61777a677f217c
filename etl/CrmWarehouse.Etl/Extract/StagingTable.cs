using System.Data.Common;
using System.Globalization;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Etl.Extract;

/// <summary>
/// staging.&lt;source&gt;_&lt;table&gt;: the rows of one source table as extracted by one batch, tagged with the batch id
/// and the source row's key. Created from the source reader's columns and filled through the appender,
/// one typed copy per column (no boxing per value).
/// </summary>
internal sealed class StagingTable
{
    private readonly ColumnCopy[] _copies;
    private readonly int[] _keyOrdinals;

    private StagingTable(string name, ColumnCopy[] copies, int[] keyOrdinals)
    {
        Name = name;
        _copies = copies;
        _keyOrdinals = keyOrdinals;
    }

    /// <summary>Unqualified name, e.g. core_customers.</summary>
    public string Name { get; }

    public string QualifiedName => $"staging.{Name}";

    /// <summary>(Re)creates the staging table for the columns <paramref name="reader"/> returns.</summary>
    public static StagingTable Create(DuckDBConnection warehouse, string source, SourceTableOptions table, DbDataReader reader)
    {
        var name = $"{source}_{table.Name}".ToLowerInvariant();
        var copies = Enumerable.Range(0, reader.FieldCount).Select(i => ColumnCopy.For(reader, i)).ToArray();
        var keyOrdinals = table.KeyColumns.Select(column => OrdinalOf(reader, column, source, table.Name)).ToArray();
        var columns = string.Join(", ", copies.Select(c => $"{Quote(c.Name)} {c.SqlType}"));
        using var command = warehouse.CreateCommand();
        command.CommandText = $"DROP TABLE IF EXISTS staging.main.{Quote(name)}; CREATE TABLE staging.main.{Quote(name)} (batch_id BIGINT NOT NULL, source_key VARCHAR NOT NULL, {columns})";
        command.ExecuteNonQuery();
        return new StagingTable(name, copies, keyOrdinals);
    }

    /// <summary>Streams every row of <paramref name="reader"/> into the table; returns the number of rows.</summary>
    public long Fill(DuckDBConnection warehouse, DbDataReader reader, long batchId, Action<long>? progress, CancellationToken cancellationToken)
    {
        using var appender = new ChunkAppender(warehouse, "staging", "main", Name);
        long rows = 0;
        while (reader.Read())
        {
            appender.Append(batchId).Append(SourceKey(reader));
            foreach (var copy in _copies)
            {
                copy.Copy(reader, appender);
            }

            appender.EndRow();
            if (++rows % 100_000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke(rows);
            }
        }

        appender.Close();
        progress?.Invoke(rows);
        return rows;
    }

    /// <summary>
    /// (Re)creates <c>staging.keys_&lt;source&gt;_&lt;table&gt;</c> with the key of every row <paramref name="reader"/>
    /// gives (the key columns only, see <see cref="SourceDialect.OpenKeysAsync"/>), made as <see cref="Fill"/> makes
    /// source_key, so the two compare. Returns the table's qualified name.
    /// </summary>
    public static string FillKeys(DuckDBConnection warehouse, string source, SourceTableOptions table, DbDataReader reader, CancellationToken cancellationToken)
    {
        var name = $"keys_{source}_{table.Name}".ToLowerInvariant();
        var keyOrdinals = table.KeyColumns.Select(column => OrdinalOf(reader, column, source, table.Name)).ToArray();
        warehouse.Execute($"DROP TABLE IF EXISTS staging.main.{Quote(name)}; CREATE TABLE staging.main.{Quote(name)} (source_key VARCHAR NOT NULL)", cancellationToken);
        using (var appender = new ChunkAppender(warehouse, "staging", "main", name))
        {
            long rows = 0;
            while (reader.Read())
            {
                appender.Append(SourceKey(reader, keyOrdinals));
                appender.EndRow();
                if (++rows % 100_000 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            appender.Close();
        }

        return $"staging.{name}";
    }

    private string SourceKey(DbDataReader reader) => SourceKey(reader, _keyOrdinals);

    private static string SourceKey(DbDataReader reader, int[] keyOrdinals)
    {
        if (keyOrdinals.Length == 1)
        {
            return KeyPart(reader, keyOrdinals[0]);
        }

        return string.Join('|', keyOrdinals.Select(ordinal => KeyPart(reader, ordinal)));
    }

    private static string KeyPart(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return string.Empty;
        }

        // The common key types read typed: boxing a value per row costs more than the rest of the key.
        var type = reader.GetFieldType(ordinal);
        if (type == typeof(long))
        {
            return reader.GetInt64(ordinal).ToString(CultureInfo.InvariantCulture);
        }

        if (type == typeof(string))
        {
            return reader.GetString(ordinal);
        }

        return reader.GetValue(ordinal) switch
        {
            DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty,
        };
    }

    private static int OrdinalOf(DbDataReader reader, string column, string source, string table)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (string.Equals(reader.GetName(i), column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Source '{source}', table '{table}': the key column '{column}' is not among the columns read ({string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(reader.GetName))}).");
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
