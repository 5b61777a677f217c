namespace CrmWarehouse.Serving.Security;

/// <summary>
/// Who is asking, once signed in through any door: the user, the role whose views they read through, and for a
/// branch-filtered role the branches whose rows they see.
/// </summary>
public sealed record Principal(string User, Role Role, IReadOnlyList<string> Branches)
{
    /// <summary>The role's SQL scope, for the gate.</summary>
    public RoleScope Scope => Role.Scope;

    /// <summary>The principal a signed-in user acts as; null when their role is no longer declared (they sign in to nothing).</summary>
    public static Principal? For(UserAccount user, RoleCatalog roles)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(roles);
        return roles.Find(user.Role) is { } role ? new Principal(user.Name, role, user.Branches) : null;
    }
}
