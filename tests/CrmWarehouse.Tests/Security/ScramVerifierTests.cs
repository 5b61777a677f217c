using System.Security.Cryptography;
using System.Text;
using CrmWarehouse.Serving.Security;

namespace CrmWarehouse.Tests.Security;

public sealed class ScramVerifierTests
{
    [Test]
    public void Round_trips_through_the_PostgreSQL_text_form_and_matches_only_its_password()
    {
        var verifier = ScramVerifier.Create("correct horse", iterations: 64);
        var text = verifier.ToString();
        Assert.That(text, Does.StartWith("SCRAM-SHA-256$64:"));
        var read = ScramVerifier.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That(read.Matches("correct horse"), Is.True);
            Assert.That(read.Matches("correct horsE"), Is.False);
            Assert.That(read.ToString(), Is.EqualTo(text));
        });
    }

    [Test]
    public void Accepts_a_client_proof_computed_as_RFC_5802_says_and_refuses_a_wrong_one()
    {
        var verifier = ScramVerifier.Create("s3cret", iterations: 128);
        var message = Encoding.UTF8.GetBytes("n=,r=abc,r=abcdef,s=c2FsdA==,i=128,c=biws,r=abcdef");

        // The client's side, from the password alone.
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes("s3cret"), verifier.Salt, 128, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var signature = HMACSHA256.HashData(SHA256.HashData(clientKey), message);
        var proof = clientKey.Zip(signature, (k, s) => (byte)(k ^ s)).ToArray();

        Assert.That(verifier.VerifiesProof(message, proof), Is.True);
        proof[0] ^= 1;
        Assert.That(verifier.VerifiesProof(message, proof), Is.False);
        Assert.That(verifier.ServerSignature(message), Is.EqualTo(HMACSHA256.HashData(HMACSHA256.HashData(salted, "Server Key"u8), message)));
    }

    [TestCase("md5abcdef")]
    [TestCase("SCRAM-SHA-256$x:c2FsdA==$a:b")]
    [TestCase("SCRAM-SHA-256$4096:not base64!$a:b")]
    public void Refuses_text_that_is_not_a_verifier_without_echoing_it(string text)
    {
        var error = Assert.Throws<FormatException>(() => ScramVerifier.Parse(text))!;
        Assert.That(error.Message, Does.Not.Contain(text));
    }
}
