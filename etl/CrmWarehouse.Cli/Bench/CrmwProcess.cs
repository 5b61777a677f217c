using System.Diagnostics;

namespace CrmWarehouse.Cli.Bench;

/// <summary>
/// This same crmw started as another process with another folder as its CrmWarehouse home (CRMW_HOME): the benches
/// that need a fresh process (each scale's memory its own) or a real service beside them (the soak) start it here.
/// </summary>
internal static class CrmwProcess
{
    /// <summary>How crmw is started: its apphost when that is what runs, else the dotnet host with crmw.dll (./crmw, tests).</summary>
    public static ProcessStartInfo StartInfo(string home, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var running = Environment.ProcessPath;
        var isCrmw = running is not null && Path.GetFileNameWithoutExtension(running) == "crmw";
        var host = isCrmw ? running! : running is not null && Path.GetFileNameWithoutExtension(running) == "dotnet" ? running : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (!isCrmw)
        {
            start.ArgumentList.Add(typeof(CrmwProcess).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CRMW_HOME"] = home;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>Runs crmw to its end: exit code, stdout and stderr. Cancelling kills it.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string home, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = StartInfo(home, arguments);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}.");
        using var kill = cancellationToken.Register(() => process.Kill(entireProcessTree: true));
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await output.ConfigureAwait(false), await errors.ConfigureAwait(false));
    }

    /// <summary>Runs crmw to its end and returns its stdout, or throws with its stderr when it fails.</summary>
    public static async Task<string> RunOrThrowAsync(string bench, string home, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var (code, output, errors) = await RunAsync(home, arguments, cancellationToken).ConfigureAwait(false);
        return code == 0
            ? output
            : throw new InvalidOperationException($"{bench}: `crmw {string.Join(' ', arguments)}` in {home} failed (exit code {code}): {errors.Trim()}");
    }
}
