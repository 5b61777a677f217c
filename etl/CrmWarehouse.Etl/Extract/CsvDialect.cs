using System.Data.Common;
using LinqToDB.DataProvider;

namespace CrmWarehouse.Etl.Extract;

/// <summary>A folder of CSV files, one per table (<see cref="CsvTableReader"/>): no connection, no SQL, read whole.</summary>
internal sealed class CsvDialect : SourceDialect
{
    public static readonly CsvDialect Instance = new();

    public override string Kind => SourceProvider.Csv;

    protected override IDataProvider? SqlProvider => null;

    public override DbConnection Connect(string connectionString) =>
        throw new NotSupportedException("A CSV source is a folder of files, not a database.");

    public override Task<SourceReader> OpenAsync(SourceOptions source, SourceTableOptions table, string? watermark, CancellationToken cancellationToken) =>
        Task.FromResult(new SourceReader(CsvTableReader.Open(source, table), null, null));

    public override string Location(SourceOptions source) => $"folder {source.Directory}";

    public override SourceOptions WithFilesAt(SourceOptions source, Func<string, string> relocate) =>
        source.Directory is null ? source : source.With(directory: relocate(source.Directory.TrimEnd('/')));
}
