using System.Security.Cryptography;
using System.Text;

namespace CrmWarehouse.Warehouse;

/// <summary>
/// Which warehouse file a process serves, said without saying where it is: a service's <c>/health</c> gives this
/// identity so that a CLI command hands its work to the service only when both mean the same file (a service of
/// another checkout on the same port must not answer for this one), and no path reaches an unauthenticated client.
/// </summary>
public static class WarehouseFile
{
    /// <summary>The first 16 hex digits of the SHA-256 of the file's full path, links followed.</summary>
    public static string Identity(string path)
    {
        var full = Path.GetFullPath(path);
        var target = File.Exists(full) ? new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full : full;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(target)))[..16];
    }
}
