using System.Text.RegularExpressions;

namespace CrmWarehouse.Serving.Security;

/// <summary>
/// The users of one warehouse, kept in a file beside it (<c>warehouse.duckdb</c> → <c>warehouse.users.json</c>, 0600),
/// not in the warehouse: the service holds the DuckDB file while it runs, and <c>crmw user add</c> must work then. A
/// running service sees a change at the next sign-in (it compares the file's time and size before each lookup).
/// Changes take a lock file, so two commands changing users at once do not lose one's change.
/// </summary>
public sealed partial class UserDirectory
{
    private readonly TimeProvider _clock;
    private readonly Lock _loading = new();
    private (DateTime Written, long Length, UserFile Users) _snapshot = (DateTime.MinValue, -1, new UserFile());

    public UserDirectory(string filePath, TimeProvider? clock = null)
    {
        FilePath = Path.GetFullPath(filePath);
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The users file of the warehouse at <paramref name="warehousePath"/>.</summary>
    public static UserDirectory ForWarehouse(string warehousePath, TimeProvider? clock = null) => new(BesideWarehouse(warehousePath, ".users.json"), clock);

    /// <summary><c>data/warehouse.duckdb</c> + <c>.users.json</c> → <c>data/warehouse.users.json</c>.</summary>
    public static string BesideWarehouse(string warehousePath, string suffix) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(warehousePath))!, Path.GetFileNameWithoutExtension(warehousePath) + suffix);

    public string FilePath { get; }

    public bool IsEmpty => Current().Users.Count == 0;

    /// <summary>The user named <paramref name="name"/>, or null.</summary>
    public UserAccount? Find(string name) => Current().Users.FirstOrDefault(u => u.Name == name) is { } user ? Account(user) : null;

    /// <summary>The user an API token belongs to, or null when no user holds it.</summary>
    public UserAccount? FindByToken(string token)
    {
        if (ApiToken.IdOf(token) is not { } id)
        {
            return null;
        }

        foreach (var user in Current().Users)
        {
            if (user.Tokens.FirstOrDefault(t => t.Id == id) is { } stored)
            {
                return ApiToken.Matches(token, stored.Hash) ? Account(user) : null;
            }
        }

        return null;
    }

    /// <summary>Every user without secrets: name, role, branches, tokens held, created.</summary>
    public IReadOnlyList<(UserAccount User, int Tokens)> List() =>
        Current().Users.OrderBy(u => u.Name, StringComparer.Ordinal).Select(u => (Account(u), u.Tokens.Count)).ToList();

    /// <summary>Adds a user; <paramref name="password"/> null makes one. Returns the password, for the caller to show once.</summary>
    public string Add(string name, Role role, IReadOnlyList<string> branches, string? password)
    {
        ArgumentNullException.ThrowIfNull(role);
        if (!UserName().IsMatch(name))
        {
            throw new ArgumentException($"User name '{name}' must start with a lower-case letter and hold only lower-case letters, digits, '_', '.' or '-' (at most 63).", nameof(name));
        }

        if (role.FiltersByBranch && branches.Count == 0)
        {
            throw new ArgumentException($"Role {role.Name} sees the rows of the user's branches only: give at least one --branch CODE.", nameof(branches));
        }

        if (branches.FirstOrDefault(b => !BranchCode().IsMatch(b)) is { } odd)
        {
            throw new ArgumentException($"Branch code '{odd}' is not a code (letters, digits, '_' or '-', at most 32): give the codes of dw.dim_branch.", nameof(branches));
        }

        if (password is { Length: < 8 })
        {
            throw new ArgumentException("A password needs at least 8 characters.", nameof(password));
        }

        var secret = password ?? ApiToken.Password();
        var verifier = ScramVerifier.Create(secret);
        Change(users =>
        {
            if (users.Users.Any(u => u.Name == name))
            {
                throw new InvalidOperationException($"User {name} exists already; remove it first to change it.");
            }

            users.Users.Add(new UserFile.StoredUser
            {
                Name = name, Role = role.Name, Branches = [.. branches], Verifier = verifier.ToString(), Created = _clock.GetUtcNow(),
            });
        });
        return secret;
    }

    /// <summary>Removes a user with their tokens; false when there was none of that name.</summary>
    public bool Remove(string name)
    {
        var removed = false;
        Change(users => removed = users.Users.RemoveAll(u => u.Name == name) > 0);
        return removed;
    }

    /// <summary>A new API token for <paramref name="name"/>; only its hash is kept, so this is the one time it is seen.</summary>
    public string IssueToken(string name)
    {
        var (token, id, hash) = ApiToken.Create();
        Change(users =>
        {
            var user = users.Users.FirstOrDefault(u => u.Name == name) ?? throw new KeyNotFoundException($"There is no user {name} (crmw user list shows them).");
            user.Tokens.Add(new UserFile.StoredToken { Id = id, Hash = hash, Created = _clock.GetUtcNow() });
        });
        return token;
    }

    /// <summary>Revokes the token whose id (the part after <c>crmw_</c>) is <paramref name="id"/>; false when the user holds none such.</summary>
    public bool RevokeToken(string name, string id)
    {
        var revoked = false;
        Change(users =>
        {
            var user = users.Users.FirstOrDefault(u => u.Name == name) ?? throw new KeyNotFoundException($"There is no user {name} (crmw user list shows them).");
            revoked = user.Tokens.RemoveAll(t => t.Id == id) > 0;
        });
        return revoked;
    }

    /// <summary>
    /// A first start: with no users at all, creates <c>admin</c> with a made-up password written to a 0600 file beside
    /// the users file, and returns that file's path (the caller says where it is; the password is never logged).
    /// </summary>
    public string? EnsureAdmin(Role admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        if (!IsEmpty)
        {
            return null;
        }

        var password = Add("admin", admin, [], password: null);
        var file = Path.Combine(Path.GetDirectoryName(FilePath)!, Path.GetFileName(FilePath).Replace(".users.json", ".admin-password", StringComparison.Ordinal));
        SecretFile.Write(file, password + "\n");
        return file;
    }

    private static UserAccount Account(UserFile.StoredUser user) =>
        new(user.Name, user.Role, user.Branches, ScramVerifier.Parse(user.Verifier), user.Created);

    /// <summary>The users as the file holds them now, read again only when its time or size changed.</summary>
    private UserFile Current()
    {
        var info = new FileInfo(FilePath);
        if (!info.Exists)
        {
            return new UserFile();
        }

        lock (_loading)
        {
            info.Refresh();
            if (info.LastWriteTimeUtc != _snapshot.Written || info.Length != _snapshot.Length)
            {
                _snapshot = (info.LastWriteTimeUtc, info.Length, UserFile.Read(FilePath));
            }

            return _snapshot.Users;
        }
    }

    /// <summary>Read, change and write the file under a lock file, so that concurrent commands do not lose a change.</summary>
    private void Change(Action<UserFile> change)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        using var held = TakeLock();
        var users = File.Exists(FilePath) ? UserFile.Read(FilePath) : new UserFile();
        change(users);
        users.Write(FilePath);
    }

    private FileStream TakeLock()
    {
        var lockFile = FilePath + ".lock";
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 100)
            {
                // Another command is changing users: it holds the lock for milliseconds.
                Thread.Sleep(50);
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex BranchCode();

    [GeneratedRegex("^[a-z][a-z0-9_.-]{0,62}$")]
    private static partial Regex UserName();
}
