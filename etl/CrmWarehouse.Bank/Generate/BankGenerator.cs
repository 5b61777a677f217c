using System.Diagnostics;
using CrmWarehouse.Bank.LocalServers;

namespace CrmWarehouse.Bank.Generate;

/// <summary>One full generation: model, the four systems, the ground truth, the state file.</summary>
public static class BankGenerator
{
    public static async Task<BankModel> RunAsync(GeneratorSettings settings, Targets targets, LocalServerSettings servers, Action<string> report, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var outDir = settings.OutDir;
        Directory.CreateDirectory(outDir);
        report($"Building the bank model (seed {settings.Seed}, scale {settings.Scale}, {settings.PeopleCount:N0} people, {settings.HistoryStart:yyyy-MM} … {settings.AsOf:yyyy-MM-dd})…");
        var model = BankModel.Build(settings);
        report($"  {model.Records.Count:N0} source customer records, {model.Accounts.Count:N0} accounts ({watch.Elapsed.TotalSeconds:F1}s)");
        await new SourceWriter(servers, targets, outDir, report).WriteAsync(model, cancellationToken).ConfigureAwait(false);
        report("Writing ground truth…");
        await GroundTruthWriter.WriteAsync(model, outDir, cancellationToken).ConfigureAwait(false);
        await new GeneratorState { Settings = settings, Targets = targets.ToString(), Embedded = targets.Embedded, CurrentDay = settings.AsOf }
            .SaveAsync(outDir, cancellationToken).ConfigureAwait(false);
        report($"Done in {watch.Elapsed.TotalSeconds:F1}s. Sources and ground truth in {Path.GetFullPath(outDir)}.");
        return model;
    }
}
