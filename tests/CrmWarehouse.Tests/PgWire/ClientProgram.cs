using System.Diagnostics;
using System.Globalization;

namespace CrmWarehouse.Tests.PgWire;

/// <summary>
/// Runs one of the real-client programs in Clients/ (Java, Python, Node) against a served wire protocol: the
/// connection goes through the PG* environment variables (the password never on a command line), and the program
/// prints one <c>key=value</c> line per finding, which the tests check.
/// </summary>
internal static class ClientProgram
{
    public static string Folder { get; } = Path.Combine(Cubes.CubeWarehouse.RepositoryRoot(), "tests", "CrmWarehouse.Tests", "PgWire", "Clients");

    public static IReadOnlyDictionary<string, string> Run(ServedPgWire served, string program, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Folder,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGHOST"] = "127.0.0.1";
        start.Environment["PGPORT"] = served.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = ServedPgWire.User;
        start.Environment["PGPASSWORD"] = ServedPgWire.Password;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(180_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} did not finish in 3 minutes. Output so far:\n{output.Result}");
        }

        var text = output.Result;
        Assert.That(process.ExitCode, Is.Zero, $"{program} failed:\n{text}\n{error.Result}");
        var findings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                findings[line[..equals]] = line[(equals + 1)..];
            }
        }

        return findings;
    }

    /// <summary>Fails, naming what installs it, when a client the test needs is missing (./crmw test installs them first).</summary>
    public static void Require(string path, string install)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Assert.Fail($"{path} is missing: tests/install-prerequisites.sh installs it ({install}).");
        }
    }
}
