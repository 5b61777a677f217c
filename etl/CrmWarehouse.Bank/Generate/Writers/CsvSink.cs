using System.Globalization;
using System.Text;

namespace CrmWarehouse.Bank.Generate;

/// <summary>A folder of CSV files (RFC 4180 quoting, header row), one per table, each in the encoding its system uses.</summary>
internal sealed class CsvSink(string directory, Func<string, Encoding> encodingOf) : ISourceSink
{
    public string Location => directory;

    public Task RecreateAsync(SourceTable table, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        File.Delete(PathOf(table));
        return Task.CompletedTask;
    }

    public async Task<long> BulkWriteAsync(SourceTable table, IEnumerable<object?[]> rows, Action<long> progress, CancellationToken cancellationToken)
    {
        var path = PathOf(table);
        var append = File.Exists(path);
        await using var writer = new StreamWriter(path, append, encodingOf(table.Name));
        if (!append)
        {
            await writer.WriteLineAsync(string.Join(",", table.Columns.Select(c => Quote(c.Name))).AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        long count = 0;
        var line = new StringBuilder();
        foreach (var row in rows)
        {
            line.Clear();
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0) line.Append(',');
                line.Append(Quote(Format(row[i])));
            }
            await writer.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
            count++;
        }
        progress(count);
        return count;
    }

    /// <summary>CSV exports are snapshots; a changed row is appended and the newest line for a key wins.</summary>
    public Task<long> UpsertAsync(SourceTable table, IEnumerable<object?[]> rows, CancellationToken cancellationToken) =>
        BulkWriteAsync(table, rows, _ => { }, cancellationToken);

    public string PathOf(SourceTable table) => Path.Combine(directory, table.Name + ".csv");

    private static string Format(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
