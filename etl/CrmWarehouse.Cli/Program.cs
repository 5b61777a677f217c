using CrmWarehouse.Cli.Commands;

return await CrmwCli.RunAsync(args);
