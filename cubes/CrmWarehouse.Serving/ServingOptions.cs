using CrmWarehouse.Serving.Security;

namespace CrmWarehouse.Serving;

/// <summary>The "Serving" section of config/appsettings.json.</summary>
public sealed class ServingOptions
{
    /// <summary>Where Kestrel listens; loopback by default so that nothing is exposed by accident.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Time, size, row and concurrency limits of every query ("Serving:Limits").</summary>
    public ServingLimits Limits { get; set; } = new();

    /// <summary>
    /// More folders SQL run by the service may read or write files in (DuckDB's <c>allowed_directories</c>), beside
    /// <see cref="ExportDirectory"/>; nothing else on the host is reachable (see <see cref="SandboxDirectories"/>).
    /// </summary>
    public List<string> AllowedDirectories { get; set; } = [];

    /// <summary>
    /// The folder the Parquet export writes (<c>Export:Directory</c>, also <c>crmw export parquet</c>'s default
    /// <c>--to</c>), so that an export run by the service passes its sandbox; null: none. Relative to the CrmWarehouse folder.
    /// </summary>
    public string? ExportDirectory { get; set; }

    /// <summary>
    /// What DuckDB's sandbox lets the service's SQL reach (created when missing): the export folder and the configured
    /// extra folders. Not the warehouse's folder, its temp directory or the source folders, on purpose: DuckDB reaches
    /// its own database files, write-ahead log, staging database and spill files without them (it adds them to its
    /// allowed paths itself when external access goes off, <c>SandboxTests</c> checks), and the service reads its
    /// sources in .NET, not through DuckDB; allowing those folders would only let a query that got past the gate read
    /// the users file, the CLI's token, raw staging rows or source files unmasked.
    /// </summary>
    public IReadOnlyList<string> SandboxDirectories(string home)
    {
        var folders = new List<string>();
        foreach (var folder in AllowedDirectories.Append(ExportDirectory).OfType<string>().Where(f => f.Length > 0))
        {
            var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(home, folder));
            Directory.CreateDirectory(full);
            folders.Add(full);
        }

        return folders;
    }

    /// <summary>
    /// Serve plain HTTP on addresses other than loopback. Off by default: every request carries a password or a token,
    /// which plain HTTP sends across the network in clear. Serve https:// with <see cref="Certificate"/> instead, or set
    /// this when a proxy on the way terminates TLS.
    /// </summary>
    public bool AllowNonLoopback { get; set; }

    /// <summary>
    /// How long an API token made by <c>crmw user token</c> signs in unless <c>--expires</c> says otherwise: 12h, 30d, 8w or
    /// never (<see cref="Security.TokenLifetime"/>). An expired token gets a 401 saying so.
    /// </summary>
    public string TokenExpiry { get; set; } = "90d";

    /// <summary>The PostgreSQL wire protocol listener ("Serving:PgWire").</summary>
    public PgWireOptions PgWire { get; set; } = new();

    /// <summary>The certificate for https:// URLs (<c>Serving:Certificate:Path</c>, a PKCS#12 file, and its <c>Password</c>).</summary>
    public CertificateOptions? Certificate { get; set; }

    /// <summary>The configured plain-HTTP URLs whose host is not a loopback address (<c>0.0.0.0</c>, <c>*</c>, <c>+</c>, a LAN address).</summary>
    public IEnumerable<string> NonLoopbackUrls() =>
        Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(url => !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !IsLoopback(url));

    private static bool IsLoopback(string url)
    {
        var host = url.Split("://", 2) is [_, var rest] ? rest.Split('/')[0] : url;
        host = host.StartsWith('[') ? host[1..host.IndexOf(']', StringComparison.Ordinal)] : host.Split(':')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
    }
}

/// <summary><c>Serving:Certificate</c>: the server certificate for HTTPS.</summary>
public sealed class CertificateOptions
{
    /// <summary>A PKCS#12 (.pfx) file with the certificate and its private key.</summary>
    public string? Path { get; set; }

    /// <summary>The file's password; give it through the environment (CRMW_Serving__Certificate__Password), not the config file.</summary>
    public string? Password { get; set; }
}
