namespace CrmWarehouse.Serving;

/// <summary>The "Serving:PgWire" section: where PostgreSQL clients connect and what the server tells them.</summary>
public sealed class PgWireOptions
{
    /// <summary>
    /// Listen for PostgreSQL clients. On in config/appsettings.json; off for options made in code, so that a host
    /// built without config (tests) does not take the port.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>Loopback by default, as for HTTP: reaching it from the network must be a deliberate choice.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>5433, not 5432, so that a PostgreSQL on the same host keeps its port; 0 takes a free port (tests).</summary>
    public int Port { get; set; } = 5433;

    /// <summary>A PEM certificate for TLS (SSLRequest answered 'S'); without one SSLRequest is answered 'N'.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/> (when the certificate file does not hold it).</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>Largest frontend message accepted; a longer one is refused before anything is allocated for it.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>Most sessions at once; one more is refused with 53300 (each holds a DuckDB connection and a thread).</summary>
    public int MaxConnections { get; set; } = 256;

    /// <summary>Seconds a client may take from connecting to being signed in.</summary>
    public int AuthenticationTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Most rows one statement sends (a SELECT's rows or a COPY's lines); past it the answer is cut, with a WARNING
    /// notice saying so before CommandComplete. Bigger than HTTP's Serving:Limits:MaxRows because BI tools import
    /// whole tables over this door; 0: no cap.
    /// </summary>
    public long MaxRows { get; set; } = 10_000_000;

    /// <summary>The PostgreSQL version reported (server_version, version()): clients choose their catalog queries by it.</summary>
    public string ServerVersion { get; set; } = "16.6";
}
