namespace CrmWarehouse.Serving.Security;

/// <summary>
/// One row of <c>audit.sign_in_failure</c> (migration 0017): a sign-in that failed, through any door. The user name is
/// as given (it may name no user), never a password or a token's secret; a token is named by its public id.
/// </summary>
public sealed record SignInFailure(DateTimeOffset At, string Door, string? UserName, string? ClientAddress, string Method, string Reason)
{
    /// <summary>The longest user name kept: what was typed in the name field is cut, in case it was a password.</summary>
    public const int MostNameCharacters = 64;
}

/// <summary>The result of a sign-in through <see cref="ServingSecurity"/>: who, or why not (for the door to tell the client).</summary>
/// <param name="Principal">Who signed in; null when the sign-in failed.</param>
/// <param name="Failure">What to tell the client when it failed (no secret, and the same for an unknown user as for a wrong password).</param>
/// <param name="RetryAfter">When throttled: how long until the next attempt is taken.</param>
public sealed record SignInResult(Principal? Principal, string? Failure = null, TimeSpan RetryAfter = default)
{
    public bool Throttled => RetryAfter > TimeSpan.Zero;

    public static SignInResult Failed(string message) => new(null, message);
}
