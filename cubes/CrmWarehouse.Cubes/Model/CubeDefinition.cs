namespace CrmWarehouse.Cubes.Model;

/// <summary>Text in the two languages the bank's users read.</summary>
public sealed record Description(string Zh, string En);

/// <summary>
/// A subject-area cube as declared in config/cubes/NAME.json: a fact table (alias <c>f</c>), the dimension
/// tables it joins, measures, dimensions with levels, and pre-aggregations (rollups).
/// </summary>
public sealed record CubeDefinition(
    string Name,
    Description Description,
    string Fact,
    string? Where,
    string? DateKey,
    IReadOnlyList<CubeJoin> Joins,
    IReadOnlyList<Measure> Measures,
    IReadOnlyList<Dimension> Dimensions,
    IReadOnlyList<Rollup> Rollups,
    string SourceFile)
{
    /// <summary>yyyymm of a fact row: the partition that rollups are refreshed by. Null when the cube has no date.</summary>
    public string? MonthExpression => DateKey is null ? null : $"({DateKey} // 100)";

    public Measure? FindMeasure(string name) => Measures.FirstOrDefault(m => m.Name == name);

    public Level? FindLevel(string id) =>
        Dimensions.SelectMany(d => d.Levels).FirstOrDefault(l => l.Id == id);

    public CubeJoin? FindJoin(string alias) => Joins.FirstOrDefault(j => j.Alias == alias);
}

/// <summary>
/// A dimension table joined to the fact. Joined only when a query uses one of its levels, so a join that is not
/// one-to-one with the fact (never declared so) cannot change a measure it is not asked about.
/// </summary>
public sealed record CubeJoin(string Alias, string Table, string On);

/// <summary>How a measure aggregates.</summary>
public enum MeasureKind
{
    Sum,
    Count,
    CountDistinct,
    Average,
    Ratio,
    Share,
    Sql,
}

/// <summary>
/// A measure. <see cref="Expression"/> is a row expression over the fact and joins (for sum, count, distinct count,
/// average) or a whole aggregate expression (for sql); ratio divides <see cref="Numerator"/> by
/// <see cref="Denominator"/>; share divides <see cref="Of"/> by its total over the rows of the same grouping.
/// </summary>
public sealed record Measure(
    string Name,
    MeasureKind Kind,
    string? Expression,
    string? Numerator,
    string? Denominator,
    string? Of,
    IReadOnlyList<string> Uses,
    string? Format,
    string? Unit,
    Description Description)
{
    /// <summary>The kind as cube files spell it (count_distinct, not CountDistinct).</summary>
    public string KindName => string.Concat(Kind.ToString().Select((c, i) => (i > 0 && char.IsUpper(c) ? "_" : string.Empty) + char.ToLowerInvariant(c)));
}

/// <summary>A dimension with its levels, coarsest first (the drill-down path).</summary>
public sealed record Dimension(string Name, Description Description, IReadOnlyList<Level> Levels);

/// <summary>The type user values for a level are converted to before they are bound as parameters.</summary>
public enum LevelType
{
    String,
    Integer,
}

/// <summary>A level, referred to as <c>dimension.level</c>. <see cref="Uses"/> names the joins its expression needs.</summary>
public sealed record Level(string Id, string Expression, LevelType Type, IReadOnlyList<string> Uses, Description Description);

/// <summary>A pre-aggregation: the fact grouped by these levels (and by month), keeping these measures.</summary>
public sealed record Rollup(string Name, IReadOnlyList<string> Levels, IReadOnlyList<string> Measures)
{
    public string Table(CubeDefinition cube) => $"agg.{cube.Name}__{Name}";
}
