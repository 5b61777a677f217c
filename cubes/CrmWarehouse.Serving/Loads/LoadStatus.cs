namespace CrmWarehouse.Serving.Loads;

/// <summary>Where a load of the service is: running, then published, failed or cancelled.</summary>
public enum LoadState
{
    Running,
    Published,
    Failed,
    Cancelled,
}

/// <summary>
/// One load started through <c>POST /api/loads</c>, as <c>GET /api/loads/{id}</c> reports it. Written by the load's
/// thread, read by requests: each field is replaced whole, so a reader sees an older or a newer value, never a torn one.
/// </summary>
public sealed class LoadStatus(string id, LoadOrder order, string requestedBy, DateTimeOffset startedAt) : ILoadProgress
{
    public string Id { get; } = id;

    public LoadOrder Order { get; } = order;

    /// <summary>The signed-in user who asked for it (a name, never personal data of customers).</summary>
    public string RequestedBy { get; } = requestedBy;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public LoadState State { get; private set; } = LoadState.Running;

    /// <summary>The stage running now (extract, clean, …, publish, then the after-publish work).</summary>
    public string CurrentStage { get; private set; } = "starting";

    /// <summary>The source table being extracted and its rows so far, while extracting.</summary>
    public (string Table, long Rows)? Progress { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public LoadOutcome? Outcome { get; private set; }

    void ILoadProgress.Stage(string name)
    {
        CurrentStage = name;
        Progress = null;
    }

    void ILoadProgress.Extracted(string table, long rows) => Progress = (table, rows);

    internal void Finish(LoadState state, LoadOutcome outcome, DateTimeOffset at)
    {
        Outcome = outcome;
        FinishedAt = at;
        State = state;
    }
}
