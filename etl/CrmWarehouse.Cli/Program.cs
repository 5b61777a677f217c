using CrmWarehouse.Cli.Commands;

// The warehouse, its write-ahead log and spill files and our logs hold personal data: nothing this process creates is
// for others (umask 077). Not for the commands that make folders the postgres and mysql users must enter (the local
// source servers): they hold only the synthetic bank.
if (args is not ["sources", ..] and not ["generate", ..])
{
    CrmWarehouse.Warehouse.OwnerOnlyFiles.ForThisProcess();
}

return await CrmwCli.RunAsync(args);
