using Mono.Cecil;

namespace CrmWarehouse.Tests.Architecture;

/// <summary>
/// Which namespace of ours uses which, read from the compiled assemblies (signatures, base types, attributes and
/// method bodies) with Mono.Cecil, the reader NetArchTest itself is built on. Compiler-generated nested types
/// (lambdas, async state machines) count for the namespace of the type they are nested in.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<string, HashSet<string>> _uses = new(StringComparer.Ordinal);

    private readonly Dictionary<(string From, string To), string> _examples = [];

    public IReadOnlyDictionary<string, HashSet<string>> Uses => _uses;

    public static NamespaceGraph Of(IEnumerable<string> assemblyNames)
    {
        var graph = new NamespaceGraph();
        foreach (var name in assemblyNames)
        {
            using var module = ModuleDefinition.ReadModule(Projects.Load(name).Location);
            foreach (var type in module.GetTypes())
            {
                graph.Add(type);
            }
        }

        return graph;
    }

    /// <summary>Why <paramref name="from"/> uses <paramref name="to"/>: the first type found doing so, for the test's message.</summary>
    public string Example(string from, string to) => _examples.GetValueOrDefault((from, to)) ?? string.Empty;

    /// <summary>The strongly connected groups of more than one namespace: each is a cycle.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in _uses.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }

            if (low[node] == index[node])
            {
                var group = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    group.Add(member);
                }
                while (member != node);
                if (group.Count > 1)
                {
                    cycles.Add(group.Order(StringComparer.Ordinal).ToList());
                }
            }
        }

        foreach (var node in _uses.Keys.Order(StringComparer.Ordinal).ToList())
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return cycles;
    }

    private void Add(TypeDefinition type)
    {
        var from = NamespaceOf(type);
        if (!from.StartsWith("CrmWarehouse.", StringComparison.Ordinal))
        {
            return;
        }

        var used = new HashSet<TypeReference>();
        used.Add(type.BaseType);
        used.UnionWith(type.Interfaces.Select(i => i.InterfaceType));
        used.UnionWith(type.CustomAttributes.Select(a => a.AttributeType));
        used.UnionWith(type.Fields.Select(f => f.FieldType));
        used.UnionWith(type.Properties.Select(p => p.PropertyType));
        foreach (var method in type.Methods)
        {
            used.Add(method.ReturnType);
            used.UnionWith(method.Parameters.Select(p => p.ParameterType));
            used.UnionWith(method.CustomAttributes.Select(a => a.AttributeType));
            if (!method.HasBody)
            {
                continue;
            }

            used.UnionWith(method.Body.Variables.Select(v => v.VariableType));
            foreach (var instruction in method.Body.Instructions)
            {
                used.Add(instruction.Operand switch
                {
                    TypeReference t => t,
                    MemberReference m => m.DeclaringType,
                    _ => null!,
                });
                if (instruction.Operand is MethodReference called)
                {
                    used.Add(called.ReturnType);
                    used.UnionWith(called.Parameters.Select(p => p.ParameterType));
                }
            }
        }

        var targets = _uses.TryGetValue(from, out var set) ? set : _uses[from] = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in used.Where(r => r is not null).SelectMany(Flatten))
        {
            var to = NamespaceOf(reference);
            if (to != from && to.StartsWith("CrmWarehouse.", StringComparison.Ordinal))
            {
                targets.Add(to);
                _examples.TryAdd((from, to), $"{type.FullName} uses {reference.FullName}");
            }
        }
    }

    /// <summary>A generic instance, array or by-ref type and the types inside it.</summary>
    private static IEnumerable<TypeReference> Flatten(TypeReference type)
    {
        yield return type;
        if (type is TypeSpecification specification)
        {
            foreach (var inner in Flatten(specification.ElementType))
            {
                yield return inner;
            }
        }

        if (type is GenericInstanceType generic)
        {
            foreach (var inner in generic.GenericArguments.SelectMany(Flatten))
            {
                yield return inner;
            }
        }
    }

    private static string NamespaceOf(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type.Namespace;
    }
}
