using System.Text.Json;
using System.Text.RegularExpressions;

namespace CrmWarehouse.Cubes.Model;

/// <summary>
/// Reads one cube file and validates it. Every error names the file and the field (e.g.
/// <c>transactions.json: measures[3] 'fee_rate': numerator 'fees' is not a measure of this cube</c>).
/// </summary>
internal static partial class CubeLoader
{
    private static readonly Dictionary<string, MeasureKind> Kinds = new(StringComparer.Ordinal)
    {
        ["sum"] = MeasureKind.Sum,
        ["count"] = MeasureKind.Count,
        ["count_distinct"] = MeasureKind.CountDistinct,
        ["average"] = MeasureKind.Average,
        ["ratio"] = MeasureKind.Ratio,
        ["share"] = MeasureKind.Share,
        ["sql"] = MeasureKind.Sql,
    };

    public static CubeDefinition Load(string path) => Load(path, new Dictionary<string, ConformedDimension>());

    public static CubeDefinition Load(string path, IReadOnlyDictionary<string, ConformedDimension> conformed)
    {
        var file = Path.GetFileName(path);
        CubeFile? raw;
        try
        {
            raw = JsonSerializer.Deserialize<CubeFile>(File.ReadAllText(path), CubeFile.Json);
        }
        catch (JsonException e)
        {
            throw new CubeModelException($"{file}: not a valid cube file at {e.Path ?? "$"}: {e.Message}", e);
        }

        return Validate(raw ?? throw new CubeModelException($"{file}: the file is empty."), file, conformed);
    }

    public static CubeDefinition Validate(CubeFile raw, string file, IReadOnlyDictionary<string, ConformedDimension> conformed)
    {
        var name = Identifier(raw.Name, file, "name");
        var fact = Required(raw.Fact, file, "fact");
        var joins = new List<CubeJoin>();
        foreach (var (join, i) in (raw.Joins ?? []).Select((j, i) => (j, i)))
        {
            var alias = Identifier(join.Alias, file, $"joins[{i}].alias");
            if (alias == "f" || joins.Any(j => j.Alias == alias))
            {
                throw new CubeModelException($"{file}: joins[{i}].alias '{alias}' is used twice ('f' is the fact).");
            }

            joins.Add(new CubeJoin(alias, Required(join.Table, file, $"joins[{i}].table"), Required(join.On, file, $"joins[{i}].on")));
        }

        var dimensionFiles = ExpandReferences(raw.Dimensions ?? [], conformed, joins, file);
        var aliases = joins.Select(j => j.Alias).ToHashSet(StringComparer.Ordinal);
        var measures = ValidateMeasures(raw.Measures ?? [], aliases, file);
        var dimensions = ValidateDimensions(dimensionFiles, aliases, file);
        if (measures.Count == 0 || dimensions.Count == 0)
        {
            throw new CubeModelException($"{file}: a cube needs at least one measure and one dimension.");
        }

        var levelIds = dimensions.SelectMany(d => d.Levels).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var rollups = new List<Rollup>();
        foreach (var (rollup, i) in (raw.Rollups ?? []).Select((r, i) => (r, i)))
        {
            var rollupName = Identifier(rollup.Name, file, $"rollups[{i}].name");
            var unknownLevel = (rollup.Levels ?? []).FirstOrDefault(l => !levelIds.Contains(l));
            if (unknownLevel is not null)
            {
                throw new CubeModelException($"{file}: rollups[{i}] '{rollupName}': level '{unknownLevel}' is not a level of this cube.");
            }

            var unknownMeasure = (rollup.Measures ?? []).FirstOrDefault(m => measures.All(x => x.Name != m));
            if (unknownMeasure is not null)
            {
                throw new CubeModelException($"{file}: rollups[{i}] '{rollupName}': measure '{unknownMeasure}' is not a measure of this cube.");
            }

            bool Stored(string measure)
            {
                var m = measures.First(x => x.Name == measure);
                return m.Kind is not (MeasureKind.CountDistinct or MeasureKind.Sql)
                    && new[] { m.Numerator, m.Denominator, m.Of }.All(part => part is null || Stored(part));
            }

            var notAdditive = (rollup.Measures ?? []).FirstOrDefault(m => !Stored(m));
            if (notAdditive is not null)
            {
                throw new CubeModelException($"{file}: rollups[{i}] '{rollupName}': measure '{notAdditive}' is (or divides) a distinct count or SQL expression, which cannot be added up from a rollup; queries on it read the facts.");
            }

            rollups.Add(new Rollup(rollupName, rollup.Levels ?? [], rollup.Measures ?? []));
        }

        var grain = raw.Grain switch
        {
            null or "day" => TimeGrain.Day,
            "month" => TimeGrain.Month,
            _ => throw new CubeModelException($"{file}: grain '{raw.Grain}' is not day or month."),
        };
        return new CubeDefinition(name, Describe(raw.Description, file, "description"), fact, raw.Where, raw.DateKey,
            joins, measures, dimensions, rollups, file) { Grain = grain };
    }

