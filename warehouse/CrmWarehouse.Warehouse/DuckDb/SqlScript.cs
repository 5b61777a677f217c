using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using DuckDB.NET.Data;

namespace CrmWarehouse.Warehouse.DuckDb;

/// <summary>
/// The one way CrmWarehouse runs its own SQL files: a script embedded beside the code that runs it, run statement by
/// statement (<see cref="DuckDbExtensions.ExecuteScript"/>: timing, "Statement n of m", cancellation) with values bound
/// as DuckDB named parameters (<c>$as_of</c>, <c>$batch</c>, …). Every statement is offered the same parameter set and
/// DuckDB binds the ones it names; a script naming one the caller does not provide fails with DuckDB's own message.
/// Values are never written into the text.
/// </summary>
public sealed class SqlScript
{
    private static readonly ConcurrentDictionary<(Assembly, string), SqlScript> Embedded = new();

    private SqlScript(string name, string text) => (Name, Text) = (name, text);

    /// <summary>The resource name, for messages and logs.</summary>
    public string Name { get; }

    public string Text { get; }

    /// <summary>The script embedded in <paramref name="assembly"/> under <paramref name="resource"/> (read once).</summary>
    public static SqlScript From(Assembly assembly, string resource) => Embedded.GetOrAdd((assembly, resource), static key =>
    {
        var (assembly, resource) = key;
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The SQL script {resource} is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new SqlScript(resource, reader.ReadToEnd());
    });

    /// <summary>Runs the script; <paramref name="timed"/> hears each statement's time. Returns the rows changed.</summary>
    public long Run(DuckDBConnection connection, IEnumerable<(string Name, object? Value)> parameters, CancellationToken cancellationToken, Action<StatementTiming>? timed = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Text;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(name, value);
        }

        return command.ExecuteScript(timed, null, cancellationToken);
    }
}
