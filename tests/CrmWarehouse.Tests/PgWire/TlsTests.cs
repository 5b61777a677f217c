using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npgsql;

namespace CrmWarehouse.Tests.PgWire;

/// <summary>SSLRequest: TLS with a configured certificate; without one, 'N' and the client goes on in the clear (or leaves).</summary>
[TestFixture]
[NonParallelizable]
public sealed class TlsTests
{
    [Test]
    public async Task With_a_certificate_the_session_runs_over_tls()
    {
        var directory = Directory.CreateTempSubdirectory("pgwire-tls-");
        try
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var certificatePath = Path.Combine(directory.FullName, "server.crt");
            var keyPath = Path.Combine(directory.FullName, "server.key");
            await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());

            await using var served = ServedPgWire.Start(options =>
            {
                options.CertificatePath = certificatePath;
                options.CertificateKeyPath = keyPath;
            });
            // SslMode=Require fails when the server declines TLS (see below): opening at all means the session is encrypted.
            var builder = new NpgsqlDataSourceBuilder(served.ConnectionString());
            builder.ConnectionStringBuilder.SslMode = SslMode.Require;
            builder.UseSslClientAuthenticationOptionsCallback(tls => tls.RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.GetCertHashString() == certificate.GetCertHashString());
            await using var source = builder.Build();
            await using var connection = await source.OpenConnectionAsync();
            Assert.That(new NpgsqlCommand("SELECT 'over tls'", connection).ExecuteScalar(), Is.EqualTo("over tls"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Without_a_certificate_ssl_is_declined_and_required_ssl_fails()
    {
        await using var served = ServedPgWire.Start();
        var prefer = new NpgsqlConnectionStringBuilder(served.ConnectionString()) { SslMode = SslMode.Prefer };
        await using (var connection = new NpgsqlConnection(prefer.ConnectionString))
        {
            await connection.OpenAsync();
            Assert.That(new NpgsqlCommand("SELECT 1", connection).ExecuteScalar(), Is.EqualTo(1));
        }

        var require = new NpgsqlConnectionStringBuilder(served.ConnectionString()) { SslMode = SslMode.Require };
        await using var refused = new NpgsqlConnection(require.ConnectionString);
        Assert.ThrowsAsync<NpgsqlException>(async () => await refused.OpenAsync());
    }
}
