namespace CrmWarehouse.Warehouse.Audit;

/// <summary>
/// How a recorded run ended, in <c>audit.batch.status</c> and <c>mart.mining_run.status</c> alike: readers trust
/// only published runs; a failed one is on record with its reason, its data is not.
/// </summary>
public static class RunStatus
{
    public const string Published = "published";

    public const string Failed = "failed";
}
