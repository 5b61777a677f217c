using System.Security.Cryptography;
using System.Text;

namespace CrmWarehouse.Bank.LocalServers;

/// <summary>
/// Where the local servers keep their data. The servers run as the <c>postgres</c> and <c>mysql</c> users, who must be
/// able to enter every folder above their data: a checkout under <c>/root</c> or in a <c>mktemp -d</c> folder (mode
/// 0700) is out of their reach. Then the data goes to a folder of its own under <see cref="Fallback"/>, named after the
/// configured one, so that each checkout keeps its own servers.
/// </summary>
internal static class ServerHome
{
    public const string Fallback = "/var/lib/crmw";

    /// <summary><paramref name="varDir"/> when other users can reach it, else its folder under <see cref="Fallback"/>.</summary>
    public static string For(string varDir)
    {
        var full = Path.GetFullPath(varDir);
        if (OperatingSystem.IsWindows() || ReachableByOthers(full))
        {
            return full;
        }

        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..16];
        return Path.Combine(Fallback, name);
    }

    /// <summary>
    /// Creates <paramref name="home"/>. A home under <see cref="Fallback"/> (and the fallback itself) is made 0755
    /// whatever the process's umask, so that the server users can pass through it to their own 0700 folders.
    /// </summary>
    public static void Prepare(string home)
    {
        var full = Path.GetFullPath(home);
        if (OperatingSystem.IsWindows() || !full.StartsWith(Fallback + "/", StringComparison.Ordinal))
        {
            Directory.CreateDirectory(full);
            return;
        }

        const UnixFileMode Passable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        foreach (var folder in new[] { Fallback, full })
        {
            Directory.CreateDirectory(folder);
            File.SetUnixFileMode(folder, Passable);
        }
    }

    /// <summary>True when every existing folder from the root down to <paramref name="directory"/> lets other users pass.</summary>
    internal static bool ReachableByOthers(string directory)
    {
        for (var folder = new DirectoryInfo(directory); folder is not null; folder = folder.Parent)
        {
            if (folder.Exists && (folder.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }
}
