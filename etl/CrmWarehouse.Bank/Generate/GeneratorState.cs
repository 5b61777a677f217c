using System.Text.Json;

namespace CrmWarehouse.Bank.Generate;

/// <summary>
/// Kept next to the generated sources (<c>generator-state.json</c>) so that <c>--advance</c> knows what it is
/// advancing: the settings the bank was generated with, where it went, and the day it has reached.
/// </summary>
public sealed class GeneratorState
{
    public const string FileName = "generator-state.json";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public required GeneratorSettings Settings { get; init; }
    public required string Targets { get; init; }
    public required bool Embedded { get; init; }

    /// <summary>Where the bank's systems were written, as <see cref="Targets"/> holds it (<c>embedded</c> or a list).</summary>
    public Generate.Targets WrittenTo() => Generate.Targets.Parse(Embedded ? string.Empty : Targets, Embedded);

    /// <summary>The last day that has data. Starts at <see cref="GeneratorSettings.AsOf"/>; each advance adds one.</summary>
    public required DateOnly CurrentDay { get; set; }

    public static string PathIn(string outDir) => Path.Combine(outDir, FileName);

    /// <summary>
    /// The generated bank's business date (the last day with data) when <paramref name="outDir"/> holds one: what its
    /// core banking system would report as its end-of-day date. Null when there is no generated bank there.
    /// </summary>
    public static DateOnly? BusinessDateIn(string outDir)
    {
        var path = PathIn(outDir);
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        return (JsonSerializer.Deserialize<GeneratorState>(stream, Options) ?? throw new GenerationException($"{path} is empty.")).CurrentDay;
    }

    public static async Task<GeneratorState> LoadAsync(string outDir, CancellationToken cancellationToken)
    {
        var path = PathIn(outDir);
        if (!File.Exists(path))
        {
            throw new GenerationException($"No generated sources in {outDir} ({FileName} is missing). Run `crmw generate` first.");
        }
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<GeneratorState>(stream, Options, cancellationToken).ConfigureAwait(false)
            ?? throw new GenerationException($"{path} is empty.");
    }

    public async Task SaveAsync(string outDir, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(outDir);
        var temporary = PathIn(outDir) + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, this, Options, cancellationToken).ConfigureAwait(false);
        }
        File.Move(temporary, PathIn(outDir), overwrite: true);
    }
}
