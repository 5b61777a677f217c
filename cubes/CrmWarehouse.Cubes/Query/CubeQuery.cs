using System.Text.Json;

namespace CrmWarehouse.Cubes.Query;

/// <summary>
/// A question to a cube: measures by levels (<c>dimension.level</c>), filtered, ordered, limited, with optional totals.
/// Slice and dice are filters; drill-down and roll-up add or remove a level of a hierarchy; a pivot is the same
/// query with the levels read as rows and columns by the client.
/// </summary>
public sealed record CubeQuery
{
    public IReadOnlyList<string> Measures { get; init; } = [];

    /// <summary>The levels to group by, outermost first (the order of subtotals).</summary>
    public IReadOnlyList<string> By { get; init; } = [];

    public IReadOnlyList<CubeFilter> Where { get; init; } = [];

    public IReadOnlyList<CubeOrder> OrderBy { get; init; } = [];

    public int? Limit { get; init; }

    public CubeTotals Totals { get; init; } = CubeTotals.None;

    /// <summary>False reads the facts even where a rollup could answer (for checks and benchmarks).</summary>
    public bool UseRollups { get; init; } = true;

    /// <summary>The language of captions and of the total and unknown labels: zh (default) or en.</summary>
    public string Language { get; init; } = "zh";
}

/// <summary>Which extra rows a query returns; a total row has NULL in the levels it adds up and a <c>_grouping</c> bit mask.</summary>
public enum CubeTotals
{
    None,

    /// <summary>One grand-total row.</summary>
    Grand,

    /// <summary>A subtotal for each prefix of the levels (like ROLLUP) and the grand total.</summary>
    Subtotals,
}

/// <summary>
/// A filter on a level: <c>eq</c>, <c>ne</c>, <c>lt</c>, <c>le</c>, <c>gt</c>, <c>ge</c>, <c>like</c>, <c>not_like</c>
/// (value), <c>in</c>, <c>not_in</c> (values), <c>range</c> (from and/or to, inclusive); <c>and</c>, <c>or</c>, <c>not</c>
/// of other filters (<see cref="Filters"/>); or, on the cube's date, counted from the warehouse's latest published as-of
/// date: <c>last</c> (count of months, quarters or years up to and including the as-of month), <c>this</c> (the as-of
/// date's year, quarter or month, up to it) and <c>previous</c> (the whole year, quarter or month before it).
/// </summary>
public sealed record CubeFilter
{
    /// <summary>Filters counted from the as-of date rather than on a level's value.</summary>
    public bool IsRelative => Op is "last" or "this" or "previous";

    /// <summary>A combination of other filters (<see cref="Filters"/>) rather than a test of one level.</summary>
    public bool IsCompound => Op is "and" or "or" or "not";

    /// <summary>The filters an <c>and</c>, <c>or</c> (two or more) or <c>not</c> (one) combines.</summary>
    public IReadOnlyList<CubeFilter>? Filters { get; init; }

    public string? Level { get; init; }

    public string Op { get; init; } = "eq";

    public JsonElement? Value { get; init; }

    public IReadOnlyList<JsonElement>? Values { get; init; }

    public JsonElement? From { get; init; }

    public JsonElement? To { get; init; }

    public int? Count { get; init; }

    public string? Unit { get; init; }
}

/// <summary>Ordering by a measure or level of the query.</summary>
public sealed record CubeOrder(string Field, bool Descending = false);

/// <summary>
/// The error a user can act on: an unknown cube, measure or level, or a filter that does not make sense.
/// An ArgumentException, so that the CLI boundary reports it as one line.
/// </summary>
public sealed class CubeQueryException(string message) : ArgumentException(message);
