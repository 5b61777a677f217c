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
    /// <summary>The finest period of the facts, over which semi-additive measures take their last/first/average.</summary>
    public TimeGrain Grain { get; init; } = TimeGrain.Day;

    /// <summary>The period of a fact row at <see cref="Grain"/> (yyyymm or yyyymmdd). Null when the cube has no date.</summary>
    /// <remarks>
    /// Cast, so that it is never the same expression as a date level's (date.month is <c>f.month_key // 100</c> too):
    /// GROUPING SETS take equal expressions for one column, and a grand total would keep its months apart.
    /// </remarks>
    public string? PeriodExpression => DateKey is null ? null : $"CAST({(Grain == TimeGrain.Month ? MonthExpression : DateKey)} AS BIGINT)";

    /// <summary>yyyymm of a fact row: the partition that rollups are refreshed by. Null when the cube has no date.</summary>
    public string? MonthExpression => DateKey is null ? null : $"({DateKey} // 100)";

    public Measure? FindMeasure(string name) => Measures.FirstOrDefault(m => m.Name == name);

    public Level? FindLevel(string id) =>
        Dimensions.SelectMany(d => d.Levels).FirstOrDefault(l => l.Id == id);

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
    /// <summary>How the measure adds up over periods; balances and counts of things held take the last period's.</summary>
    public TimeAggregation Time { get; init; } = TimeAggregation.Sum;

    /// <summary>Whether adding up over periods differs from adding up over rows (balances: yes; flows: no).</summary>
    public bool IsSemiAdditive => Time != TimeAggregation.Sum;

    /// <summary>The kind as cube files spell it (count_distinct, not CountDistinct).</summary>
    public string KindName => string.Concat(Kind.ToString().Select((c, i) => (i > 0 && char.IsUpper(c) ? "_" : string.Empty) + char.ToLowerInvariant(c)));
}

/// <summary>
/// A dimension with its levels; <see cref="Hierarchy"/> is the drill path (coarsest first, e.g. year › quarter › month ›
/// day), the other levels are attributes.
/// </summary>
public sealed record Dimension(string Name, Description Description, IReadOnlyList<Level> Levels)
{
    public IReadOnlyList<string> Hierarchy { get; init; } = [];
}

/// <summary>How a measure adds up over periods (SSAS: Sum, LastNonEmpty, FirstNonEmpty, AverageOfChildren).</summary>
public enum TimeAggregation
{
    Sum,
    Last,
    First,
    Average,
}

/// <summary>The calendar grain of a date level, finest last.</summary>
public enum TimeGrain
{
    Year,
    Quarter,
    Month,
    Day,
}

/// <summary>A member of a band in its natural order, with its captions.</summary>
public sealed record Member(string Key, string Zh, string En);

/// <summary>The type user values for a level are converted to before they are bound as parameters.</summary>
public enum LevelType
{
    String,
    Integer,
}

/// <summary>A level, referred to as <c>dimension.level</c>. <see cref="Uses"/> names the joins its expression needs.</summary>
public sealed record Level(string Id, string Expression, LevelType Type, IReadOnlyList<string> Uses, Description Description)
{
    /// <summary>The calendar grain of a date level; null for other levels.</summary>
    public TimeGrain? Grain { get; init; }

    /// <summary>The band's members in natural order (the sort key), with captions; empty: sorted by key.</summary>
    public IReadOnlyList<Member> Members { get; init; } = [];

    /// <summary>Keys that mean "not known" beside NULL (the unknown member 0, 'unknown', '?').</summary>
    public IReadOnlyList<string> Unknown { get; init; } = [];

    /// <summary>Caption SQL per language over <c>{level}</c>, the level's key (e.g. product name by code); null: members or the key.</summary>
    public Description? Caption { get; init; }
}

/// <summary>A pre-aggregation: the fact grouped by these levels (and by month), keeping these measures.</summary>
public sealed record Rollup(string Name, IReadOnlyList<string> Levels, IReadOnlyList<string> Measures)
{
    public string Table(CubeDefinition cube) => $"agg.{cube.Name}__{Name}";
}
