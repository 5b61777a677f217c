namespace CrmWarehouse.Cubes.Http;

/// <summary>The "Serving" section of config/appsettings.json.</summary>
internal sealed class ServingOptions
{
    /// <summary>Where Kestrel listens; loopback by default so that nothing is exposed by accident.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Most rows one answer returns; more are cut off and the answer says it was truncated.</summary>
    public int MaxRows { get; set; } = 10_000;

    /// <summary>Seconds a query may run before DuckDB is interrupted.</summary>
    public int QueryTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Folders SQL run by the service may read or write files in (DuckDB's <c>allowed_directories</c>); nothing else
    /// on the host is reachable. Empty by default: nothing the service does today reads files through DuckDB.
    /// </summary>
    public List<string> AllowedDirectories { get; set; } = [];
}
