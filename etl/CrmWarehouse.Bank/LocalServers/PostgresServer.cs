namespace CrmWarehouse.Bank.LocalServers;

/// <summary>
/// A PostgreSQL 15 cluster for the core-banking system: data directory under the var folder, listening on
/// 127.0.0.1 only, run as the <c>postgres</c> user through pg_ctl.
/// </summary>
internal sealed class PostgresServer(PostgresSettings settings, string varDir) : ILocalServer
{
    private const string SystemUser = "postgres";

    public string Name => "PostgreSQL";
    public int Port => settings.Port;
    private string DataDir => Path.Combine(varDir, "postgres", "data");
    private string SocketDir => Path.Combine(varDir, "postgres", "run");
    private string LogFile => Path.Combine(varDir, "postgres", "postgres.log");
    private string Bin(string tool) => Path.Combine(settings.BinDir, tool);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Bin("pg_ctl")))
        {
            throw new SourceServerException($"PostgreSQL 15 is not installed ({Bin("pg_ctl")} is missing). Install it with `apt-get install postgresql-15`, or set LocalServers:Postgres:BinDir.");
        }
        ProcessRunner.RequireRoot("Starting PostgreSQL");
        if (await IsRunningAsync(cancellationToken).ConfigureAwait(false)) return;
        var root = Path.Combine(varDir, "postgres");
        ServerHome.Prepare(varDir);
        Directory.CreateDirectory(root);
        await ProcessRunner.CreateOwnedDirectoryAsync(root, SystemUser, cancellationToken).ConfigureAwait(false);
        await ProcessRunner.CreateOwnedDirectoryAsync(SocketDir, SystemUser, cancellationToken).ConfigureAwait(false);
        if (!File.Exists(Path.Combine(DataDir, "PG_VERSION")))
        {
            await InitialiseAsync(cancellationToken).ConfigureAwait(false);
        }
        // Throw-away synthetic data: durability settings are traded for load speed.
        var options = $"-p {settings.Port} -k {SocketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB -c shared_buffers=256MB";
        await ProcessRunner.RunAsUserAsync("Starting PostgreSQL (pg_ctl start; log: " + LogFile + ")", SystemUser, Bin("pg_ctl"),
            ["-D", DataDir, "-l", LogFile, "-o", options, "-w", "-t", "60", "start"], cancellationToken).ConfigureAwait(false);
    }

    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        var passwordFile = Path.Combine(varDir, "postgres", "initdb.pw");
        await File.WriteAllTextAsync(passwordFile, settings.Password + "\n", cancellationToken).ConfigureAwait(false);
        try
        {
            await ProcessRunner.RunCheckedAsync("Giving the password file to postgres", "chown", [$"{SystemUser}:{SystemUser}", passwordFile], cancellationToken).ConfigureAwait(false);
            await ProcessRunner.RunAsUserAsync("Initialising PostgreSQL (initdb)", SystemUser, Bin("initdb"),
                ["-D", DataDir, "-U", settings.User, "--pwfile", passwordFile, "--auth-host=scram-sha-256", "--auth-local=peer", "-E", "UTF8", "--no-locale"],
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!await IsRunningAsync(cancellationToken).ConfigureAwait(false)) return;
        await ProcessRunner.RunAsUserAsync("Stopping PostgreSQL (pg_ctl stop)", SystemUser, Bin("pg_ctl"),
            ["-D", DataDir, "-m", "fast", "-w", "-t", "60", "stop"], cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(DataDir, "postmaster.pid")) || !File.Exists(Bin("pg_ctl"))) return false;
        // pg_ctl status: 0 = running, 3 = not running, 4 = no accessible data directory.
        var result = await ProcessRunner.RunAsync("runuser", ["-u", SystemUser, "--", Bin("pg_ctl"), "-D", DataDir, "status"], cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0;
    }

    public string Describe() => $"127.0.0.1:{settings.Port}, data {DataDir}";
}
