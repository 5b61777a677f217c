using System.Net.Http.Headers;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Tests.Cubes;

namespace CrmWarehouse.Tests.Security;

/// <summary>The repository's roles and users made for a test, signed in with API tokens.</summary>
internal static class TestUsers
{
    /// <summary>config/roles.json, loaded afresh: each server records its views on its own catalog's roles.</summary>
    public static RoleCatalog Roles() => RoleCatalog.Load(Path.Combine(CubeWarehouse.RepositoryRoot(), "config", "roles.json"));

    /// <summary>A client signed in as <paramref name="user"/> (made with <paramref name="role"/> the first time) of the warehouse at <paramref name="warehousePath"/>.</summary>
    public static HttpClient Client(Uri baseAddress, string warehousePath, string user, string role, params string[] branches)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        Authorize(client, warehousePath, user, role, branches);
        return client;
    }

    public static void Authorize(HttpClient client, string warehousePath, string user, string role, params string[] branches)
    {
        var users = UserDirectory.ForWarehouse(warehousePath);
        if (users.Find(user) is null)
        {
            users.Add(user, Roles().Get(role), branches, password: null);
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", users.IssueToken(user));
    }
}
