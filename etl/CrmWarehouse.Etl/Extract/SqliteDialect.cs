using System.Data.Common;
using LinqToDB.DataProvider;
using LinqToDB.DataProvider.SQLite;
using Microsoft.Data.Sqlite;

namespace CrmWarehouse.Etl.Extract;

/// <summary>A SQLite file through Microsoft.Data.Sqlite; the file's path is relative to the CrmWarehouse folder.</summary>
internal sealed class SqliteDialect : SourceDialect
{
    public static readonly SqliteDialect Instance = new();

    public override string Kind => SourceProvider.Sqlite;

    protected override IDataProvider SqlProvider => SQLiteTools.GetDataProvider(SQLiteProvider.Microsoft, null, null, null);

    public override DbConnection Connect(string connectionString) => new SqliteConnection(connectionString);

    /// <summary>SQLite keeps timestamps as text and compares them as text.</summary>
    public override object WatermarkValue(string watermark) => watermark;

    public override string Location(SourceOptions source) => $"file {Parts(source.ConnectionString).Get("Data Source", "DataSource", "Filename")}";

    public override SourceOptions WithFilesAt(SourceOptions source, Func<string, string> relocate)
    {
        if (source.ConnectionString is null)
        {
            return source;
        }

        var builder = new SqliteConnectionStringBuilder(source.ConnectionString);
        builder.DataSource = relocate(builder.DataSource);
        return source.With(connectionString: builder.ConnectionString);
    }
}
