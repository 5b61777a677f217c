namespace CrmWarehouse.Serving.Security;

/// <summary>
/// The token a running service hands the CLI of the same host, so that <c>crmw sql</c> and <c>crmw cube query</c>
/// through the service need no typing: a new random token per start, in a 0600 file beside the warehouse
/// (<c>warehouse.service-token</c>), signing in as admin. Whoever can read that file can read the warehouse file
/// itself, so it grants nothing new; it is removed when the service stops.
/// </summary>
public sealed class LocalServiceToken : IDisposable
{
    /// <summary>The user name the CLI's queries are audited under.</summary>
    public const string UserName = "crmw-cli";

    // Hashed once: every sign-in with a token compares against it.
    private readonly string _hash;

    private LocalServiceToken(string file, string token)
    {
        File = file;
        Token = token;
        _hash = ApiToken.Hash(token);
    }

    public string File { get; }

    internal string Token { get; }

    public static string FileFor(string warehousePath) => UserDirectory.BesideWarehouse(warehousePath, ".service-token");

    /// <summary>Makes a token and writes it for the warehouse at <paramref name="warehousePath"/>.</summary>
    public static LocalServiceToken Create(string warehousePath)
    {
        var (token, _, _) = ApiToken.Create();
        var file = FileFor(warehousePath);
        SecretFile.Write(file, token + "\n");
        return new LocalServiceToken(file, token);
    }

    /// <summary>The token a running service wrote for this warehouse, or null (no service, or not readable by this user).</summary>
    public static string? Read(string warehousePath)
    {
        try
        {
            return System.IO.File.ReadAllText(FileFor(warehousePath)).Trim() is { Length: > 0 } token ? token : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether a token whose <see cref="ApiToken.Hash"/> is <paramref name="hash"/> is this one.</summary>
    internal bool HashMatches(string hash) => ApiToken.HashMatches(hash, _hash);

    public void Dispose()
    {
        // Only our own: a service started later on the same warehouse has written its own token over it.
        try
        {
            if (System.IO.File.ReadAllText(File).Trim() == Token)
            {
                System.IO.File.Delete(File);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone already, or not ours to remove.
        }
    }
}
