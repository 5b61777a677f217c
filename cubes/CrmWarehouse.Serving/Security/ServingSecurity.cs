using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Serving.Security;

/// <summary>
/// The security model one serving process shares between its doors (HTTP, PostgreSQL wire): the roles with their
/// views, the users, the CLI's local token and the query audit. Made once per served warehouse, before DuckDB's
/// sandbox is locked; disposing it drains the audit and removes the local token. Every door signs users in through it
/// (<see cref="SignInWithToken"/>, <see cref="SignInWithPassword"/>, or for a door that checks the secret itself, SCRAM,
/// <see cref="SignInWait"/> / <see cref="SignInFailed"/> / <see cref="SignInSucceeded"/>), so that every failure is in
/// <c>audit.sign_in_failure</c> and password guessing is throttled the same way at every door.
/// </summary>
public sealed partial class ServingSecurity : IAsyncDisposable
{
    /// <summary>What a client that failed to sign in with a password is told, whichever of name or password was wrong.</summary>
    public const string WrongPassword = "The user name or the password is wrong.";

    private const string UnknownToken = "This API token signs no one in (crmw user token NAME makes one).";

    // Checked for an unknown user name, so that a wrong name takes as long as a wrong password.
    private static readonly ScramVerifier Decoy = ScramVerifier.Create(ApiToken.Password());

    private readonly SignInThrottle _throttle;
    private readonly PasswordChecks _passwords;
    private readonly TokenUse _tokenUse;

    private ServingSecurity(RoleCatalog roles, UserDirectory users, LocalServiceToken localToken, QueryAudit audit, TimeProvider clock)
    {
        Roles = roles;
        Users = users;
        LocalToken = localToken;
        Audit = audit;
        Clock = clock;
        _throttle = new SignInThrottle(clock);
        _passwords = new PasswordChecks(clock);
        _tokenUse = new TokenUse(users.TokenUseFile, clock);
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

    /// <summary>
    /// Signs in with an API token (or the CLI's local token) through <paramref name="door"/>. A token that signs no one
    /// in (unknown, expired, revoked, its user's role gone) is a row of <c>audit.sign_in_failure</c>, and the result says
    /// what to tell the client: that it expired or was revoked, when it did.
    /// </summary>
    public SignInResult SignInWithToken(string door, string token, string? clientAddress)
    {
        ArgumentNullException.ThrowIfNull(token);

        // One hash for both comparisons: the first SHA-256 of a request costs about 20 µs (measured in bench serve), the
        // rest of a sign-in less than that.
        var hash = ApiToken.Hash(token);
        if (LocalToken.HashMatches(hash))
        {
            return Roles.Find("admin") is { } admin ? new SignInResult(new Principal(LocalServiceToken.UserName, admin, [])) : SignInResult.Failed(UnknownToken);
        }

        var check = Users.CheckToken(token, hash);
        if (check.User is { } user && Principal.For(user, Roles) is { } principal)
        {
            _tokenUse.Touch(check.Id!);
            return new SignInResult(principal);
        }

        var named = check.Id is null ? "a token not made by crmw user token" : $"token {check.Id}";
        var (reason, message) = check.Failure switch
        {
            TokenFailure.Expired => ($"{named} expired", $"This API token expired at {check.At:yyyy-MM-dd HH:mm}Z; ask for a new one (crmw user token NAME)."),
            TokenFailure.Revoked => ($"{named} revoked", $"This API token was revoked at {check.At:yyyy-MM-dd HH:mm}Z."),
            null => ($"{named}: role {check.User?.Role} is not declared", UnknownToken),
            _ => ($"{named} unknown", UnknownToken),
        };
        Record(door, check.Owner ?? check.User?.Name, clientAddress, "token", reason);
        return SignInResult.Failed(message);
    }

    /// <summary>
    /// Signs <paramref name="userName"/> in with a password through <paramref name="door"/> (HTTP Basic, the web UI's
    /// form): throttled per user name and client address (<see cref="SignInResult.Throttled"/>, without checking the
    /// password), every failure audited, a success remembered for a minute (PBKDF2 is not paid per request). An unknown
    /// name costs as long as a wrong password and is told the same. Runs PBKDF2: call it off the request's thread.
    /// </summary>
    public SignInResult SignInWithPassword(string door, string userName, string password, string? clientAddress)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (SignInWait(userName, clientAddress) is var wait && wait > TimeSpan.Zero)
        {
            Record(door, userName, clientAddress, "password", "throttled: too many failed sign-ins");
            return new SignInResult(null, $"Too many failed sign-ins; try again in {Math.Ceiling(wait.TotalSeconds):0} s.", wait);
        }

        var user = Users.Find(userName);
        if (user is null)
        {
            _ = Decoy.Matches(password);
            SignInFailed(door, userName, clientAddress, "password", "unknown user");
            return SignInResult.Failed(WrongPassword);
        }

        if (!_passwords.Matches(user, password))
        {
            SignInFailed(door, userName, clientAddress, "password", "wrong password");
            return SignInResult.Failed(WrongPassword);
        }

        if (Principal.For(user, Roles) is not { } principal)
        {
            SignInFailed(door, userName, clientAddress, "password", $"role {user.Role} is not declared");
            return SignInResult.Failed(WrongPassword);
        }

        SignInSucceeded(userName, clientAddress);
        return new SignInResult(principal);
    }

    /// <summary>For a door that checks the secret itself (SCRAM): how long <paramref name="userName"/> from <paramref name="clientAddress"/> must wait first; zero to go on.</summary>
    public TimeSpan SignInWait(string userName, string? clientAddress) => _throttle.Wait(userName, clientAddress);

    /// <summary>
    /// For a door that checks the secret itself: a failed sign-in, audited and counted against the user name and the
    /// address (<paramref name="method"/>: password, scram, token; <paramref name="reason"/>: what failed, never a secret).
    /// </summary>
    public void SignInFailed(string door, string userName, string? clientAddress, string method, string reason)
    {
        _throttle.Failed(userName, clientAddress);
        Record(door, userName, clientAddress, method, reason);
    }

    /// <summary>A sign-in refused because of earlier failures (<see cref="SignInWait"/>): audited, not counted again.</summary>
    public void SignInThrottled(string door, string userName, string? clientAddress, string method) =>
        Record(door, userName, clientAddress, method, "throttled: too many failed sign-ins");

    /// <summary>For a door that checks the secret itself: a success clears the user's and the address's failures.</summary>
    public void SignInSucceeded(string userName, string? clientAddress) => _throttle.Succeeded(userName, clientAddress);

    private void Record(string door, string? userName, string? clientAddress, string method, string reason) =>
        Audit.Record(new SignInFailure(Clock.GetUtcNow(), door,
            userName is { Length: > SignInFailure.MostNameCharacters } ? userName[..SignInFailure.MostNameCharacters] : userName,
            clientAddress, method, reason));

    public async ValueTask DisposeAsync()
    {
        await Audit.DisposeAsync().ConfigureAwait(false);
        _tokenUse.Save();
        LocalToken.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No users yet: created user admin; its password is in {PasswordFile} (read it, then delete the file; crmw user add makes more users)")]
    private static partial void LogFirstAdmin(ILogger logger, string passwordFile);
}
