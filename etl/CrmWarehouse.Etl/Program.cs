using CrmWarehouse.Etl.Cli;

// The warehouse, its log and spill files and our logs hold personal data: nothing this process creates is for others.
CrmWarehouse.Warehouse.OwnerOnlyFiles.ForThisProcess();

return await CrmwCli.RunAsync(args);
