namespace CrmWarehouse.Serving.Security;

/// <summary>
/// Where a running service listens, in a file beside the warehouse it serves (<c>warehouse.service-urls</c>, 0600,
/// one URL a line), so that the CLI of this host finds the service that holds the file even when it was started with
/// <c>--urls</c> or on port 0, and not only at the configured <c>Serving:Urls</c>. Removed when the service stops.
/// </summary>
public sealed class ServiceAddress : IDisposable
{
    private readonly string _file;
    private readonly string _text;

    private ServiceAddress(string file, string text)
    {
        _file = file;
        _text = text;
    }

    public static string FileFor(string warehousePath) => UserDirectory.BesideWarehouse(warehousePath, ".service-urls");

    internal static ServiceAddress Write(string warehousePath, IEnumerable<string> urls)
    {
        var file = FileFor(warehousePath);
        var text = string.Join('\n', urls) + "\n";
        SecretFile.Write(file, text);
        return new ServiceAddress(file, text);
    }

    /// <summary>The URLs a service wrote for this warehouse (none when no service, or unreadable here).</summary>
    public static IReadOnlyList<string> Read(string warehousePath)
    {
        try
        {
            return File.ReadAllLines(FileFor(warehousePath)).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public void Dispose()
    {
        // Only our own: a service started later on the same warehouse has written its own over it.
        try
        {
            if (File.ReadAllText(_file) == _text)
            {
                File.Delete(_file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone already, or not ours to remove.
        }
    }
}
