using System.Net.Sockets;

namespace CrmWarehouse.Bank.LocalServers;

/// <summary>
/// A MariaDB server for the cards system: its own data directory, socket and pid file under the var folder,
/// listening on 127.0.0.1 only, run as the <c>mysql</c> user. Installs mariadb-server with apt when missing.
/// </summary>
internal sealed class MariaDbServer(MariaDbSettings settings, string varDir) : ILocalServer
{
    private const string SystemUser = "mysql";

    public string Name => "MariaDB";
    public int Port => settings.Port;
    private string Root => Path.Combine(varDir, "mariadb");
    private string DataDir => Path.Combine(Root, "data");
    private string Socket => Path.Combine(Root, "mariadb.sock");
    private string PidFile => Path.Combine(Root, "mariadb.pid");
    private string LogFile => Path.Combine(Root, "mariadb.log");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ProcessRunner.RequireRoot("Starting MariaDB");
        await EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);
        if (await IsRunningAsync(cancellationToken).ConfigureAwait(false)) return;
        ServerHome.Prepare(Path.GetDirectoryName(Root)!);
        Directory.CreateDirectory(Root);
        await ProcessRunner.CreateOwnedDirectoryAsync(Root, SystemUser, cancellationToken).ConfigureAwait(false);
        if (!Directory.Exists(Path.Combine(DataDir, "mysql")))
        {
            await ProcessRunner.RunAsUserAsync("Initialising MariaDB (mariadb-install-db)", SystemUser, settings.InstallDbBinary,
                ["--no-defaults", $"--datadir={DataDir}", "--auth-root-authentication-method=socket", "--skip-test-db"], cancellationToken).ConfigureAwait(false);
        }
        // mariadbd does not daemonise itself: setsid detaches it from this process and its terminal.
        var command = string.Join(' ', new[]
        {
            "exec setsid runuser -u mysql --", settings.ServerBinary, "--no-defaults", $"--datadir={DataDir}", $"--socket={Socket}",
            $"--pid-file={PidFile}", $"--port={settings.Port}", "--bind-address=127.0.0.1", $"--log-error={LogFile}", "--skip-log-bin",
            "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci", "--max-allowed-packet=256M",
            // Throw-away synthetic data: durability is traded for load speed.
            "--innodb-buffer-pool-size=512M", "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0", "--skip-name-resolve",
        }.Select(Quote));
        await ProcessRunner.RunCheckedAsync("Starting MariaDB", "bash", ["-c", $"({command}) </dev/null >/dev/null 2>&1 &"], cancellationToken).ConfigureAwait(false);
        await WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        var user = settings.User.Replace("'", "", StringComparison.Ordinal);
        var password = settings.Password.Replace("'", "''", StringComparison.Ordinal);
        var sql = $"CREATE USER IF NOT EXISTS '{user}'@'127.0.0.1' IDENTIFIED BY '{password}'; ALTER USER '{user}'@'127.0.0.1' IDENTIFIED BY '{password}'; " +
                  $"GRANT ALL PRIVILEGES ON *.* TO '{user}'@'127.0.0.1'; FLUSH PRIVILEGES;";
        await ProcessRunner.RunCheckedAsync("Creating the MariaDB user", "mariadb", [$"--socket={Socket}", "-u", "root"], cancellationToken, sql).ConfigureAwait(false);
    }

    private static string Quote(string part) => part.StartsWith("exec ", StringComparison.Ordinal) ? part : $"'{part.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (File.Exists(Socket) && await AcceptsTcpAsync(cancellationToken).ConfigureAwait(false)) return;
            if (File.Exists(LogFile) && File.ReadLines(LogFile).Any(line => line.Contains("[ERROR] Aborting", StringComparison.Ordinal)))
            {
                // The server gave up (e.g. its port is taken): no point waiting out the 90 s.
                break;
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
        var log = File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(15)) : "(no log written)";
        throw new SourceServerException($"MariaDB did not start on 127.0.0.1:{settings.Port} (waited {waited.Elapsed.TotalSeconds:F0} s). Last lines of {LogFile}:\n{log}");
    }

    private async Task<bool> AcceptsTcpAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", settings.Port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(settings.ServerBinary) && File.Exists(settings.InstallDbBinary)) return;
        if (!File.Exists("/usr/bin/apt-get"))
        {
            throw new SourceServerException($"MariaDB is not installed ({settings.ServerBinary} is missing) and apt-get is not available to install it. Install mariadb-server.");
        }
        await ProcessRunner.RunCheckedAsync("apt-get update", "apt-get", ["update", "-qq"], cancellationToken).ConfigureAwait(false);
        await ProcessRunner.RunCheckedAsync("Installing mariadb-server with apt-get", "bash", ["-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server"], cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!await IsRunningAsync(cancellationToken).ConfigureAwait(false)) return;
        var pid = int.Parse(File.ReadAllText(PidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using (var process = System.Diagnostics.Process.GetProcessById(pid))
        {
            await ProcessRunner.RunCheckedAsync("Stopping MariaDB", "kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
    }

    public Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(PidFile)) return Task.FromResult(false);
        var text = File.ReadAllText(PidFile).Trim();
        var alive = int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var pid) && Directory.Exists($"/proc/{pid}")
            && File.ReadAllText($"/proc/{pid}/comm").Trim() is "mariadbd" or "mysqld";
        return Task.FromResult(alive);
    }

    public string Describe() => $"127.0.0.1:{settings.Port}, data {DataDir}";
}
