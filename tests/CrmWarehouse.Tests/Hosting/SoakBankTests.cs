using CrmWarehouse.Bank.Generate;
using CrmWarehouse.Cli.Bench;

namespace CrmWarehouse.Tests.Hosting;

/// <summary>Which banks `crmw bench soak` may copy: only one whose sources are all files, which the copy then owns alone.</summary>
public sealed class SoakBankTests
{
    [TestCase("embedded", true, false, false, TestName = "An embedded bank (state 'embedded') is written to files only")]
    [TestCase("postgres,mariadb,sqlite,csv", false, true, true)]
    [TestCase("sqlite,csv", false, false, false)]
    public void The_state_says_where_the_bank_was_written(string targets, bool embedded, bool postgres, bool mariaDb)
    {
        var written = new GeneratorState { Settings = new GeneratorSettings(), Targets = targets, Embedded = embedded, CurrentDay = new DateOnly(2026, 6, 30) }.WrittenTo();

        Assert.That((written.Postgres, written.MariaDb, written.Sqlite), Is.EqualTo((postgres, mariaDb, true)));
        Assert.That(written.ToString(), Is.EqualTo(targets), "written back as the state holds it");
    }

    [Test]
    public async Task A_bank_with_sources_on_the_database_servers_is_refused_before_anything_is_copied_or_started()
    {
        var home = CrmwHome.Create();
        try
        {
            var sources = Path.Combine(home, "data", "sources");
            Directory.CreateDirectory(sources);
            await File.WriteAllTextAsync(Path.Combine(home, "data", "warehouse.duckdb"), string.Empty);
            await new GeneratorState { Settings = new GeneratorSettings(), Targets = "postgres,mariadb,sqlite,csv", Embedded = false, CurrentDay = new DateOnly(2026, 6, 30) }
                .SaveAsync(sources, CancellationToken.None);
            var scratch = Path.Combine(home, "build", "scratch");

            var plan = new SoakPlan(TimeSpan.Zero, Loads: 1, LoadInterval: TimeSpan.Zero, Readers: 1);
            var refused = Assert.ThrowsAsync<InvalidOperationException>(() => new SoakBench(home, scratch, plan, new Progress<string>()).RunAsync(CancellationToken.None));

            Assert.That(refused!.Message, Does.Contain("postgres,mariadb,sqlite,csv").And.Contain("./crmw demo --no-serve"));
            Assert.That(Directory.Exists(Path.Combine(scratch, "bench-soak")), Is.False, "nothing copied");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
