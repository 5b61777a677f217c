using System.Diagnostics;

namespace CrmWarehouse.Bank.LocalServers;

/// <summary>Runs a helper program (initdb, pg_ctl, chown, the mariadb client) and fails with its own words.</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken, string? standardInput = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new SourceServerException($"Could not start {program}.");
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return new Result(process.ExitCode, ((await output.ConfigureAwait(false)) + (await error.ConfigureAwait(false))).Trim());
    }

    /// <summary>Runs and throws <see cref="SourceServerException"/> naming the step when the exit code is not 0.</summary>
    public static async Task<string> RunCheckedAsync(string step, string program, IEnumerable<string> arguments, CancellationToken cancellationToken, string? standardInput = null)
    {
        var result = await RunAsync(program, arguments, cancellationToken, standardInput).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new SourceServerException($"{step} failed (exit code {result.ExitCode}): {result.Output}");
        }
        return result.Output;
    }

    /// <summary>Runs a program as a system user (the servers refuse to run as root).</summary>
    public static Task<string> RunAsUserAsync(string step, string user, string program, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        RunCheckedAsync(step, "runuser", ["-u", user, "--", program, .. arguments], cancellationToken);

    /// <summary>Creates a folder owned by <paramref name="user"/> with mode 0700 (both servers insist on it).</summary>
    public static async Task CreateOwnedDirectoryAsync(string path, string user, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(path);
        await RunCheckedAsync($"Giving {path} to {user}", "chown", ["-R", $"{user}:{user}", path], cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public static void RequireRoot(string what)
    {
        if (Environment.UserName != "root")
        {
            throw new SourceServerException($"{what} needs root: the servers run as their own system users (postgres, mysql) via runuser. Run it as root or in the dev container.");
        }
    }
}

/// <summary>A local source server could not be installed, initialised, started or stopped; the message says why.</summary>
public sealed class SourceServerException(string message) : Exception(message);
