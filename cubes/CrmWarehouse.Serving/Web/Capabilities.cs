using CrmWarehouse.Serving.Security;

namespace CrmWarehouse.Serving.Web;

/// <summary>
/// What a role may do, derived from its declaration in config/roles.json and the views made from it, for the web UI
/// to decide which pages to show. Only a convenience: every endpoint checks the role itself.
/// </summary>
internal sealed record Capabilities(
    bool Cubes,
    bool Sql,
    bool CustomerRows,
    string PersonalData,
    bool SearchByPersonalData,
    bool Loads,
    bool Audit,
    bool Marts,
    bool ManageLoads,
    bool BranchFiltered,
    IReadOnlyList<string> Views)
{
    public static Capabilities Of(Role role) => new(
        Cubes: role.MayQueryCubes,
        Sql: role.Scope.BaseSchemas || role.Scope.Views.Count > 0,
        CustomerRows: role.Scope.HasView("dim_customer"),
        PersonalData: role.PersonalDataInClear ? "clear" : "masked",
        SearchByPersonalData: role.PersonalDataInClear && role.Scope.HasView("dim_customer"),
        Loads: role.Scope.HasView("batch"),
        Audit: role.Scope.HasView("query_log"),
        Marts: role.Scope.HasView("mining_run"),
        ManageLoads: role.MayLoad,
        BranchFiltered: role.FiltersByBranch,
        Views: [.. role.Scope.Views.Order(StringComparer.Ordinal)]);
}
