using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace CrmWarehouse.Warehouse.Schema;

/// <summary>One numbered SQL migration (Schema/Migrations/NNNN_name.sql, embedded in this assembly).</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    private const string Prefix = "Migrations/";

    /// <summary>SHA-256 of the text (line endings normalised), to notice a migration edited after it was applied.</summary>
    public string Checksum { get; } = ChecksumOf(Sql);

    /// <summary>SHA-256 of a script's text, line endings normalised.</summary>
    public static string ChecksumOf(string sql) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));

    /// <summary>
    /// Checksums of earlier texts of this migration that a warehouse may have applied: a line
    /// <c>-- replaces checksum &lt;sha256&gt;</c> in the migration. Used when what a migration created moved to a
    /// repeatable script, so the old text is history and no longer needs to be kept.
    /// </summary>
    public IReadOnlySet<string> Replaces { get; } = Sql.ReplaceLineEndings("\n").Split('\n')
        .Where(line => line.StartsWith(ReplacesPrefix, StringComparison.Ordinal))
        .Select(line => line[ReplacesPrefix.Length..].Trim())
        .ToHashSet(StringComparer.Ordinal);

    private const string ReplacesPrefix = "-- replaces checksum ";

    /// <summary>Every migration shipped with the warehouse, in version order.</summary>
    public static IReadOnlyList<Migration> All { get; } = Load();

    private static Migration[] Load()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => FromResource(assembly, name))
            .OrderBy(m => m.Version)
            .ToArray();
        for (var i = 0; i < migrations.Length; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migrations must be numbered 0001, 0002, … without gaps or repeats; found {migrations[i].Version:0000}_{migrations[i].Name} at position {i + 1}.");
            }
        }

        return migrations;
    }

    private static Migration FromResource(Assembly assembly, string resource)
    {
        var file = resource[Prefix.Length..^".sql".Length];
        var underscore = file.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0 || !int.TryParse(file[..underscore], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration file '{file}.sql' is not named NNNN_description.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new Migration(version, file[(underscore + 1)..], reader.ReadToEnd());
    }
}
