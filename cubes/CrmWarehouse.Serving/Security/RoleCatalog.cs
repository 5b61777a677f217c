using System.Text.Json;

namespace CrmWarehouse.Serving.Security;

/// <summary>
/// The roles and the masks of config/roles.json. A mask names a column (<c>schema.table.column</c>) and how a role
/// without <c>personalData: clear</c> sees it: one of DuckDB's <c>mask.*</c> macros (migration 0014) or <c>redact</c> (NULL).
/// </summary>
public sealed class RoleCatalog
{
    /// <summary>The mask kinds a column may be given; every one but <c>redact</c> is a macro <c>mask.&lt;kind&gt;</c>.</summary>
    internal static readonly IReadOnlySet<string> MaskKinds = new HashSet<string>(["name", "id_number", "phone", "account_number", "redact"], StringComparer.Ordinal);

    private readonly Dictionary<string, Role> _roles;

    private RoleCatalog(IEnumerable<Role> roles, IReadOnlyDictionary<string, string> masks)
    {
        _roles = roles.ToDictionary(r => r.Name, StringComparer.Ordinal);
        Masks = masks;
    }

    public IReadOnlyCollection<Role> Roles => _roles.Values;

    /// <summary>Column (<c>schema.table.column</c>, lower case) → mask kind.</summary>
    internal IReadOnlyDictionary<string, string> Masks { get; }

    public Role Get(string name) => Find(name)
        ?? throw new KeyNotFoundException($"There is no role '{name}'; the roles are {string.Join(", ", _roles.Keys.Order(StringComparer.Ordinal))} (config/roles.json).");

    public Role? Find(string name) => _roles.GetValueOrDefault(name);

    public static RoleCatalog Load(string file)
    {
        RolesFile? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<RolesFile>(File.ReadAllText(file), new JsonSerializerOptions(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file} is not valid JSON: {e.Message}", e);
        }

        return From(parsed ?? new RolesFile(), file);
    }

    internal static RoleCatalog From(RolesFile parsed, string where)
    {
        foreach (var (column, kind) in parsed.Masks)
        {
            if (column.Split('.').Length != 3 || !MaskKinds.Contains(kind))
            {
                throw new InvalidDataException($"{where}: mask '{column}': '{kind}' needs schema.table.column and one of {string.Join(", ", MaskKinds)}.");
            }
        }

        var roles = new List<Role>();
        foreach (var declaration in parsed.Roles)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(declaration.Name, "^[a-z][a-z0-9_]{0,40}$"))
            {
                throw new InvalidDataException($"{where}: role name '{declaration.Name}' must be lower-case letters, digits and _ (it names the schema role_<name>).");
            }

            if (declaration.RowFilter is { } filter && filter != "branches")
            {
                throw new InvalidDataException($"{where}: role {declaration.Name}: rowFilter '{filter}' is unknown (the one row filter is 'branches').");
            }

            if (roles.Any(r => r.Name == declaration.Name))
            {
                throw new InvalidDataException($"{where}: role {declaration.Name} is declared twice.");
            }

            roles.Add(new Role(declaration));
        }

        if (roles.Count == 0)
        {
            throw new InvalidDataException($"{where} declares no roles.");
        }

        return new RoleCatalog(roles, parsed.Masks.ToDictionary(m => m.Key.ToLowerInvariant(), m => m.Value, StringComparer.Ordinal));
    }

    internal sealed class RolesFile
    {
        public Dictionary<string, string> Masks { get; set; } = [];

        public List<RoleDeclaration> Roles { get; set; } = [];
    }
}
