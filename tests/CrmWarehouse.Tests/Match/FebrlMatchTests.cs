using CrmWarehouse.Etl.Match.Eval;
using Dapper;
using DuckDB.NET.Data;

namespace CrmWarehouse.Tests.Match;

/// <summary>The matcher against FEBRL's real files and their ground truth (tests/datasets/README.md).</summary>
public sealed class FebrlMatchTests
{
    private DuckDBConnection _linked = null!;
    private MatchEvaluation.Outcome _linkage = null!;

    [OneTimeSetUp]
    public void MatchDataset4()
    {
        _linked = new DuckDBConnection("Data Source=:memory:");
        _linked.Open();
        _linkage = MatchEvaluation.Febrl(_linked, BenchmarkDatasets.FebrlDirectory, 4, TimeProvider.System, CancellationToken.None);
    }

    [OneTimeTearDown]
    public void Close() => _linked.Dispose();

    [Test]
    public void Links_dataset4a_to_dataset4b_with_f1_of_at_least_0_95()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_linkage.Quality.Truth, Is.EqualTo(5_000), "true pairs of 4a ↔ 4b");
            Assert.That(_linkage.Quality.F1, Is.GreaterThanOrEqualTo(0.95));
            Assert.That(_linkage.Match.Candidates, Is.LessThan(20 * _linkage.Match.Records), "blocking keeps comparisons near linear");
        });
    }

    [Test]
    public void Deduplicates_dataset3_with_f1_of_at_least_0_95()
    {
        var outcome = MatchEvaluation.Febrl(BenchmarkDatasets.FebrlDirectory, 3, TimeProvider.System, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Quality.Truth, Is.EqualTo(6_538), "true pairs of dataset3");
            Assert.That(outcome.Quality.F1, Is.GreaterThanOrEqualTo(0.95));
        });
    }

    [Test]
    public void Fitted_model_makes_agreement_count_for_a_match_and_disagreement_against()
    {
        var model = _linkage.Match.Model;
        Assert.Multiple(() =>
        {
            for (var k = 0; k < model.Comparisons.Count; k++)
            {
                var top = model.Comparisons[k].LevelCount - 1;
                Assert.That(model.LevelWeight(k, top), Is.GreaterThan(1), $"{model.Comparisons[k].Name} exact");
                Assert.That(model.LevelWeight(k, 0), Is.LessThan(-1), $"{model.Comparisons[k].Name} else");
                Assert.That(model.U[k], Is.EqualTo(_linkage.Match.RandomU[k]), "u stays as random pairs estimated it");
            }

            // 5,000 true pairs among 5,000 × 5,000 allowed ones.
            Assert.That(model.Lambda, Is.EqualTo(5_000.0 / 25_000_000).Within(0.2 * 5_000.0 / 25_000_000));
        });
    }

    [Test]
    public void Link_only_never_pairs_two_records_of_the_same_file()
    {
        var sameSource = _linked.ExecuteScalar<long>(
            "SELECT count(*) FROM match.candidates c JOIN febrl_records l ON l.record_id = c.id_l JOIN febrl_records r ON r.record_id = c.id_r WHERE l.source = r.source");
        var duplicates = _linked.ExecuteScalar<long>("SELECT count(*) - count(DISTINCT (id_l, id_r)) FROM match.candidates");
        Assert.That((sameSource, duplicates), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public void Every_accepted_pair_keeps_its_levels_and_weight_so_it_can_be_explained()
    {
        // rec-1070: "michaela … stanley street, winston hills" in 4a, "michafla … stanleykstreet, winstonbhills" and no state in 4b.
        var row = (IDictionary<string, object>)_linked.QuerySingle("SELECT * FROM match.pairs WHERE id_l = 'rec-1070-org'");
        var model = _linkage.Match.Model;
        var gammas = model.Comparisons.Select(c => Convert.ToInt32(row[c.GammaColumn], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var level = model.Comparisons.Select((c, k) => (c.Name, Label: c.Label(gammas[k]))).ToDictionary(x => x.Name, x => x.Label);
        Assert.Multiple(() =>
        {
            Assert.That(row["id_r"], Is.EqualTo("rec-1070-dup-0"));
            Assert.That(level["given_name"], Is.EqualTo("jaro_winkler>=0.9"));
            Assert.That(level["soc_sec_id"], Is.EqualTo("exact"));
            Assert.That(level["state"], Is.EqualTo("null"));
            Assert.That((double)row["match_weight"], Is.EqualTo(model.MatchWeight(gammas)).Within(1e-9), "weight = prior + Σ level weights");
            Assert.That((double)row["match_probability"], Is.GreaterThanOrEqualTo(0.9));
            Assert.That((string)row["explanation"], Does.Contain("given_name=jaro_winkler>=0.9 (").And.Contain("state=null (0"));
        });
    }
}
