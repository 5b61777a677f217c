using CrmWarehouse.Etl.Match;
using CrmWarehouse.Etl.Match.Eval;
using Dapper;

namespace CrmWarehouse.Tests.Match;

/// <summary>The whole matcher run on two nights against one DuckDB file: golden ids survive the second run.</summary>
public sealed class MatcherNightsTests
{
    [Test]
    public void Second_night_keeps_every_golden_id_and_new_duplicates_join_their_originals()
    {
        using var database = new DuckDb.TempDatabase();
        using var connection = database.Open();
        FebrlDataset.Load(connection, BenchmarkDatasets.FebrlDirectory, 3, CancellationToken.None);
        var settings = MatchSettings.BuiltIn("febrl");
        var matcher = new Matcher(settings, TimeProvider.System);

        // Night 1 has not seen any first duplicate (rec-N-dup-0) yet; night 2 has every record.
        connection.Execute("CREATE TABLE night1 AS SELECT * FROM febrl_records WHERE record_id NOT LIKE '%-dup-0'");
        matcher.Run(connection, "night1", CancellationToken.None);
        connection.Execute("CREATE TABLE golden_night1 AS SELECT * FROM match.golden_ids");
        var second = matcher.Run(connection, "febrl_records", CancellationToken.None);

        var renumbered = connection.ExecuteScalar<long>("""
            SELECT count(*) FROM golden_night1 AS a JOIN match.golden_ids AS b USING (record_id)
            WHERE a.golden_id <> b.golden_id
              AND NOT EXISTS (SELECT 1 FROM match.golden_merges AS m WHERE m.merged_golden_id = a.golden_id AND m.kept_golden_id = b.golden_id)
            """);
        var newcomers = connection.ExecuteScalar<long>("SELECT count(*) FROM febrl_records WHERE record_id LIKE '%-dup-0'");
        var joinedTheirOriginal = connection.ExecuteScalar<long>("""
            SELECT count(*) FROM match.golden_ids AS d
            JOIN match.golden_ids AS o ON o.record_id = regexp_replace(d.record_id, '-dup-0$', '-org')
            WHERE d.record_id LIKE '%-dup-0' AND d.golden_id = o.golden_id
            """);
        var mergesAreDownward = connection.ExecuteScalar<long>("SELECT count(*) FROM match.golden_merges WHERE kept_golden_id >= merged_golden_id");

        Assert.Multiple(() =>
        {
            Assert.That(renumbered, Is.Zero, "a golden id changes only by a recorded merge into a smaller one");
            Assert.That(mergesAreDownward, Is.Zero);
            Assert.That(joinedTheirOriginal, Is.GreaterThanOrEqualTo(0.99 * newcomers), $"{joinedTheirOriginal} of {newcomers} first duplicates");
            Assert.That(second.Golden.NewIds, Is.LessThan(0.01 * newcomers), "hardly any newcomer starts a customer of its own");
        });
    }

    [Test]
    public void A_later_night_reuses_the_trained_model_until_the_records_grow_past_the_threshold()
    {
        using var database = new DuckDb.TempDatabase();
        using var connection = database.Open();
        FebrlDataset.Load(connection, BenchmarkDatasets.FebrlDirectory, 3, CancellationToken.None);
        var settings = MatchSettings.BuiltIn("febrl") with { RetrainAfterGrowth = 0.1 };
        var matcher = new Matcher(settings, TimeProvider.System);
        connection.Execute("CREATE TABLE night1 AS SELECT * FROM febrl_records WHERE hash(record_id) % 100 < 80");
        connection.Execute("CREATE TABLE night2 AS SELECT * FROM febrl_records WHERE hash(record_id) % 100 < 85");
        connection.Execute("CREATE TABLE night3 AS SELECT * FROM febrl_records");

        var first = matcher.Run(connection, "night1", batch: null, reuseModel: true, CancellationToken.None);
        var levelsAfterTraining = connection.ExecuteScalar<string>("SELECT string_agg(comparison || gamma || ':' || m || '/' || u, ',' ORDER BY ALL) FROM match.levels");
        var second = matcher.Run(connection, "night2", batch: null, reuseModel: true, CancellationToken.None);
        var levelsAfterReuse = connection.ExecuteScalar<string>("SELECT string_agg(comparison || gamma || ':' || m || '/' || u, ',' ORDER BY ALL) FROM match.levels");
        var grown = connection.ExecuteScalar<long>("SELECT count(*) FROM night3") > 1.1 * first.Records;
        var third = matcher.Run(connection, "night3", batch: null, reuseModel: true, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.Retrained, Is.True, "nothing stored yet");
            Assert.That(second.Retrained, Is.False, $"{second.Records} records, trained on {first.Records}");
            Assert.That(second.Model.M, Is.EqualTo(first.Model.M));
            Assert.That(second.Model.Lambda, Is.EqualTo(first.Model.Lambda));
            Assert.That(levelsAfterReuse, Is.EqualTo(levelsAfterTraining));
            Assert.That(second.AcceptedPairs, Is.GreaterThan(first.AcceptedPairs), "the new records are matched with the stored model");
            Assert.That(grown, Is.True, "night 3 must be past the threshold for this test to mean anything");
            Assert.That(third.Retrained, Is.True);
        });
    }

    [Test]
    public void Records_without_any_candidate_pair_each_become_their_own_customer()
    {
        using var database = new DuckDb.TempDatabase();
        using var connection = database.Open();
        connection.Execute("""
            CREATE TABLE people AS SELECT * FROM (VALUES
                ('p1', 'a', 'ann', 'lee', '19800101', '111', '1', 'x st', 'x', '2000', 'nsw'),
                ('p2', 'a', 'bob', 'kim', '19700202', '222', '2', 'y st', 'y', '3000', 'vic'),
                ('p3', 'a', 'cat', 'ray', '19600303', '333', '3', 'z st', 'z', '4000', 'qld'))
            t(record_id, source, given_name, surname, date_of_birth, soc_sec_id, street_number, address_1, suburb, postcode, state)
            """);

        var result = new Matcher(MatchSettings.BuiltIn("febrl"), TimeProvider.System).Run(connection, "people", CancellationToken.None);

        Assert.That((result.Candidates, result.AcceptedPairs, result.Golden.Clusters, result.Golden.NewIds), Is.EqualTo((0L, 0L, 3L, 3L)));
    }
}
