using System.Globalization;
using CrmWarehouse.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace CrmWarehouse.Etl.Match;

/// <summary>
/// Entity resolution of one record table, Fellegi–Sunter as Splink does it. The table has <c>record_id</c>,
/// <c>source</c> and the normalised columns the settings compare. In DuckDB: blocking → candidate pairs
/// (<c>match.candidates</c>) → comparison vectors (<c>match.comparisons</c>); in C#: u from random pairs, λ and m
/// by EM over the distinct vectors; in DuckDB again: match weights, accepted pairs with their explanation
/// (<c>match.pairs</c>, the model in <c>match.levels</c>), clusters (<c>match.clusters</c>) and stable golden ids.
/// </summary>
internal sealed class Matcher(MatchSettings settings, TimeProvider clock)
{
    public const string Clusters = "match.clusters";

    /// <summary>EM's first guess at the share of matches among candidate pairs; it moves from there.</summary>
    private const double StartingLambda = 0.3;

    public MatchResult Run(DuckDBConnection connection, string input, CancellationToken cancellationToken) =>
        Run(connection, input, batch: null, reuseModel: false, cancellationToken);

    /// <summary>
    /// Matches <paramref name="input"/>; golden ids are written inside <paramref name="batch"/> when there is one.
    /// With <paramref name="reuseModel"/>, the model trained on an earlier night scores tonight's pairs, unless the
    /// records have grown or shrunk by more than <see cref="MatchSettings.RetrainAfterGrowth"/> since.
    /// </summary>
    public MatchResult Run(DuckDBConnection connection, string input, DuckDBTransaction? batch, bool reuseModel, CancellationToken cancellationToken)
    {
        var stages = new List<(string, double)>();
        var started = clock.GetTimestamp();
        void Lap(string stage)
        {
            stages.Add((stage, clock.GetElapsedTime(started).TotalSeconds));
            started = clock.GetTimestamp();
        }

        var records = connection.Count($"SELECT count(*) FROM {input}", cancellationToken);
        var candidatesPerRule = Block(connection, input, cancellationToken);
        Lap("blocking");

        connection.Execute(MatchSql.Fill("comparisons", ("input", input), ("gammas", GammaSelectList())), cancellationToken);
        Lap("comparisons");

        var trained = reuseModel ? StoredModel.Read(connection, settings, records, cancellationToken) : null;
        var retrained = trained is null;
        long randomPairCount = 0;
        int emIterations = 0;
        var emConverged = true;
        FellegiSunterModel model;
        if (trained is not null)
        {
            model = trained.Model;
            Lap("model reused");
        }
        else
        {
            var randomPairs = SampleRandomPairs(connection, input, records, cancellationToken);
            randomPairCount = randomPairs.Sum(p => p.Pairs);
            var u = FellegiSunterModel.EstimateU(settings.Comparisons, randomPairs);
            Lap("u from random pairs");

            var patterns = GammaPattern.Read(connection, "match.comparisons", settings.Comparisons, cancellationToken);
            var start = new FellegiSunterModel(settings.Comparisons, StartingLambda, FellegiSunterModel.StartingM(settings.Comparisons), u);
            var fit = ExpectationMaximisation.Run(patterns, start, settings.EstimateUByEm, settings.EmMaxIterations, settings.EmTolerance, cancellationToken);
            emIterations = fit.Iterations;
            emConverged = fit.Converged;
            Lap("m by EM");

            // EM's λ is the share of matches among candidates. A pair is scored against all pairs the mode allows
            // (as Splink does): blocked non-matches share more than random pairs, so the in-block prior with u from
            // random pairs would accept too much. Expected matches = λ × candidates, almost all of them blocked.
            var comparable = connection.Count(MatchSql.Fill("comparable_pairs", ("input", input), ("side", Side)), cancellationToken);
            var prior = Math.Clamp(fit.Model.Lambda * candidatesPerRule.Sum() / Math.Max(comparable, 1), FellegiSunterModel.Floor, 1 - FellegiSunterModel.Floor);
            model = new FellegiSunterModel(settings.Comparisons, prior, fit.Model.M, fit.Model.U);
            trained = new StoredModel(model, records, fit.Model.Lambda, comparable);
        }

        if (retrained)
        {
            WriteLevels(connection, model, cancellationToken);
            trained.Write(connection, settings, cancellationToken);
        }

        connection.Execute(ScoreSql(), cancellationToken,
            ("prior_weight", model.PriorWeight), ("threshold_weight", FellegiSunterModel.Weight(settings.ThresholdProbability)));
        var accepted = connection.Count("SELECT count(*) FROM match.pairs", cancellationToken);
        Lap("scoring");

        var rounds = ConnectedComponents.Run(connection, input, "match.pairs", Clusters, cancellationToken);
        Lap("clusters");

        var golden = GoldenIds.Assign(connection, Clusters, clock, batch, cancellationToken);
        if (settings.Survivorship is { } survivorship)
        {
            connection.Execute(survivorship.Sql(input), cancellationToken);
        }

        Lap("golden ids");

        return new MatchResult(settings, records, candidatesPerRule, randomPairCount, model.U, model,
            trained.CandidateLambda, trained.ComparablePairs, emIterations, emConverged, accepted, rounds, golden, stages, retrained);
    }

