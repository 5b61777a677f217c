namespace CrmWarehouse.Serving.Security;

/// <summary>Why an API token did not sign anyone in.</summary>
public enum TokenFailure
{
    /// <summary>Not a token of ours, or one no user holds (its user was removed), or the secret part is wrong.</summary>
    Unknown,

    Expired,

    Revoked,
}

/// <summary>
/// What an API token is: the user it signs in as, or why it does not (with its owner when the token's id is known,
/// for the audit). <see cref="Id"/> is the public part of the token (<c>crmw_&lt;id&gt;_…</c>), never its secret.
/// </summary>
public sealed record TokenCheck(UserAccount? User, string? Id, TokenFailure? Failure, DateTimeOffset? At = null)
{
    /// <summary>Who holds a token that failed because it expired or was revoked; null for an unknown token.</summary>
    public string? Owner { get; init; }
}

/// <summary>A token as <c>crmw user list</c> shows it: no hash, no secret.</summary>
public sealed record TokenSummary(string Id, DateTimeOffset Created, DateTimeOffset? Expires, DateTimeOffset? Revoked, DateTimeOffset? LastUsed);
