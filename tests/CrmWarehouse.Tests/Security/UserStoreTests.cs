using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrmWarehouse.Cli.Commands;
using CrmWarehouse.Serving;
using CrmWarehouse.Serving.Security;
using CrmWarehouse.Tests.Cubes;
using CrmWarehouse.Tests.DuckDb;
using CrmWarehouse.Warehouse.Schema;

namespace CrmWarehouse.Tests.Security;

/// <summary>The users file and `crmw user`, the files that hold secrets or personal data, and HTTPS.</summary>
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UserStoreTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Test]
    public async Task User_commands_keep_only_verifiers_and_token_hashes_in_a_0600_file()
    {
        using var database = new TempDatabase();
        var (added, addOutput) = await Run("correct horse battery\n", "user", "add", "ana", "--role", "analyst", "--password-stdin", "--db", database.Path);
        var (generated, generatedOutput) = await Run(null, "user", "add", "mgr", "--role", "branch_manager", "--branch", "HZ01", "--branch", "HZ02", "--db", database.Path);
        var (tokened, tokenOutput) = await Run(null, "user", "token", "ana", "--db", database.Path);
        var token = TokenIn(tokenOutput);
        var (listed, list) = await Run(null, "user", "list", "--db", database.Path);
        var (unknownRole, unknownRoleOutput) = await Run(null, "user", "add", "eve", "--role", "superuser", "--db", database.Path);

        Assert.That((added, generated, tokened, listed, unknownRole), Is.EqualTo((0, 0, 0, 0, 1)), addOutput + generatedOutput + unknownRoleOutput);
        Assert.That(unknownRoleOutput, Does.Contain("There is no role 'superuser'").And.Contain("analyst"));
        var password = generatedOutput.Split('\n').Single(l => l.Length == 32);
        var file = UserDirectory.ForWarehouse(database.Path).FilePath;
        var stored = await File.ReadAllTextAsync(file);
        Assert.That(File.GetUnixFileMode(file), Is.EqualTo(OwnerOnly));
        Assert.That(stored, Does.Not.Contain("correct horse battery").And.Not.Contain(password).And.Not.Contain(token).And.Contain("SCRAM-SHA-256$4096:"));
        Assert.That(list, Does.Contain("mgr").And.Contain("branch_manager").And.Contain("HZ01,HZ02").And.Not.Contain("SCRAM"));

        var users = UserDirectory.ForWarehouse(database.Path);
        Assert.That(users.Find("ana")!.Verifier.Matches("correct horse battery"), Is.True);
        Assert.That(users.Find("mgr")!.Verifier.Matches(password), Is.True);
        Assert.That(users.FindByToken(token)?.Name, Is.EqualTo("ana"));

        var (_, secondOutput) = await Run(null, "user", "token", "ana", "--expires", "30d", "--db", database.Path);
        var second = TokenIn(secondOutput);
        var (revoked, _) = await Run(null, "user", "token", "ana", "--revoke", second[5..15], "--db", database.Path);
        Assert.That((revoked, users.FindByToken(second), users.FindByToken(token)?.Name), Is.EqualTo((0, (UserAccount?)null, "ana")), "only the revoked token stops working");
        Assert.That(users.CheckToken(second).Failure, Is.EqualTo(TokenFailure.Revoked));
        Assert.That(tokenOutput, Does.Contain("it signs in until"), "the default expiry of config/appsettings.json (Serving:TokenExpiry)");
        var (_, listedTokens) = await Run(null, "user", "list", "--db", database.Path);
        Assert.That(listedTokens, Does.Contain($"token {token[5..15]}").And.Contain("expires 20").And.Contain($"token {second[5..15]}").And.Contain("revoked 20").And.Contain("last used never"));

        var (removed, _) = await Run(null, "user", "remove", "ana", "--db", database.Path);
        Assert.That((removed, users.Find("ana"), users.FindByToken(token)), Is.EqualTo((0, (UserAccount?)null, (UserAccount?)null)), "a running service sees the change at the next sign-in");
    }

    [Test]
    public async Task A_first_start_makes_admin_with_its_password_in_a_0600_file_and_the_cli_token_too()
    {
        using var warehouse = new CubeWarehouse(seed: false);
        await using var served = await ServedWarehouse.StartAsync(warehouse, new ServingOptions());
        var passwordFile = Path.ChangeExtension(warehouse.DatabasePath, ".admin-password");
        var tokenFile = LocalServiceToken.FileFor(warehouse.DatabasePath);
        var password = (await File.ReadAllTextAsync(passwordFile)).Trim();

        Assert.That((File.GetUnixFileMode(passwordFile), File.GetUnixFileMode(tokenFile)), Is.EqualTo((OwnerOnly, OwnerOnly)));
        Assert.That(UserDirectory.ForWarehouse(warehouse.DatabasePath).Find("admin")!.Verifier.Matches(password), Is.True);
        using var cli = new HttpClient { BaseAddress = served.BaseAddress };
        cli.DefaultRequestHeaders.Authorization = new("Bearer", LocalServiceToken.Read(warehouse.DatabasePath));
        using var answer = await cli.PostAsJsonAsync("/api/sql", new { sql = "SELECT 1" });
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void The_warehouse_file_is_the_owners_only_once_migrated()
    {
        using var database = new TempDatabase();
        using (var connection = database.Open())
        {
            File.SetUnixFileMode(database.Path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            new Migrator(connection).Migrate();
        }

        Assert.That(File.GetUnixFileMode(database.Path), Is.EqualTo(OwnerOnly));
    }

    [Test]
    public void Log_files_are_the_owners_only()
    {
        var directory = Directory.CreateTempSubdirectory("crmw-log-").FullName;
        try
        {
            var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
            using (var logger = (Serilog.Core.Logger)CrmWarehouse.Cli.Hosting.SerilogSetup.CreateFileOnly(configuration, directory))
            {
                logger.Information("one line");
            }

            Assert.That(Directory.GetFiles(directory).Select(File.GetUnixFileMode), Is.Not.Empty.And.All.EqualTo(OwnerOnly));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task Serves_https_with_the_configured_certificate()
    {
        var directory = Directory.CreateTempSubdirectory("crmw-cert-").FullName;
        try
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var pfx = Path.Combine(directory, "server.pfx");
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"));

            var options = new ServingOptions { Urls = "https://127.0.0.1:0", Certificate = new CertificateOptions { Path = pfx, Password = "pfx-password" } };
            await using var served = await ServedWarehouse.StartAsync(new CubeWarehouse(seed: false), options);
            string? presented = null;
            using var handler = new HttpClientHandler
            {
                // Trust exactly the certificate made above, as a client given it would.
                ServerCertificateCustomValidationCallback = (_, cert, _, _) => (presented = cert?.Thumbprint) == certificate.Thumbprint,
            };
            using var client = new HttpClient(handler) { BaseAddress = served.BaseAddress };
            TestUsers.Authorize(client, served.Warehouse.DatabasePath, "admin", "admin");
            using var answer = await client.GetAsync(new Uri("/api/cubes", UriKind.Relative));

            Assert.That(served.BaseAddress.Scheme, Is.EqualTo("https"));
            Assert.That((answer.StatusCode, presented), Is.EqualTo((HttpStatusCode.OK, certificate.Thumbprint)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string TokenIn(string output) => output.Split('\n').Single(line => line.StartsWith("crmw_", StringComparison.Ordinal)).Trim();

    private static async Task<(int Code, string Output)> Run(string? stdin, params string[] args)
    {
        var (original, originalError, originalIn) = (Console.Out, Console.Error, Console.In);
        using var output = new StringWriter();
        Console.SetOut(output);
        Console.SetError(output);
        Console.SetIn(new StringReader(stdin ?? string.Empty));
        try
        {
            var code = await CrmwCli.RunAsync(args).ConfigureAwait(false);
            return (code, output.ToString());
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
            Console.SetIn(originalIn);
        }
    }
}
