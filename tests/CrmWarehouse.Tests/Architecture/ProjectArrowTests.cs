using System.Reflection;
using NetArchTest.Rules;

namespace CrmWarehouse.Tests.Architecture;

/// <summary>
/// The arrows of DESIGN.md §1 hold: no project uses one it may not, and no project opens its internals to another
/// production project. A wrong-way reference fails here even when it compiles.
/// </summary>
public sealed class ProjectArrowTests
{
    private static IEnumerable<string> AllProjects() => Projects.All;

    [TestCaseSource(nameof(AllProjects))]
    public void Uses_only_the_projects_its_arrows_allow(string project)
    {
        var forbidden = Projects.All.Where(other => other != project && !Projects.MayUse[project].Contains(other))
            .Select(other => Projects.RootNamespace[other]).ToArray();
        var result = Types.InAssembly(Projects.Load(project)).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        Assert.That(result.IsSuccessful, Is.True,
            $"{project} may use only {string.Join(", ", Projects.MayUse[project].DefaultIfEmpty("nothing"))}; these of its types use one of {string.Join(", ", forbidden)}: " +
            string.Join(", ", result.FailingTypeNames ?? []));
    }

    [TestCaseSource(nameof(AllProjects))]
    public void References_no_assembly_its_arrows_do_not_allow(string project)
    {
        var referenced = Projects.Load(project).GetReferencedAssemblies().Select(a => a.Name!).Where(Projects.All.Contains);
        Assert.That(referenced, Is.SubsetOf(Projects.MayUse[project]));
    }

    [TestCaseSource(nameof(AllProjects))]
    public void Opens_its_internals_only_to_the_tests(string project)
    {
        var friends = Projects.Load(project).GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>().Select(a => a.AssemblyName);
        Assert.That(friends, Is.EquivalentTo(new[] { "CrmWarehouse.Tests" }));
    }
}
