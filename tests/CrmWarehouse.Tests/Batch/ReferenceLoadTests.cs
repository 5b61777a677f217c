using CrmWarehouse.Cli.Hosting;
using CrmWarehouse.Etl.Batch;
using CrmWarehouse.Etl.Extract;
using CrmWarehouse.Tests.DuckDb;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWarehouse.Tests.Batch;

/// <summary>The reference CSV files into dim_branch, dim_product (with FTP) and dim_channel, through a real batch.</summary>
public sealed class ReferenceLoadTests
{
    private string _directory = null!;

    [SetUp]
    public void WriteFiles()
    {
        _directory = Path.Combine(Path.GetTempPath(), "crmw-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        Write("branches", "branch_code,branch_name,region_code,region_name,province,city,county,urban_rural",
            "B001,芙蓉支行,R01,芙蓉区域,湖南省,长沙市,芙蓉区,urban", "B002,宁乡支行,R02,宁乡区域,湖南省,长沙市,宁乡市,rural", ",无代码,R02,x,湖南省,长沙市,x,rural");
        Write("products", "product_code,product_name,category,subcategory,system,rate_pct,fee_rate_pct,fee_per_txn,risk_level",
            "D001,活期存款,deposit,demand,core,0.25,0,0,", "L001,住房贷款,loan,mortgage,core,4.10,0,0,", "W001,稳健理财,wealth,wm,wealth,abc,0,0,R2");
        Write("ftp_rates", "product_code,month,ftp_rate_pct", "D001,2026-05,1.80", "D001,2026-06,1.75", "L001,2026-06,3.20");
        Write("channels", "channel_code,channel_name,channel_type,cost_per_txn", "CTR,柜面,counter,8.50", "MOB,手机银行,mobile,0.15");
    }

    [TearDown]
    public void Remove() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task Reference_files_load_into_type_1_dimensions_with_rejects_accounted()
    {
        using var warehouse = new TempDatabase();
        var runner = Runner(warehouse);
        var first = await runner.RunAsync(new BatchRequest(true, "test"), null, CancellationToken.None);

        using var connection = warehouse.Open();
        Assert.That(connection.Scalar("SELECT string_agg(code || '=' || area_type, ',' ORDER BY code) FROM dw.dim_branch WHERE branch_key > 0"), Is.EqualTo("B001=urban,B002=rural"));
        Assert.That(connection.Scalar("SELECT ftp_rate::VARCHAR FROM dw.dim_product WHERE code = 'D001'"), Is.EqualTo("0.017500"), "latest month's FTP, as a fraction");
        Assert.That(connection.Scalar("SELECT customer_rate::VARCHAR FROM dw.dim_product WHERE code = 'L001'"), Is.EqualTo("0.041000"));
        Assert.That(connection.Scalar("SELECT count(*) FROM dw.ftp_rate_month"), Is.EqualTo(3L));
        Assert.That(connection.Scalar("SELECT cost_per_txn::VARCHAR FROM dw.dim_channel WHERE code = 'CTR'"), Is.EqualTo("8.5000"));
        Assert.That(connection.Scalar("SELECT string_agg(table_name || ':' || rule || ':' || coalesce(raw_value, ''), ',' ORDER BY table_name) FROM audit.rejects"),
            Is.EqualTo("branches:code_missing:,products:rate_not_a_number:abc"));
        Assert.That(connection.Scalar("SELECT string_agg(table_name || ' ' || extracted || '=' || loaded || '+' || rejected, ', ' ORDER BY table_name) FROM audit.reconciliation WHERE batch_id = $1", first.BatchId),
            Is.EqualTo("branches 3=2+1, channels 2=2+0, ftp_rates 3=3+0, products 3=2+1"));

        Write("channels", "channel_code,channel_name,channel_type,cost_per_txn", "CTR,柜面服务,counter,9.00", "MOB,手机银行,mobile,0.15", "ATM,自助机,atm,1.20");
        var keyBefore = connection.Scalar("SELECT channel_key FROM dw.dim_channel WHERE code = 'CTR'");
        await runner.RunAsync(new BatchRequest(true, "test"), null, CancellationToken.None);
        Assert.That(connection.Scalar("SELECT channel_key FROM dw.dim_channel WHERE code = 'CTR'"), Is.EqualTo(keyBefore), "a member keeps its key");
        Assert.That(connection.Scalar("SELECT name FROM dw.dim_channel WHERE code = 'CTR'"), Is.EqualTo("柜面服务"), "type 1: latest attributes");
        Assert.That(connection.Scalar("SELECT count(*) FROM dw.dim_channel WHERE channel_key > 0"), Is.EqualTo(3L));
    }

    private BatchRunner Runner(TempDatabase warehouse)
    {
        var source = new SourceOptions
        {
            Name = "reference", Provider = SourceProvider.Csv, Directory = _directory,
            Tables =
            [
                new SourceTableOptions { Name = "branches", Key = "branch_code" },
                new SourceTableOptions { Name = "products", Key = "product_code" },
                new SourceTableOptions { Name = "ftp_rates", Key = "product_code,month" },
                new SourceTableOptions { Name = "channels", Key = "channel_code" },
            ],
        };
        return new BatchRunner(new EtlOptions(warehouse.ConnectionString, [source], new ScheduleOptions()), NightlyPipeline.Stages(TimeProvider.System), TimeProvider.System, NullLogger<BatchRunner>.Instance);
    }

    private void Write(string table, params string[] lines) => File.WriteAllLines(Path.Combine(_directory, table + ".csv"), lines);
}
