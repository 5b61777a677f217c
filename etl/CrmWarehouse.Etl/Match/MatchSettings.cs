using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace CrmWarehouse.Etl.Match;

/// <summary>Which pairs a matcher may compare.</summary>
public enum MatchMode
{
    /// <summary>Every pair of records, whatever their source (duplicates inside one system and across systems).</summary>
    Dedupe,

    /// <summary>Only pairs whose two records come from different sources.</summary>
    LinkOnly,
}

/// <summary>
/// How one record table is matched: blocking rules (SQL conditions on <c>l.</c> and <c>r.</c>, OR-ed), the comparisons
/// and their levels, the EM and sampling budget and the acceptance threshold. Read from a small JSON mapping
/// (<c>Match/Settings/*.json</c>) so a new source needs a mapping, not code.
/// </summary>
public sealed partial record MatchSettings
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public required string Name { get; init; }

    public MatchMode Mode { get; init; } = MatchMode.Dedupe;

    public required IReadOnlyList<string> BlockingRules { get; init; }

    public required IReadOnlyList<Comparison> Comparisons { get; init; }

    /// <summary>How golden records are assembled from their clusters; none (as for FEBRL) skips that step.</summary>
    public Survivorship? Survivorship { get; init; }

    /// <summary>A pair is accepted when its posterior match probability reaches this.</summary>
    public double ThresholdProbability { get; init; } = 0.9;

    /// <summary>About this many random pairs estimate the u probabilities (non-matches agree by chance this often).</summary>
    public long RandomPairs { get; init; } = 1_000_000;

    public int EmMaxIterations { get; init; } = 100;

    /// <summary>
    /// Let EM re-estimate u on the candidate pairs too, instead of keeping u from random pairs. Off by default and
    /// in the shipped settings: on FEBRL it fitted a degenerate model (u of an exact surname = 1, "else" worth +17 bits)
    /// that still scored well but explained nothing.
    /// </summary>
    public bool EstimateUByEm { get; init; }

    /// <summary>EM stops once no parameter moves by more than this (probability units).</summary>
    public double EmTolerance { get; init; } = 1e-6;

    /// <summary>
    /// A trained model is reused on later nights (as Splink's users train once and then predict) until the number
    /// of records has moved by more than this share since training; a full load always retrains.
    /// </summary>
    public double RetrainAfterGrowth { get; init; } = 0.1;

    /// <summary>Seed of the random-pair sample, so that two runs on the same records estimate the same u.</summary>
    public int Seed { get; init; } = 42;

    public static MatchSettings Parse(string json)
    {
        var settings = JsonSerializer.Deserialize<MatchSettings>(json, Json)
            ?? throw new FormatException("The match settings are empty.");
        settings.Validate();
        return settings;
    }

    /// <summary>A settings file shipped with CrmWarehouse (<c>bank</c>, <c>febrl</c>).</summary>
    public static MatchSettings BuiltIn(string name)
    {
        var resource = $"CrmWarehouse.Etl.Match.Settings.{name}.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new ArgumentException($"No built-in match settings named '{name}'.", nameof(name));
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public void Validate()
    {
        if (BlockingRules.Count == 0)
        {
            throw new FormatException($"Match settings '{Name}' need at least one blocking rule: without one every pair is compared.");
        }

        if (Comparisons.Count == 0)
        {
            throw new FormatException($"Match settings '{Name}' need at least one comparison.");
        }

        var duplicate = Comparisons.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FormatException($"Match settings '{Name}' name the comparison '{duplicate.Key}' twice.");
        }

        foreach (var comparison in Comparisons)
        {
            if (!Identifier().IsMatch(comparison.Name) || !Identifier().IsMatch(comparison.Column))
            {
                throw new FormatException($"Comparison '{comparison.Name}' on '{comparison.Column}': names must be lower-case SQL identifiers.");
            }

            if (comparison.Levels.Count == 0)
            {
                throw new FormatException($"Comparison '{comparison.Name}' has no levels.");
            }
        }

        var badAttribute = Survivorship?.Attributes.Keys.Append(Survivorship.RecencyColumn ?? "record_id").FirstOrDefault(a => !Identifier().IsMatch(a));
        if (badAttribute is not null)
        {
            throw new FormatException($"Survivorship column '{badAttribute}': names must be lower-case SQL identifiers.");
        }

        if (ThresholdProbability is <= 0 or >= 1)
        {
            throw new FormatException($"threshold_probability must lie strictly between 0 and 1, not {ThresholdProbability}.");
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex Identifier();
}
