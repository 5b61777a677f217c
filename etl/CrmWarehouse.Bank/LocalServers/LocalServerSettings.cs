namespace CrmWarehouse.Bank.LocalServers;

/// <summary>
/// The <c>LocalServers</c> section of appsettings.json: the PostgreSQL and MariaDB servers that play the bank's
/// operational systems on 127.0.0.1. Passwords here guard throw-away local data, not anything real.
/// </summary>
public sealed class LocalServerSettings
{
    /// <summary>Where data directories, sockets, pid and log files live (relative to the repository root).</summary>
    public string VarDir { get; set; } = "var/sources";

    public PostgresSettings Postgres { get; set; } = new();

    public MariaDbSettings MariaDb { get; set; } = new();
}

public sealed class PostgresSettings
{
    public int Port { get; set; } = 55432;
    public string BinDir { get; set; } = "/usr/lib/postgresql/15/bin";
    public string User { get; set; } = "crmw";
    public string Password { get; set; } = "crmw-local";
    public string Database { get; set; } = "core_banking";

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Password={Password};Database={database};Pooling=false;Timeout=15;Command Timeout=0";
}

public sealed class MariaDbSettings
{
    public int Port { get; set; } = 53306;
    public string ServerBinary { get; set; } = "/usr/sbin/mariadbd";
    public string InstallDbBinary { get; set; } = "/usr/bin/mariadb-install-db";
    public string User { get; set; } = "crmw";
    public string Password { get; set; } = "crmw-local";
    public string Database { get; set; } = "cards";

    public string ConnectionString(string database) =>
        $"Server=127.0.0.1;Port={Port};User ID={User};Password={Password};Database={database};CharSet=utf8mb4;SslMode=None;Pooling=false;Default Command Timeout=0;AllowPublicKeyRetrieval=true";
}
