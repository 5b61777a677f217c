namespace CrmWarehouse.Serving.Security;

/// <summary>
/// A user as the doors see it: name, role, branches and the password's SCRAM verifier (the wire protocol runs
/// SCRAM-SHA-256 against it; HTTP Basic checks a password with <see cref="ScramVerifier.Matches"/>).
/// </summary>
public sealed record UserAccount(string Name, string Role, IReadOnlyList<string> Branches, ScramVerifier Verifier, DateTimeOffset Created);
