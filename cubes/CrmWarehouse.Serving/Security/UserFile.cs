using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmWarehouse.Serving.Security;

/// <summary>The users file as stored: no clear secret in it, only SCRAM verifiers and token hashes.</summary>
internal sealed class UserFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public List<StoredUser> Users { get; set; } = [];

    public static UserFile Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<UserFile>(File.ReadAllText(path), Json) ?? new UserFile();
        }
        catch (JsonException e)
        {
            // The message of a JsonException quotes no content, only where it broke.
            throw new InvalidDataException($"The users file {path} is not valid JSON ({e.Message}); restore it from a backup or remove it to start over.", e);
        }
    }

    public void Write(string path) => SecretFile.Write(path, JsonSerializer.Serialize(this, Json));

    internal sealed class StoredUser
    {
        public string Name { get; set; } = string.Empty;

        public string Role { get; set; } = string.Empty;

        public List<string> Branches { get; set; } = [];

        /// <summary>SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey.</summary>
        public string Verifier { get; set; } = string.Empty;

        public List<StoredToken> Tokens { get; set; } = [];

        public DateTimeOffset Created { get; set; }
    }

    internal sealed class StoredToken
    {
        /// <summary>The public part of the token (<c>crmw_&lt;id&gt;_…</c>), to find it and to revoke it by.</summary>
        public string Id { get; set; } = string.Empty;

        /// <summary>SHA-256 of the whole token, hex.</summary>
        public string Hash { get; set; } = string.Empty;

        public DateTimeOffset Created { get; set; }

        /// <summary>When it stops signing in; null: never (a token made before tokens expired, or with --expires never).</summary>
        public DateTimeOffset? Expires { get; set; }

        /// <summary>When <c>crmw user token --revoke</c> revoked it; kept so that a sign-in with it is told so and audited as such.</summary>
        public DateTimeOffset? Revoked { get; set; }
    }
}
