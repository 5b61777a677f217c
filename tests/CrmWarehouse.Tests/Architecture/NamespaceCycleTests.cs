namespace CrmWarehouse.Tests.Architecture;

/// <summary>No two namespaces of ours use each other, directly or around a longer loop (DESIGN.md §1).</summary>
public sealed class NamespaceCycleTests
{
    [Test]
    public void No_namespace_cycles_in_any_project()
    {
        var graph = NamespaceGraph.Of(Projects.All);
        var cycles = graph.Cycles();
        var why = cycles.SelectMany(cycle => cycle.SelectMany(from => cycle.Where(to => graph.Uses[from].Contains(to)).Select(to => graph.Example(from, to))));
        Assert.That(cycles.Select(c => string.Join(" ↔ ", c)), Is.Empty,
            "Namespaces that use each other (split a shared type out, or invert the dependency):\n" + string.Join("\n", why));
    }

    [Test]
    public void The_graph_sees_uses_through_method_bodies()
    {
        // The check above means something only if the reader finds real uses: the CLI's host composition uses the pipeline.
        var graph = NamespaceGraph.Of(Projects.All);
        Assert.That(graph.Uses["CrmWarehouse.Cli.Hosting"], Does.Contain("CrmWarehouse.Etl.Batch"));
    }
}
