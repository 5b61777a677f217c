using CrmWarehouse.Cli.Commands;

namespace CrmWarehouse.Tests.Hosting;

/// <summary>When another process holds the warehouse file, the CLI says which process and what to do.</summary>
public sealed class WarehouseLockTests
{
    [Test]
    public void Names_the_process_holding_the_file_with_its_command_line_and_what_to_do()
    {
        var pid = Environment.ProcessId;
        var duckDb = new InvalidOperationException(
            $"DuckDBOpen failed: IO Error: Could not set lock on file \"/srv/crmw/data/warehouse.duckdb\": Conflicting lock is held in /usr/share/dotnet/dotnet (PID {pid}). See also https://duckdb.org/docs/stable/connect/concurrency");
        var ownCommandLine = string.Join(' ', File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries));

        var explained = WarehouseLock.Explain(duckDb);

        Assert.That(explained, Does.StartWith($"the warehouse /srv/crmw/data/warehouse.duckdb is held by another process: PID {pid}, `{ownCommandLine}`."));
        Assert.That(explained, Does.Contain($"kill {pid}"));
    }

    [Test]
    public void Leaves_other_errors_alone()
    {
        Assert.That(WarehouseLock.Explain(new InvalidOperationException("Catalog Error: Table with name x does not exist!")), Is.Null);
    }
}
