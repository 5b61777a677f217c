using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using CrmWarehouse.Bank.LocalServers;

namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Writes the four systems to their targets, one task per system so the two servers and the local files fill
/// in parallel. Reports progress as plain lines (counts only, never personal data).
/// </summary>
internal sealed class SourceWriter(LocalServerSettings servers, Targets targets, string outDir, Action<string> report)
{
    public const string CoreFile = "core_banking.db";
    public const string CardsFile = "cards.db";
    public const string WealthFile = "wealth_crm.db";
    public const string ReferenceFolder = "reference";

    static SourceWriter()
    {
        // GB18030 for the legacy export comes from the code-pages provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static Encoding Gb18030 => Encoding.GetEncoding("GB18030");

    public static IReadOnlyList<SourceTable> TablesOf(SourceSystem system, BankModel model) => system switch
    {
        SourceSystem.Core => CoreBankingTables.All(model),
        SourceSystem.Cards => CardTables.All(model),
        SourceSystem.Wealth => WealthCrmTables.All(model),
        _ => ReferenceFiles.All(model),
    };

    public bool Includes(SourceSystem system) => system switch
    {
        SourceSystem.Core => targets.Postgres || targets.Embedded,
        SourceSystem.Cards => targets.MariaDb || targets.Embedded,
        SourceSystem.Wealth => targets.Sqlite,
        _ => targets.Csv,
    };

    /// <summary>Opens the sink a system is written to.</summary>
    public async Task<ISourceSink> OpenAsync(SourceSystem system, CancellationToken cancellationToken)
    {
        try
        {
            return await OpenSinkAsync(system, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or System.Net.Sockets.SocketException)
        {
            throw new GenerationException($"Could not open the {system.ToString().ToLowerInvariant()} system's target ({Describe(system)}): {e.Message}", e);
        }
    }

    private string Describe(SourceSystem system) => system switch
    {
        SourceSystem.Core when !targets.Embedded => $"PostgreSQL on 127.0.0.1:{servers.Postgres.Port}",
        SourceSystem.Cards when !targets.Embedded => $"MariaDB on 127.0.0.1:{servers.MariaDb.Port}",
        _ => Path.GetFullPath(outDir),
    };

    private async Task<ISourceSink> OpenSinkAsync(SourceSystem system, CancellationToken cancellationToken) => system switch
    {
        SourceSystem.Core when !targets.Embedded => await PostgresSink.OpenAsync(servers.Postgres.ConnectionString("postgres"), servers.Postgres.Database, cancellationToken).ConfigureAwait(false),
        SourceSystem.Core => await SqliteSink.OpenAsync(Path.Combine(outDir, CoreFile), cancellationToken).ConfigureAwait(false),
        SourceSystem.Cards when !targets.Embedded => await MariaDbSink.OpenAsync(servers.MariaDb.ConnectionString(""), servers.MariaDb.Database, cancellationToken).ConfigureAwait(false),
        SourceSystem.Cards => await SqliteSink.OpenAsync(Path.Combine(outDir, CardsFile), cancellationToken).ConfigureAwait(false),
        SourceSystem.Wealth => await SqliteSink.OpenAsync(Path.Combine(outDir, WealthFile), cancellationToken).ConfigureAwait(false),
        _ => new CsvSink(Path.Combine(outDir, ReferenceFolder), name => name == ReferenceFiles.LegacyExport ? Gb18030 : new UTF8Encoding(false)),
    };

    /// <summary>Writes every included system; returns rows written per <c>system.table</c>.</summary>
    public async Task<IReadOnlyDictionary<string, long>> WriteAsync(BankModel model, CancellationToken cancellationToken)
    {
        var counts = new ConcurrentDictionary<string, long>();
        var jobs = Enum.GetValues<SourceSystem>().Where(Includes)
            .Select(system => Task.Run(() => WriteSystemAsync(system, model, counts, cancellationToken), cancellationToken));
        await Task.WhenAll(jobs).ConfigureAwait(false);
        return counts;
    }

    private async Task WriteSystemAsync(SourceSystem system, BankModel model, ConcurrentDictionary<string, long> counts, CancellationToken cancellationToken)
    {
        await using var sink = await OpenAsync(system, cancellationToken).ConfigureAwait(false);
        foreach (var table in TablesOf(system, model))
        {
            var name = $"{system.ToString().ToLowerInvariant()}.{table.Name}";
            var watch = Stopwatch.StartNew();
            try
            {
                await sink.RecreateAsync(table, cancellationToken).ConfigureAwait(false);
                var rows = await sink.BulkWriteAsync(table, table.Rows(), n =>
                {
                    if (n % 1_000_000 == 0 && n > 0) report($"  {name}: {n:N0} rows…");
                }, cancellationToken).ConfigureAwait(false);
                counts[name] = rows;
                report($"  {name} → {sink.Location}: {rows:N0} rows in {watch.Elapsed.TotalSeconds:F1}s");
            }
            catch (Exception e) when (e is not OperationCanceledException and not GenerationException)
            {
                throw new GenerationException($"Writing {name} to {sink.Location} failed: {e.Message}", e);
            }
        }
    }
}

/// <summary>A generation step failed; the message says which table and which target.</summary>
public sealed class GenerationException(string message, Exception? inner = null) : Exception(message, inner);
