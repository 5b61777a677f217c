using System.Diagnostics;
using System.Globalization;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// `crmw bench duckdb`: DuckDB.NET's appender and reader, and staging's chunk appender, against DuckDB's own loading paths (read_csv of the same rows,
/// INSERT … SELECT from range) in the same run, on rows of (BIGINT, DOUBLE, DATE, VARCHAR) in a file database.
/// </summary>
internal sealed class DuckDbBench(long rows, string workDirectory, IProgress<string> progress)
{
    private const string Schema = "id BIGINT, amount DOUBLE, day DATE, name VARCHAR";

    /// <summary>The first day of the generated dates and how many distinct days they cycle through.</summary>
    private static readonly DateOnly FirstDay = new(2020, 1, 1);

    private const int DayCycle = 3650;

    /// <summary>Names are taken from a fixed pool so that making the input allocates nothing per row.</summary>
    private const int NamePool = 1000;

    public BenchReport Run()
    {
        Directory.CreateDirectory(workDirectory);
        var databasePath = Path.Combine(workDirectory, "bench.duckdb");
        var csvPath = Path.Combine(workDirectory, "bench.csv");
        DeleteDatabase(databasePath);
        var report = new BenchReport("duckdb");
        report.Add("rows", rows);

        using var connection = new DuckDBConnection($"Data Source={databasePath}");
        connection.Open();
        Exec(connection, $"CREATE TABLE appended ({Schema}); CREATE TABLE from_csv ({Schema}); CREATE TABLE from_sql ({Schema}); CREATE TABLE chunked ({Schema})");

        progress.Report($"appending {rows:N0} rows");
        var (appendSeconds, appendBytes) = Measure(() => Append(connection));
        report.AddRate("appender_rows_per_s", rows, appendSeconds);
        report.Add("appender_bytes_per_row", Math.Round((double)appendBytes / rows, 3));

        progress.Report($"reading {rows:N0} rows back");
        long checksum = 0;
        var (readSeconds, readBytes) = Measure(() => checksum = ReadAll(connection));
        report.AddRate("reader_values_per_s", rows * 4, readSeconds);
        report.Add("reader_bytes_per_row", Math.Round((double)readBytes / rows, 1));
        report.Add("reader_checksum", checksum);

        progress.Report($"staging's chunk appender: appending {rows:N0} rows");
        var (chunkSeconds, chunkBytes) = Measure(() => AppendChunks(connection));
        report.AddRate("chunk_appender_rows_per_s", rows, chunkSeconds);
        report.Add("chunk_appender_bytes_per_row", Math.Round((double)chunkBytes / rows, 3));
        report.Add("ratio_chunk_appender_vs_appender", Math.Round(appendSeconds / chunkSeconds, 3));

        progress.Report("writing the same rows as CSV (not timed)");
        Exec(connection, $"COPY appended TO '{csvPath}' (HEADER)");

        progress.Report("DuckDB read_csv of the same rows");
        var (csvSeconds, _) = Measure(() => Exec(connection,
            $"INSERT INTO from_csv SELECT * FROM read_csv('{csvPath}', header = true, columns = {{'id': 'BIGINT', 'amount': 'DOUBLE', 'day': 'DATE', 'name': 'VARCHAR'}})"));
        report.AddRate("read_csv_rows_per_s", rows, csvSeconds);

        progress.Report("DuckDB INSERT … SELECT FROM range");
        var (sqlSeconds, _) = Measure(() => Exec(connection,
            $"INSERT INTO from_sql SELECT i, i::DOUBLE / 100, DATE '{FirstDay:yyyy-MM-dd}' + (i % {DayCycle})::INTEGER, 'customer-' || (i % {NamePool}) FROM range({rows}) t(i)"));
        report.AddRate("insert_select_rows_per_s", rows, sqlSeconds);

        VerifySameRows(connection);
        report.Add("ratio_appender_vs_read_csv", Math.Round(csvSeconds / appendSeconds, 3));
        report.Add("ratio_appender_vs_insert_select", Math.Round(sqlSeconds / appendSeconds, 3));
        report.AddSeconds("appender_seconds", appendSeconds);
        report.AddSeconds("reader_seconds", readSeconds);
        report.AddSeconds("read_csv_seconds", csvSeconds);
        report.AddSeconds("insert_select_seconds", sqlSeconds);

        connection.Close();
        DeleteDatabase(databasePath);
        File.Delete(csvPath);
        return report;
    }

    private void Append(DuckDBConnection connection)
    {
        var names = Enumerable.Range(0, NamePool).Select(i => "customer-" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        using var appender = connection.CreateAppender("appended");
        for (long i = 0; i < rows; i++)
        {
            appender.CreateRow()
                .AppendValue(i)
                .AppendValue(i / 100.0)
                .AppendValue(FirstDay.AddDays((int)(i % DayCycle)))
                .AppendValue(names[i % NamePool])
                .EndRow();
        }
    }

    private void AppendChunks(DuckDBConnection connection)
    {
        var names = Enumerable.Range(0, NamePool).Select(i => "customer-" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        using var appender = new ChunkAppender(connection, null, null, "chunked");
        for (long i = 0; i < rows; i++)
        {
            appender.Append(i).Append(i / 100.0).Append(FirstDay.AddDays((int)(i % DayCycle))).Append(names[i % NamePool]).EndRow();
        }

        appender.Close();
    }

    /// <summary>Reads every value through the typed getters; the checksum keeps the work from being optimised away.</summary>
    private static long ReadAll(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, amount, day, name FROM appended";
        using var reader = command.ExecuteReader();
        long checksum = 0;
        while (reader.Read())
        {
            checksum += reader.GetInt64(0) + (long)reader.GetDouble(1) + reader.GetFieldValue<DateOnly>(2).Day + reader.GetString(3).Length;
        }

        return checksum;
    }

    /// <summary>The three tables must hold the same rows, or the comparison means nothing.</summary>
    private static void VerifySameRows(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM (SELECT * FROM appended EXCEPT ALL SELECT * FROM from_csv))
                 + (SELECT count(*) FROM (SELECT * FROM appended EXCEPT ALL SELECT * FROM from_sql))
                 + (SELECT count(*) FROM (SELECT * FROM appended EXCEPT ALL SELECT * FROM chunked))
            """;
        var differences = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (differences != 0)
        {
            throw new InvalidOperationException($"Benchmark check failed: the appended rows differ from DuckDB's own load in {differences} rows.");
        }
    }

    private static (double Seconds, long AllocatedBytes) Measure(Action action)
    {
        GC.Collect();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        action();
        clock.Stop();
        return (clock.Elapsed.TotalSeconds, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
    }

    private static void Exec(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void DeleteDatabase(string path)
    {
        File.Delete(path);
        File.Delete(path + ".wal");
    }
}
