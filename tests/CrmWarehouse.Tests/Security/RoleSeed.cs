using CrmWarehouse.Cubes.Rollups;
using CrmWarehouse.Tests.Cubes;
using CrmWarehouse.Tests.DuckDb;

namespace CrmWarehouse.Tests.Security;

/// <summary>
/// The test warehouse with what the roles' rules act on: phones, resident IDs and addresses to mask, accounts in
/// three branches (customer 1 and 3 in HZ01), a rejected raw value to redact, and the rollups.
/// </summary>
internal static class RoleSeed
{
    public static CubeWarehouse Warehouse()
    {
        var warehouse = new CubeWarehouse();
        warehouse.Connection.Exec("""
            UPDATE dw.dim_customer SET phone = '1381234' || lpad(customer_id::VARCHAR, 4, '0'), id_number = '11010119900307' || lpad(customer_id::VARCHAR, 4, '0'), address = '西湖区文三路' || customer_id || '号'
            WHERE customer_key > 0;
            INSERT INTO dw.dim_account (account_key, account_number, source, customer_id, product_key, branch_key, status, batch_id) VALUES
                (1, '6222020200000001', 'core', 1, 1, 1, 'active', 1),
                (2, '6222020200000002', 'core', 2, 1, 3, 'active', 1),
                (3, '6222020200000003', 'core', 3, 1, 1, 'active', 1),
                (4, '6222020200000004', 'core', 3, 2, 2, 'active', 1),
                (5, '6222020200000005', 'core', 4, 2, 3, 'active', 1);
            INSERT INTO audit.rejects (batch_id, source, table_name, source_key, rule, column_name, raw_value, detail)
            VALUES (1, 'core', 'customers', 'C0042', 'id_number_check_digit', 'id_number', '110101199003074579', 'bad check digit');
            """);
        new RollupRefresher(warehouse.Catalog).Rebuild(warehouse.Connection, CancellationToken.None);
        return warehouse;
    }
}