    private static List<Dimension> ValidateDimensions(List<DimensionFile> raw, HashSet<string> aliases, string file)
    {
        var dimensions = new List<Dimension>();
        foreach (var (dimension, i) in raw.Select((d, i) => (d, i)))
        {
            var name = Identifier(dimension.Name, file, $"dimensions[{i}].name");
            var levels = new List<Level>();
            foreach (var (level, j) in (dimension.Levels ?? []).Select((l, j) => (l, j)))
            {
                var field = $"dimensions[{i}].levels[{j}]";
                var levelName = Identifier(level.Name, file, $"{field}.name");
                var type = level.Type switch
                {
                    null or "string" => LevelType.String,
                    "integer" => LevelType.Integer,
                    _ => throw new CubeModelException($"{file}: {field}.type '{level.Type}' is not string or integer."),
                };
                var expression = Required(level.Expression, file, $"{field}.expression");
                levels.Add(Present(new Level($"{name}.{levelName}", expression, type, Uses(expression, aliases, file, $"{field}.expression"), Describe(level.Description, file, $"{field}.description")), level, file, field));
            }

            if (levels.Count == 0 || dimensions.Any(d => d.Name == name))
            {
                throw new CubeModelException($"{file}: dimensions[{i}] '{name}' has no levels or is declared twice.");
            }

            var path = (dimension.Hierarchy ?? []).Select(l => $"{name}.{l}").ToList();
            var stranger = path.FirstOrDefault(id => levels.All(l => l.Id != id));
            if (stranger is not null)
            {
                throw new CubeModelException($"{file}: dimensions[{i}] '{name}': hierarchy level '{stranger}' is not one of its levels.");
            }

            dimensions.Add(new Dimension(name, Describe(dimension.Description, file, $"dimensions[{i}].description"), levels) { Hierarchy = path });
        }

        return dimensions;
    }

    private static string Required(string? value, string file, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new CubeModelException($"{file}: {field} is required.") : value;

    private static string Identifier(string? value, string file, string field)
    {
        var text = Required(value, file, field);
        return IdentifierPattern().IsMatch(text)
            ? text
            : throw new CubeModelException($"{file}: {field} '{text}' must be lower-case letters, digits and '_' (starting with a letter).");
    }

    private static Description Describe(DescriptionFile? raw, string file, string field) =>
        new(Required(raw?.Zh, file, $"{field}.zh"), Required(raw?.En, file, $"{field}.en"));

    /// <summary>
    /// The joins an expression refers to, found by their <c>alias.</c> prefixes (outside string literals);
    /// a prefix that is neither the fact <c>f</c> nor a join is an error naming the field.
    /// </summary>
    private static List<string> Uses(string expression, HashSet<string> aliases, string file, string field)
    {
        var prefixes = AliasReference().Matches(StringLiteral().Replace(expression, "''")).Select(m => m.Groups[1].Value).Distinct().ToList();
        var unknown = prefixes.FirstOrDefault(p => p != "f" && !aliases.Contains(p));
        return unknown is null
            ? prefixes.Where(aliases.Contains).ToList()
            : throw new CubeModelException($"{file}: {field} '{expression}' refers to '{unknown}.', which is neither the fact (f) nor a join alias ({string.Join(", ", aliases)}).");
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"\b([a-z_][a-z0-9_]*)\.")]
    private static partial Regex AliasReference();

    [GeneratedRegex("'[^']*'")]
    private static partial Regex StringLiteral();
}
