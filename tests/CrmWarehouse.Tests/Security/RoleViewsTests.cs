using CrmWarehouse.Serving.Security;
using CrmWarehouse.Tests.Cubes;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Warehouse.Sandbox;

namespace CrmWarehouse.Tests.Security;

/// <summary>The views each role reads the warehouse through, made from config/roles.json.</summary>
public sealed class RoleViewsTests
{
    [Test]
    public void Each_role_gets_the_relations_its_declaration_names_and_no_other()
    {
        using var warehouse = new CubeWarehouse();
        var roles = TestUsers.Roles();
        RoleViews.Refresh(warehouse.Connection, roles, CancellationToken.None);

        Assert.That(roles.Get("admin").Scope.Views, Is.SupersetOf(new[] { "dim_customer", "customer_source_record", "query_log", "rejects" }));
        Assert.That(roles.Get("analyst").Scope.Views, Does.Contain("dim_customer").And.Contain("customer_value").And.Not.Contain("customer_source_record").And.Not.Contain("rejects"));
        Assert.That(roles.Get("bi").Scope.Views, Does.Contain("dim_branch").And.Contain("segments").And.Not.Contain("dim_customer").And.Not.Contain("customer_value").And.Not.Contain("fact_transaction"));
        Assert.That(roles.Get("auditor").Scope.Views, Is.SupersetOf(new[] { "query_log", "batch", "rejects" }).And.Not.Contain("dim_customer"));
        Assert.That(warehouse.Rows("SELECT count(*) FROM duckdb_views() WHERE schema_name = 'role_bi' AND view_name = 'dim_customer'"), Is.EqualTo(new[] { "0" }));
    }

    [Test]
    public void A_table_made_after_the_start_gets_its_views_at_the_next_refresh()
    {
        using var warehouse = new CubeWarehouse();
        var roles = TestUsers.Roles();
        RoleViews.Refresh(warehouse.Connection, roles, CancellationToken.None);
        warehouse.Connection.Exec("CREATE TABLE agg.transactions__by_new_level AS SELECT 1 AS transactions");
        Assert.That(roles.Get("bi").Scope.Views, Does.Not.Contain("transactions__by_new_level"));

        RoleViews.Refresh(warehouse.Connection, roles, CancellationToken.None);
        Assert.That(roles.Get("bi").Scope.Views, Does.Contain("transactions__by_new_level"));
        Assert.That(warehouse.Rows("SELECT transactions FROM role_bi.transactions__by_new_level"), Is.EqualTo(new[] { "1" }));
    }

    [Test]
    public void After_a_load_of_the_service_publishes_the_mining_step_runs_and_then_the_views_see_its_new_tables()
    {
        using var warehouse = new CubeWarehouse();
        var roles = TestUsers.Roles();
        RoleViews.Refresh(warehouse.Connection, roles, CancellationToken.None);
        var mining = new NewRollupStep();
        new CrmWarehouse.Cli.Hosting.RoleViewsAfterLoad(mining, roles, Microsoft.Extensions.Logging.Abstractions.NullLogger<CrmWarehouse.Cli.Hosting.RoleViewsAfterLoad>.Instance)
            .Run(new CrmWarehouse.Warehouse.Batch.PublishedBatch(warehouse.Connection, null, 1, new DateOnly(2026, 3, 15)), CancellationToken.None);

        Assert.That(mining.Ran, Is.True);
        Assert.That(roles.Get("analyst").Scope.Views, Does.Contain("churn__made_by_the_load"));
    }

    [Test]
    public void Branch_rows_need_the_session_variable_which_can_be_set_after_the_sandbox_locks_and_without_it_nothing_shows()
    {
        using var warehouse = new CubeWarehouse();
        warehouse.Connection.Exec("INSERT INTO dw.dim_account (account_key, account_number, source, customer_id, product_key, branch_key, status, batch_id) VALUES (1, '6222020200000001', 'core', 1, 1, 1, 'active', 1)");
        RoleViews.Refresh(warehouse.Connection, TestUsers.Roles(), CancellationToken.None);
        WarehouseSandbox.Lock(warehouse.Connection, []);

        using var session = new DuckDB.NET.Data.DuckDBConnection(warehouse.ConnectionString);
        session.Open();
        var unset = session.Rows("SELECT count(*) FROM role_branch_manager.dim_customer");
        PrincipalSession.Apply(session, new Principal("m", TestUsers.Roles().Get("branch_manager"), ["HZ01"]));
        Assert.That(unset, Is.EqualTo(new[] { "0" }), "fails closed");
        Assert.That(session.Rows("SELECT count(*), min(name) FROM dim_customer"), Is.EqualTo(new[] { "2|张*" }), "customer 1's two versions, through the search path");
        Assert.That(WarehouseSandbox.IsLocked(session), Is.True);
    }

    [Test]
    public void Masked_columns_are_the_mask_macros_bodies_written_into_the_view_and_show_what_the_macros_show()
    {
        using var warehouse = new CubeWarehouse();
        RoleViews.Refresh(warehouse.Connection, TestUsers.Roles(), CancellationToken.None);

        var view = warehouse.Rows("SELECT sql FROM duckdb_views() WHERE schema_name = 'role_analyst' AND view_name = 'dim_customer'").Single();
        Assert.That(view, Does.Not.Contain("mask.").And.Contain("regexp_replace(\"name\""), "inlined: a macro call costs its look-up at every prepare");
        const string Order = " ORDER BY customer_key, valid_from";
        var shown = warehouse.Rows("SELECT name, phone, id_number FROM role_analyst.dim_customer" + Order);
        Assert.That(shown, Is.EqualTo(warehouse.Rows("SELECT mask.name(name), mask.phone(phone), mask.id_number(id_number) FROM dw.dim_customer" + Order)));
        Assert.That(shown, Has.Some.StartsWith("张*|"));
    }

    [Test]
    public void A_mask_takes_any_column_name_through_the_parse_tree_and_an_unknown_mask_is_named()
    {
        using var warehouse = new CubeWarehouse();
        warehouse.Connection.Exec("CREATE TABLE main.odd (\"the \"\"name\"\"\" VARCHAR); INSERT INTO main.odd VALUES ('张三丰')");
        var masks = new MaskExpressions(warehouse.Connection, CancellationToken.None);

        var select = masks.Select("name", "the \"name\"");
        Assert.That(warehouse.Rows($"SELECT {select} FROM main.odd"), Is.EqualTo(new[] { "张*" }));
        Assert.That(warehouse.Rows($"SELECT column_name FROM (DESCRIBE SELECT {select} FROM main.odd)"), Is.EqualTo(new[] { "the \"name\"" }));
        Assert.That(() => masks.Select("initials", "name"), Throws.TypeOf<InvalidDataException>().With.Message.Contains("no macro mask.initials").And.Message.Contains("mask.phone"));
    }

    /// <summary>Stands in for the mining step after a publish: makes a rollup table, as a load's rollup stage does.</summary>
    private sealed class NewRollupStep : CrmWarehouse.Warehouse.Batch.IAfterPublish
    {
        public bool Ran { get; private set; }

        public void Run(CrmWarehouse.Warehouse.Batch.PublishedBatch batch, CancellationToken cancellationToken)
        {
            batch.Warehouse.Exec("CREATE TABLE agg.churn__made_by_the_load AS SELECT 1 AS opened");
            Ran = true;
        }
    }
}
