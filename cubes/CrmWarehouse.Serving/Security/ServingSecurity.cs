using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Serving.Security;

/// <summary>
/// The security model one serving process shares between its doors (HTTP, PostgreSQL wire): the roles with their
/// views, the users, the CLI's local token and the query audit. Made once per served warehouse, before DuckDB's
/// sandbox is locked; disposing it drains the audit and removes the local token.
/// </summary>
public sealed partial class ServingSecurity : IAsyncDisposable
{
    private ServingSecurity(RoleCatalog roles, UserDirectory users, LocalServiceToken localToken, QueryAudit audit, TimeProvider clock)
    {
        Roles = roles;
        Users = users;
        LocalToken = localToken;
        Audit = audit;
        Clock = clock;
    }

    public RoleCatalog Roles { get; }

    public UserDirectory Users { get; }

    /// <summary>The token the CLI on this host signs in with (see <see cref="LocalServiceToken"/>).</summary>
    public LocalServiceToken LocalToken { get; }

    public QueryAudit Audit { get; }

    public TimeProvider Clock { get; }

    /// <summary>
    /// Makes the role views on the warehouse <paramref name="holder"/> is open on, a first admin when there are no
    /// users (its password in a 0600 file, whose path is logged), the CLI's token and the audit writer.
    /// </summary>
    public static ServingSecurity Start(DuckDBConnection holder, string connectionString, RoleCatalog roles, ILoggerFactory? loggers = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(roles);
        loggers ??= NullLoggerFactory.Instance;
        RoleViews.Refresh(holder, roles, CancellationToken.None);
        var users = UserDirectory.ForWarehouse(holder.DataSource);
        if (roles.Find("admin") is { } admin && users.EnsureAdmin(admin) is { } passwordFile)
        {
            LogFirstAdmin(loggers.CreateLogger<ServingSecurity>(), passwordFile);
        }

        return new ServingSecurity(roles, users, LocalServiceToken.Create(holder.DataSource), new QueryAudit(connectionString, loggers.CreateLogger<QueryAudit>()), clock ?? TimeProvider.System);
    }

    /// <summary>The principal an API token (or the CLI's local token) signs in as; null when it signs in as no one.</summary>
    public Principal? SignInWithToken(string token)
    {
        if (LocalToken.Matches(token))
        {
            return Roles.Find("admin") is { } admin ? new Principal(LocalServiceToken.UserName, admin, []) : null;
        }

        return Users.FindByToken(token) is { } holder ? Principal.For(holder, Roles) : null;
    }

    public async ValueTask DisposeAsync()
    {
        await Audit.DisposeAsync().ConfigureAwait(false);
        LocalToken.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No users yet: created user admin; its password is in {PasswordFile} (read it, then delete the file; crmw user add makes more users)")]
    private static partial void LogFirstAdmin(ILogger logger, string passwordFile);
}
