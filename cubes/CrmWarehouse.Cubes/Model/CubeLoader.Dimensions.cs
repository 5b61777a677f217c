using System.Globalization;
using System.Text.RegularExpressions;

namespace CrmWarehouse.Cubes.Model;

internal static partial class CubeLoader
{
    /// <summary>
    /// Turns the cube's references to conformed dimensions into inline dimensions with the cube's alias and fact key
    /// written into their level expressions, and the joins they need (none when the alias is the fact's, <c>f</c>).
    /// </summary>
    private static List<DimensionFile> ExpandReferences(List<DimensionFile> raw, IReadOnlyDictionary<string, ConformedDimension> conformed,
        List<CubeJoin> joins, string file)
    {
        var expanded = new List<DimensionFile>();
        foreach (var (dimension, i) in raw.Select((d, i) => (d, i)))
        {
            if (dimension.Use is null)
            {
                expanded.Add(dimension);
                continue;
            }

            var field = $"dimensions[{i}]";
            if (!conformed.TryGetValue(dimension.Use, out var shared))
            {
                throw new CubeModelException($"{file}: {field}.use '{dimension.Use}' is not a dimension of config/cubes/dimensions ({string.Join(", ", conformed.Keys)}).");
            }

            var source = shared.File;
            var alias = dimension.Alias ?? source.Alias;
            if (source.Table is not null && alias != "f")
            {
                var on = dimension.On ?? (dimension.Key is null
                    ? throw new CubeModelException($"{file}: {field} '{dimension.Use}' needs the fact's key (key) or a join condition (on).")
                    : $"{alias}.{source.Key} = {dimension.Key}");
                if (joins.Any(j => j.Alias == alias))
                {
                    throw new CubeModelException($"{file}: {field} '{dimension.Use}': alias '{alias}' is used twice; give the role an alias of its own.");
                }

                joins.Add(new CubeJoin(alias!, source.Table, on));
            }

            expanded.Add(new DimensionFile
            {
                Name = dimension.As ?? source.Name,
                Description = dimension.Description ?? source.Description,
                Hierarchy = source.Hierarchy,
                Levels = (source.Levels ?? []).Select(level => new LevelFile
                {
                    Name = level.Name,
                    Expression = Rewrite(Required(level.Expression, shared.SourceFile, $"levels '{level.Name}'.expression"), source.Alias, alias, dimension.Key, file, field),
                    Type = level.Type,
                    Grain = level.Grain,
                    Unknown = level.Unknown,
                    Members = level.Members,
                    Caption = level.Caption,
                    Description = level.Description,
                }).ToList(),
            });
        }

        return expanded;
    }

    /// <summary>The presentation of a level: calendar grain, members in natural order, unknown keys, captions.</summary>
    private static Level Present(Level level, LevelFile raw, string file, string field)
    {
        TimeGrain? grain = raw.Grain switch
        {
            null => null,
            "year" => TimeGrain.Year,
            "quarter" => TimeGrain.Quarter,
            "month" => TimeGrain.Month,
            "day" => TimeGrain.Day,
            _ => throw new CubeModelException($"{file}: {field}.grain '{raw.Grain}' is not year, quarter, month or day."),
        };
        var keys = (raw.Members ?? []).Select(m => m.Key).Concat(raw.Unknown ?? []).ToList();
        var notInteger = keys.FirstOrDefault(k => level.Type == LevelType.Integer && !long.TryParse(k, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        if (keys.Any(k => k is null) || notInteger is not null)
        {
            throw new CubeModelException($"{file}: {field}: every member and unknown key must be given{(notInteger is null ? string.Empty : $", and '{notInteger}' is not an integer")}.");
        }

        if (raw.Caption is not null && (raw.Caption.Zh?.Contains("{level}", StringComparison.Ordinal) != true || raw.Caption.En?.Contains("{level}", StringComparison.Ordinal) != true))
        {
            throw new CubeModelException($"{file}: {field}.caption: zh and en are SQL over {{level}}, the level's key.");
        }

        return level with
        {
            Grain = grain,
            Members = (raw.Members ?? []).Select(m => new Member(m.Key!, m.Zh ?? m.Key!, m.En ?? m.Key!)).ToList(),
            Unknown = raw.Unknown ?? [],
            Caption = raw.Caption is null ? null : new Description(raw.Caption.Zh!, raw.Caption.En!),
        };
    }

    /// <summary>A conformed level expression for one cube: its alias (outside string literals) and <c>{key}</c> replaced.</summary>
    private static string Rewrite(string expression, string? from, string? to, string? key, string file, string field)
    {
        if (expression.Contains("{key}", StringComparison.Ordinal))
        {
            expression = expression.Replace("{key}", key ?? throw new CubeModelException($"{file}: {field}: its levels are derived from the fact's key; give key."), StringComparison.Ordinal);
        }

        if (from is null || to is null || from == to)
        {
            return expression;
        }

        var prefix = new Regex($@"\b{Regex.Escape(from)}\.");
        return StringLiteral().Split(expression) is var parts && StringLiteral().Matches(expression) is var literals
            ? string.Concat(parts.Select((part, i) => prefix.Replace(part, to + ".") + (i < literals.Count ? literals[i].Value : string.Empty)))
            : expression;
    }
}
