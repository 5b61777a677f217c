using CrmWarehouse.Warehouse.DuckDb;
using Dapper;

namespace CrmWarehouse.Tests.DuckDb;

public sealed class DapperTests
{
    private sealed record Customer(long Id, string Name, decimal Balance, DateTime Opened, bool? Vip);

    private sealed class Branch
    {
        public int Code { get; set; }

        public string? City { get; set; }

        public double Share { get; set; }
    }

    [Test]
    public void Dapper_maps_rows_to_records_and_classes()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:");
        connection.Open();
        connection.Execute("CREATE TABLE customer (id BIGINT, name VARCHAR, balance DECIMAL(18,2), opened DATE, vip BOOLEAN)");
        var inserted = connection.Execute(
            "INSERT INTO customer VALUES ($id, $name, $balance, $opened, $vip)",
            new[]
            {
                new { id = 1L, name = "张三", balance = 1234.56m, opened = new DateTime(2020, 1, 2), vip = (bool?)true },
                new { id = 2L, name = "李四", balance = -5m, opened = new DateTime(1999, 12, 31), vip = (bool?)null },
            });
        Assert.That(inserted, Is.EqualTo(2));

        var customers = connection.Query<Customer>("SELECT * FROM customer WHERE balance > $min ORDER BY id", new { min = -10m }).ToList();
        Assert.That(customers, Has.Count.EqualTo(2));
        Assert.That(customers[0], Is.EqualTo(new Customer(1, "张三", 1234.56m, new DateTime(2020, 1, 2), true)));
        Assert.That(customers[1].Vip, Is.Null);

        var branch = connection.QuerySingle<Branch>("SELECT 4301 AS code, '长沙' AS city, 0.25 AS share");
        Assert.That((branch.Code, branch.City, branch.Share), Is.EqualTo((4301, "长沙", 0.25)));

        Assert.That(connection.ExecuteScalar<long>("SELECT count(*) FROM customer"), Is.EqualTo(2));
        Assert.That(connection.Query<int>("SELECT unnest([3, 1, 2]) ORDER BY 1"), Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public async Task Dapper_async_and_dynamic_queries_work()
    {
        await using var connection = new DuckDbConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var rows = (await connection.QueryAsync("SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, 'y' ORDER BY a")).ToList();
        Assert.That(rows, Has.Count.EqualTo(2));
        Assert.That((string)rows[1].b, Is.EqualTo("y"));
    }
}
