using CrmWarehouse.Etl.Cli;

return await CrmwCli.RunAsync(args);
