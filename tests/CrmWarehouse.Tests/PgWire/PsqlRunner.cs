using System.Diagnostics;
using System.Globalization;

namespace CrmWarehouse.Tests.PgWire;

/// <summary>Runs psql (the PostgreSQL 15 client) with -c commands against a served wire protocol and returns what it printed.</summary>
internal static class PsqlRunner
{
    private const string Psql = "/usr/lib/postgresql/15/bin/psql";

    public static string Run(int port, string user, IEnumerable<string> commands, bool expectSuccess = true)
    {
        var start = new ProcessStartInfo(Psql)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "-X", "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-U", user, "-d", "warehouse" },
        };
        foreach (var command in commands)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(command);
        }

        // The password goes through the environment, never the command line.
        start.Environment["PGPASSWORD"] = ServedPgWire.Password;
        start.Environment["PGSSLMODE"] = "disable";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(60_000), Is.True, "psql did not finish");
        var text = output.Result + error.Result;
        Assert.That(process.ExitCode == 0, Is.EqualTo(expectSuccess), text);
        return text;
    }
}
