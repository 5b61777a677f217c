using System.Reflection;

namespace CrmWarehouse.Tests.Architecture;

/// <summary>The production assemblies of DESIGN.md §1, loaded by name, and the arrows allowed between them.</summary>
internal static class Projects
{
    public const string Warehouse = "CrmWarehouse.Warehouse";
    public const string Etl = "CrmWarehouse.Etl";
    public const string Bank = "CrmWarehouse.Bank";
    public const string Cubes = "CrmWarehouse.Cubes";
    public const string Mining = "CrmWarehouse.Mining";
    public const string Serving = "CrmWarehouse.Serving";

    /// <summary>The executable's assembly is called crmw; its namespaces are CrmWarehouse.Cli.</summary>
    public const string Cli = "crmw";

    /// <summary>Root namespace of each assembly.</summary>
    public static readonly IReadOnlyDictionary<string, string> RootNamespace = new Dictionary<string, string>
    {
        [Warehouse] = "CrmWarehouse.Warehouse",
        [Etl] = "CrmWarehouse.Etl",
        [Bank] = "CrmWarehouse.Bank",
        [Cubes] = "CrmWarehouse.Cubes",
        [Mining] = "CrmWarehouse.Mining",
        [Serving] = "CrmWarehouse.Serving",
        [Cli] = "CrmWarehouse.Cli",
    };

    /// <summary>DESIGN.md §1: Cli → (Etl, Serving, Mining, Bank) → Cubes → Warehouse; Etl → Warehouse.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> MayUse = new Dictionary<string, string[]>
    {
        [Warehouse] = [],
        [Etl] = [Warehouse],
        [Bank] = [Cubes, Warehouse],
        [Cubes] = [Warehouse],
        [Mining] = [Cubes, Warehouse],
        [Serving] = [Cubes, Warehouse],
        [Cli] = [Etl, Serving, Mining, Bank, Cubes, Warehouse],
    };

    public static IEnumerable<string> All => RootNamespace.Keys;

    public static Assembly Load(string name) => Assembly.Load(name);
}
