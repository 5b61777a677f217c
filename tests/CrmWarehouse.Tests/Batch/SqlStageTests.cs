using CrmWarehouse.Etl.Load;

namespace CrmWarehouse.Tests.Batch;

/// <summary>Which staging tables a SQL stage needs is read from its script, the one place that names them.</summary>
public sealed class SqlStageTests
{
    [Test]
    public void A_stage_reads_the_staging_tables_its_script_names_outside_comments()
    {
        Assert.That(new SqlStage("interactions.load", "interactions_load").StagingTables, Is.EquivalentTo(new[]
        {
            "staging.wealth_contacts", "staging.wealth_campaigns", "staging.wealth_campaign_responses", "staging.wealth_complaints", "staging.wealth_surveys",
        }));
        Assert.That(new SqlStage("customers.core", "customers_core").StagingTables, Is.EqualTo(new[] { "staging.core_customers" }));
        Assert.That(new SqlStage("customers.load", "customers_load").StagingTables, Is.Empty, "works on what earlier stages prepared: always runs");
        Assert.That(new SqlStage("transactions.core", "transactions_core").StagingTables, Is.EqualTo(new[] { "staging.core_transactions" }),
            "what the prepare stages make (staging.prepared.txn_raw) is not a staging table extract must have made");
        Assert.That(new SqlStage("transactions.load", "transactions_load").StagingTables, Is.Empty, "reads only staging.prepared: always runs");
    }

    [Test]
    public void Every_per_source_script_of_the_pipeline_names_the_staging_table_it_shapes()
    {
        var stages = PipelineStages.Create(TimeProvider.System).OfType<SqlStage>().ToList();
        foreach (var perSource in stages.Where(s => s.Name.Split('.') is [_, "core" or "cards" or "wealth" or "legacy"]))
        {
            Assert.That(perSource.StagingTables, Is.Not.Empty, perSource.Name);
        }
    }
}
