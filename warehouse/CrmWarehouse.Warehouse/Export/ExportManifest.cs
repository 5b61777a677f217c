using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmWarehouse.Warehouse.Export;

/// <summary>
/// <c>_manifest.json</c> at the root of an export: which published batch it holds, the schema version, and every
/// table with its partitions, their rows and change markers. The next export compares its markers with these to
/// rewrite only the partitions that changed; an engine reading the files can check it holds one whole batch.
/// </summary>
public sealed record ExportManifest(
    string Format, long BatchId, DateOnly AsOf, int SchemaVersion, DateTimeOffset ExportedAt, IReadOnlyList<ExportedTableEntry> Tables)
{
    public const string FileName = "_manifest.json";

    /// <summary>Changes when the layout changes in a way an older reader of the manifest would misread.</summary>
    public const string CurrentFormat = "crmw-parquet-export/1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    /// <summary>The manifest of the export in <paramref name="directory"/>, or null when there is none (or another format's).</summary>
    public static ExportManifest? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var manifest = JsonSerializer.Deserialize<ExportManifest>(File.ReadAllText(path), Json);
            return manifest?.Format == CurrentFormat ? manifest : null;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The export manifest {path} cannot be read ({e.Message}); move the folder away to export afresh.", e);
        }
    }

    /// <summary>Writes beside, then renames over the old one: a reader sees the old manifest or the new, never half of one.</summary>
    public void Write(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var pending = path + ".pending";
        File.WriteAllText(pending, JsonSerializer.Serialize(this, Json));
        File.Move(pending, path, overwrite: true);
    }
}

/// <summary>One table of an export: how it is split, its columns (a change rewrites it whole), its partitions.</summary>
public sealed record ExportedTableEntry(string Name, string Split, string Columns, long Rows, IReadOnlyList<ExportedPartition> Partitions);

/// <summary>
/// One partition's folder under its table (<c>year=2025/month=3</c>, <c>as_of=2026-06-30</c>, or empty for a whole
/// table), its rows, the change marker it was written at, and the batch the warehouse stood at when it was written.
/// </summary>
public sealed record ExportedPartition(string Path, long Rows, string Marker, [property: JsonPropertyName("written_at_batch")] long WrittenAtBatch);
