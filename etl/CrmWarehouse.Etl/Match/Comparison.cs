using System.Globalization;
using System.Text;

namespace CrmWarehouse.Etl.Match;

/// <summary>
/// One attribute compared between the two records of a pair, with its levels from the most similar down.
/// Its comparison level (gamma) is -1 when either value is missing, 0 when no listed level holds ("else"),
/// and counts up to the top level: of n listed levels the first is n, the last 1. Higher is more alike.
/// </summary>
public sealed record Comparison
{
    public required string Name { get; init; }

    public required string Column { get; init; }

    public required IReadOnlyList<ComparisonLevel> Levels { get; init; }

    /// <summary>Gamma values from "else" (0) to the top level.</summary>
    public int LevelCount => Levels.Count + 1;

    public string GammaColumn => $"gamma_{Name}";

    /// <summary>The label of a gamma value, for reports and explanations.</summary>
    public string Label(int gamma) => gamma switch
    {
        -1 => "null",
        0 => "else",
        _ => Levels[Levels.Count - gamma].Label(Column),
    };

    /// <summary>The SQL CASE that computes this comparison's gamma for a pair aliased <c>l</c>, <c>r</c>.</summary>
    public string GammaSql()
    {
        var sql = new StringBuilder();
        sql.Append(CultureInfo.InvariantCulture, $"CASE WHEN l.{Column} IS NULL OR r.{Column} IS NULL THEN -1");
        for (var i = 0; i < Levels.Count; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $" WHEN {Levels[i].ConditionSql(Column)} THEN {Levels.Count - i}");
        }

        return sql.Append(" ELSE 0 END").ToString();
    }
}

/// <summary>How a comparison level decides that two values are alike enough.</summary>
public enum LevelKind
{
    Exact,
    JaroWinkler,
    Jaro,
    Levenshtein,
    DamerauLevenshtein,
    DateWithinDays,

    /// <summary>A free SQL condition on <c>l.</c> and <c>r.</c>, e.g. given name and surname swapped.</summary>
    Sql,
}

/// <summary>One level of a comparison: a similarity function and its threshold, or a free SQL condition.</summary>
public sealed record ComparisonLevel
{
    public required LevelKind Kind { get; init; }

    /// <summary>Similarity at least this (Jaro, Jaro–Winkler), edits at most this (Levenshtein), days at most this (dates).</summary>
    public double Threshold { get; init; }

    /// <summary>Compare this column instead of the comparison's own (e.g. a DATE column beside its text).</summary>
    public string? Column { get; init; }

    /// <summary>What reports and explanations call this level; by default its kind and threshold.</summary>
    public string? Name { get; init; }

    /// <summary>The condition of a <see cref="LevelKind.Sql"/> level.</summary>
    public string? Condition { get; init; }

    /// <summary>The similarity measures: label, SQL of the measure on the two values, and the side that passes.</summary>
    private static readonly Dictionary<LevelKind, (string Label, string Measure, string Passes)> Measures = new()
    {
        [LevelKind.JaroWinkler] = ("jaro_winkler", "jaro_winkler_similarity({0}, {1})", ">="),
        [LevelKind.Jaro] = ("jaro", "jaro_similarity({0}, {1})", ">="),
        [LevelKind.Levenshtein] = ("levenshtein", "levenshtein({0}, {1})", "<="),
        [LevelKind.DamerauLevenshtein] = ("damerau_levenshtein", "damerau_levenshtein({0}, {1})", "<="),
        [LevelKind.DateWithinDays] = ("within_days", "abs(date_diff('day', {0}, {1}))", "<="),
    };

    public string Label(string comparisonColumn)
    {
        var column = Column is null || Column == comparisonColumn ? "" : $"({Column})";
        return Name ?? Kind switch
        {
            LevelKind.Exact => $"exact{column}",
            LevelKind.Sql => Condition ?? "sql",
            _ => $"{Measure.Label}{column}{Measure.Passes}{Threshold.ToString("0.###", CultureInfo.InvariantCulture)}",
        };
    }

    public string ConditionSql(string comparisonColumn)
    {
        var c = Column ?? comparisonColumn;
        return Kind switch
        {
            LevelKind.Exact => $"l.{c} = r.{c}",
            LevelKind.Sql => $"({Condition ?? throw new FormatException("A sql comparison level needs a condition.")})",
            _ => string.Format(CultureInfo.InvariantCulture, Measure.Measure, $"l.{c}", $"r.{c}")
                + $" {Measure.Passes} {Threshold.ToString(CultureInfo.InvariantCulture)}",
        };
    }

    private (string Label, string Measure, string Passes) Measure =>
        Measures.TryGetValue(Kind, out var measure) ? measure : throw new FormatException($"Unknown comparison level kind {Kind}.");
}
