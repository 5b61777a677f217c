using System.CommandLine;
using CrmWarehouse.Warehouse;

namespace CrmWarehouse.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CliOptions
{
    public static string DefaultDatabasePath => Path.Combine(CrmwPaths.Data, "warehouse.duckdb");

    public static Option<string> Database() => new("--db")
    {
        Description = "The warehouse DuckDB file (created if missing). Default: data/warehouse.duckdb in the CrmWarehouse folder.",
        DefaultValueFactory = _ => DefaultDatabasePath,
    };

    /// <summary>Open the warehouse file even when a running service holds it (it then fails on DuckDB's lock).</summary>
    /// <summary>Where to find the running service when it is not where it said (beside the warehouse) or the config says.</summary>
    public static Option<string?> ServiceUrls() => new("--urls") { Description = "Where the running crmw service listens (default: where a service of this warehouse said it listens, then Serving:Urls in config)." };

    public static Option<bool> Local() => new("--local") { Description = "Open the warehouse file here instead of asking the running crmw service." };
}

/// <summary>How a result set is printed.</summary>
internal enum ResultFormat
{
    Table,
    Csv,
    Json,
}
