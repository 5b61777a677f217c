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
    private volatile Snapshot _snapshot = Snapshot.Empty;

    public UserDirectory(string filePath, TimeProvider? clock = null)
    {
        FilePath = Path.GetFullPath(filePath);
        _clock = clock ?? TimeProvider.System;
        TokenUseFile = FilePath.EndsWith(".users.json", StringComparison.Ordinal) ? FilePath[..^".users.json".Length] + ".token-use.json" : FilePath + ".token-use";
    }

    /// <summary>The users file of the warehouse at <paramref name="warehousePath"/>.</summary>
    public static UserDirectory ForWarehouse(string warehousePath, TimeProvider? clock = null) => new(BesideWarehouse(warehousePath, ".users.json"), clock);

    /// <summary><c>data/warehouse.duckdb</c> + <c>.users.json</c> → <c>data/warehouse.users.json</c>.</summary>
    public static string BesideWarehouse(string warehousePath, string suffix) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(warehousePath))!, Path.GetFileNameWithoutExtension(warehousePath) + suffix);

    public string FilePath { get; }

    /// <summary>When each token was last used to sign in, as the service records it (<see cref="TokenUse"/>): beside the users file.</summary>
    public string TokenUseFile { get; }

    public bool IsEmpty => Current().Users.Count == 0;

    /// <summary>The user named <paramref name="name"/>, or null.</summary>
    public UserAccount? Find(string name) => Current().Users.GetValueOrDefault(name);

    /// <summary>The user an API token signs in as now, or null (unknown, expired or revoked: <see cref="CheckToken(string)"/> says which).</summary>
    public UserAccount? FindByToken(string token) => CheckToken(token).User;

    /// <summary>
    /// Whom an API token signs in as now, or why it does not: unknown (not ours, wrong secret, its user removed),
    /// expired, or revoked. Found by the token's public id, then its hash compared in constant time.
    /// </summary>
    public TokenCheck CheckToken(string token) => CheckToken(token, ApiToken.Hash(token));

    /// <summary>As <see cref="CheckToken(string)"/>, with the token's <see cref="ApiToken.Hash"/> made by the caller.</summary>
    internal TokenCheck CheckToken(string token, string hash)
    {
        if (ApiToken.IdOf(token) is not { } id)
        {
            return new TokenCheck(null, null, TokenFailure.Unknown);
        }

        if (!Current().Tokens.TryGetValue(id, out var held) || !ApiToken.HashMatches(hash, held.Token.Hash))
        {
            return new TokenCheck(null, id, TokenFailure.Unknown);
        }

        if (held.Token.Revoked is { } revoked)
        {
            return new TokenCheck(null, id, TokenFailure.Revoked, revoked) { Owner = held.User.Name };
        }

        if (held.Token.Expires is { } expires && expires <= _clock.GetUtcNow())
        {
            return new TokenCheck(null, id, TokenFailure.Expired, expires) { Owner = held.User.Name };
        }

        return new TokenCheck(held.User, id, null);
    }

    /// <summary>Every user without secrets: name, role, branches, created, and their tokens (expiry, revocation, last use).</summary>
    public IReadOnlyList<(UserAccount User, IReadOnlyList<TokenSummary> Tokens)> List()
    {
        var lastUsed = TokenUse.Read(TokenUseFile);
        var snapshot = Current();
        return snapshot.File.Users.OrderBy(u => u.Name, StringComparer.Ordinal)
            .Select(u => (snapshot.Users[u.Name], (IReadOnlyList<TokenSummary>)[.. u.Tokens.Select(t => new TokenSummary(t.Id, t.Created, t.Expires, t.Revoked, lastUsed.TryGetValue(t.Id, out var used) ? used : null))]))
            .ToList();
    }

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

    /// <summary>
    /// A new API token for <paramref name="name"/>, signing in until <paramref name="lifetime"/> from now (null: until
    /// revoked); only its hash is kept, so this is the one time it is seen.
    /// </summary>
    public string IssueToken(string name, TimeSpan? lifetime = null)
    {
        if (lifetime is { } span && span <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), "A token's lifetime must be positive.");
        }

        var (token, id, hash) = ApiToken.Create();
        var now = _clock.GetUtcNow();
        Change(users =>
        {
            var user = users.Users.FirstOrDefault(u => u.Name == name) ?? throw new KeyNotFoundException($"There is no user {name} (crmw user list shows them).");
            user.Tokens.Add(new UserFile.StoredToken { Id = id, Hash = hash, Created = now, Expires = now + lifetime });
        });
        return token;
    }

    /// <summary>
    /// Revokes the token whose id (the part after <c>crmw_</c>) is <paramref name="id"/>: it signs in no more, and a
    /// sign-in with it is told it was revoked. False when the user holds no such token (or it was revoked already).
    /// </summary>
    public bool RevokeToken(string name, string id)
    {
        var revoked = false;
        var now = _clock.GetUtcNow();
        Change(users =>
        {
            var user = users.Users.FirstOrDefault(u => u.Name == name) ?? throw new KeyNotFoundException($"There is no user {name} (crmw user list shows them).");
            foreach (var token in user.Tokens.Where(t => t.Id == id && t.Revoked is null))
            {
                token.Revoked = now;
                revoked = true;
            }
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

    /// <summary>
    /// The users as the file holds them now, read again only when its time or size changed (one stat per sign-in), and
    /// indexed once per read: by name, and tokens by id, so that a sign-in parses nothing and scans nobody.
    /// </summary>
    private Snapshot Current()
    {
        var info = new FileInfo(FilePath);
        if (!info.Exists)
        {
            return Snapshot.Empty;
        }

        var snapshot = _snapshot;
        if (info.LastWriteTimeUtc == snapshot.Written && info.Length == snapshot.Length)
        {
            return snapshot;
        }

        lock (_loading)
        {
            if (info.LastWriteTimeUtc != _snapshot.Written || info.Length != _snapshot.Length)
            {
                _snapshot = new Snapshot(info.LastWriteTimeUtc, info.Length, UserFile.Read(FilePath));
            }

            return _snapshot;
        }
    }

    private sealed class Snapshot
    {
        public static readonly Snapshot Empty = new(DateTime.MinValue, -1, new UserFile());

        public Snapshot(DateTime written, long length, UserFile file)
        {
            (Written, Length, File) = (written, length, file);
            Users = file.Users.ToDictionary(u => u.Name, Account, StringComparer.Ordinal);
            Tokens = file.Users.SelectMany(u => u.Tokens.Select(t => (t.Id, Held: (Users[u.Name], t))))
                .GroupBy(t => t.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Held, StringComparer.Ordinal);
        }

        public DateTime Written { get; }

        public long Length { get; }

        public UserFile File { get; }

        public Dictionary<string, UserAccount> Users { get; }

        public Dictionary<string, (UserAccount User, UserFile.StoredToken Token)> Tokens { get; }
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