    private string PairFilter => settings.Mode == MatchMode.LinkOnly ? "l.source < r.source" : "l.record_id < r.record_id";

    /// <summary>What makes two records pairable: different sources (link-only) or simply being two records (dedupe).</summary>
    private string Side => settings.Mode == MatchMode.LinkOnly ? "source" : "record_id";

    private string GammaSelectList() => string.Join(",\n       ", settings.Comparisons.Select(c => $"{c.GammaSql()} AS {c.GammaColumn}"));

    private long[] Block(DuckDBConnection connection, string input, CancellationToken cancellationToken)
    {
        var rules = settings.BlockingRules.Select((rule, i) => MatchSql.Fill("blocking_rule",
            ("rule_number", (i + 1).ToString(CultureInfo.InvariantCulture)), ("input", input), ("rule", rule), ("pair_filter", PairFilter)));
        connection.Execute(MatchSql.Fill("candidates", ("rules", string.Join("\nUNION ALL\n", rules))), cancellationToken);

        var counts = new long[settings.BlockingRules.Count];
        using var reader = connection.Reader("SELECT rule, count(*) FROM match.candidates GROUP BY rule", cancellationToken);
        while (reader.Read())
        {
            counts[reader.GetInt32(0) - 1] = reader.GetInt64(1);
        }

        return counts;
    }

    private List<GammaPattern> SampleRandomPairs(DuckDBConnection connection, string input, long records, CancellationToken cancellationToken)
    {
        // Crossing two samples of s records gives s² ordered pairs; the pair filter keeps about half of them
        // (dedupe) or a quarter (link-only between two sources of equal size).
        var keptShare = settings.Mode == MatchMode.LinkOnly ? 4 : 2;
        var side = Math.Min(records, (long)Math.Ceiling(Math.Sqrt(keptShare * (double)settings.RandomPairs)));
        connection.Execute(MatchSql.Fill("random_pairs", ("gammas", GammaSelectList()), ("input", input), ("pair_filter", PairFilter)), cancellationToken,
            ("sample_rows", side), ("seed_l", settings.Seed), ("seed_r", settings.Seed + 1));
        return GammaPattern.Read(connection, "match_random_pairs", settings.Comparisons, cancellationToken);
    }

    private static void WriteLevels(DuckDBConnection connection, FellegiSunterModel model, CancellationToken cancellationToken)
    {
        connection.Execute(MatchSql.Load("levels"), cancellationToken);
        using var appender = connection.CreateAppender("match", "levels");
        for (var k = 0; k < model.Comparisons.Count; k++)
        {
            var comparison = model.Comparisons[k];
            // An int literal would bind AppendValue(sbyte?), which DuckDB.NET writes one byte wide into the INTEGER column.
            appender.CreateRow().AppendValue(comparison.Name).AppendValue((int?)-1).AppendValue(comparison.Label(-1)).AppendNullValue().AppendNullValue().AppendValue(0.0).EndRow();
            for (var g = 0; g < comparison.LevelCount; g++)
            {
                appender.CreateRow().AppendValue(comparison.Name).AppendValue(g).AppendValue(comparison.Label(g))
                    .AppendValue(model.M[k][g]).AppendValue(model.U[k][g]).AppendValue(model.LevelWeight(k, g)).EndRow();
            }
        }
    }

    /// <summary>The scoring SQL for the configured comparisons; the model's weights are its parameters.</summary>
    private string ScoreSql()
    {
        var comparisons = settings.Comparisons;
        return MatchSql.Fill("score",
            ("weight_sum", string.Join(" + ", comparisons.Select(c => $"coalesce(lv_{c.Name}.log2_bayes_factor, 0)"))),
            ("explanation", string.Join(", ", comparisons.Select(c =>
                $"'{c.Name}=' || lv_{c.Name}.label || ' (' || round(lv_{c.Name}.log2_bayes_factor, 2) || ')'"))),
            ("level_joins", string.Join("\n", comparisons.Select(c =>
                $"LEFT JOIN match.levels AS lv_{c.Name} ON lv_{c.Name}.comparison = '{c.Name}' AND lv_{c.Name}.gamma = c.{c.GammaColumn}"))),
            ("gamma_columns", string.Join(", ", comparisons.Select(c => c.GammaColumn))));
    }
}

/// <summary>What one matcher run found and how long each stage took: the figures `crmw match eval` prints.</summary>
public sealed record MatchResult(
    MatchSettings Settings,
    long Records,
    IReadOnlyList<long> CandidatesPerRule,
    long RandomPairs,
    double[][] RandomU,
    FellegiSunterModel Model,
    double CandidateLambda,
    long ComparablePairs,
    int EmIterations,
    bool EmConverged,
    long AcceptedPairs,
    int ComponentRounds,
    GoldenIds.Assignment Golden,
    IReadOnlyList<(string Stage, double Seconds)> Stages,
    bool Retrained = true)
{
    public long Candidates => CandidatesPerRule.Sum();

    public double Seconds => Stages.Sum(s => s.Seconds);
}
