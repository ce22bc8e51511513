using System.Security.Cryptography;
using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Iana;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;

namespace DnsSecure.Tests.Dnssec.Algorithms;

public sealed class DnssecPrivateKeyTests
{
    private static readonly byte[] s_signingInput = RawSigningInput.Build(
        RecordType.A, DnssecAlgorithm.RsaSha256, 3, 300, 2_000_000_000, 1_700_000_000, 12345, "example.org.", "www.example.org.", [192, 0, 2, 7]);

    private readonly SignatureVerifier _verifier = new(new VerificationKeyCache());

    [Theory]
    [InlineData(DnssecAlgorithm.RsaSha1, 1024)]
    [InlineData(DnssecAlgorithm.RsaSha1Nsec3Sha1, 1024)]
    [InlineData(DnssecAlgorithm.RsaSha256, 2048)]
    [InlineData(DnssecAlgorithm.RsaSha512, 1024)]
    [InlineData(DnssecAlgorithm.EcdsaP256Sha256, 0)]
    [InlineData(DnssecAlgorithm.EcdsaP384Sha384, 0)]
    [InlineData(DnssecAlgorithm.Ed25519, 0)]
    [InlineData(DnssecAlgorithm.Ed448, 0)]
    public void Sign_GeneratedKey_VerifiesAndFailsOnChangedData(DnssecAlgorithm algorithm, int rsaBits)
    {
        using DnssecPrivateKey key = rsaBits == 0 ? DnssecPrivateKey.Generate(algorithm) : DnssecPrivateKey.Generate(algorithm, rsaBits);

        byte[] signature = key.Sign(s_signingInput);
        byte[] changed = (byte[])s_signingInput.Clone();
        changed[^1] ^= 1;

        Assert.Equal(SignatureVerdict.Valid, _verifier.Verify(algorithm, key.PublicKeyField.Span, s_signingInput, signature));
        Assert.Equal(SignatureVerdict.Invalid, _verifier.Verify(algorithm, key.PublicKeyField.Span, changed, signature));
        int fixedLength = SignatureAlgorithm.Get(algorithm)!.FixedSignatureLength;
        Assert.Equal(fixedLength == 0 ? rsaBits / 8 : fixedLength, signature.Length);
    }

    [Theory]
    [InlineData(DnssecAlgorithm.RsaSha256, 2048, 1 + 3 + 256)]
    [InlineData(DnssecAlgorithm.RsaSha512, 4096, 1 + 3 + 512)]
    [InlineData(DnssecAlgorithm.EcdsaP256Sha256, 0, 64)]
    [InlineData(DnssecAlgorithm.EcdsaP384Sha384, 0, 96)]
    [InlineData(DnssecAlgorithm.Ed25519, 0, 32)]
    [InlineData(DnssecAlgorithm.Ed448, 0, 57)]
    public void Generate_PublicKeyField_HasTheAlgorithmsLength(DnssecAlgorithm algorithm, int rsaBits, int expectedLength)
    {
        using DnssecPrivateKey key = rsaBits == 0 ? DnssecPrivateKey.Generate(algorithm) : DnssecPrivateKey.Generate(algorithm, rsaBits);

        Assert.Equal(expectedLength, key.PublicKeyField.Length);
    }

    [Fact]
    public void Generate_RsaSha512With512Bits_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DnssecPrivateKey.Generate(DnssecAlgorithm.RsaSha512, 512));
    }

    [Theory]
    [InlineData(DnssecAlgorithm.RsaMd5)]
    [InlineData(DnssecAlgorithm.DsaSha1)]
    [InlineData((DnssecAlgorithm)200)]
    public void Generate_UnsupportedAlgorithm_ThrowsNotSupported(DnssecAlgorithm algorithm)
    {
        Assert.Throws<NotSupportedException>(() => DnssecPrivateKey.Generate(algorithm));
    }

    [Fact]
    public void Sign_Rfc8080PrivateKeys_ReproduceTheExampleSignatures()
    {
        // EdDSA is deterministic (RFC 8032 §5.1.6), so the RFC 8080 §6 keys must give exactly the (erratum 4935) signatures.
        foreach ((SignatureVector vector, string privateKey) in PublishedSignatureVectors.Rfc8080PrivateKeys)
        {
            using DnssecPrivateKey key = ImportRawEdDsa(vector.Algorithm, Convert.FromBase64String(privateKey));

            Assert.Equal(vector.PublicKey, key.PublicKeyField.ToArray());
            Assert.Equal(Convert.ToBase64String(vector.Signature), Convert.ToBase64String(key.Sign(vector.SigningInput)));
        }
    }

    [Fact]
    public void ImportPem_DnspythonKeys_GiveTheExpectedDnskeyPublicKeys()
    {
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "dnspython", "pem-to-dnskey.txt"));
        string[] blocks = text.Split("-----BEGIN PRIVATE KEY-----")[1..];
        Assert.Equal(6, blocks.Length);
        foreach (string block in blocks)
        {
            string pem = "-----BEGIN PRIVATE KEY-----" + block[..(block.IndexOf("-----END PRIVATE KEY-----", StringComparison.Ordinal) + 25)];
            string dnskeyLine = block.Split('\n').First(l => l.StartsWith("DNSKEY ", StringComparison.Ordinal));
            string[] fields = dnskeyLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var algorithm = (DnssecAlgorithm)byte.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture);

            using DnssecPrivateKey key = DnssecPrivateKey.ImportPem(algorithm, pem);

            Assert.Equal(fields[4], Convert.ToBase64String(key.PublicKeyField.Span));
        }
    }

    [Theory]
    [InlineData(DnssecAlgorithm.RsaSha256)]
    [InlineData(DnssecAlgorithm.EcdsaP384Sha384)]
    [InlineData(DnssecAlgorithm.Ed25519)]
    [InlineData(DnssecAlgorithm.Ed448)]
    public void ExportPkcs8PrivateKey_ReimportedKey_HasTheSamePublicKey(DnssecAlgorithm algorithm)
    {
        using DnssecPrivateKey key = DnssecPrivateKey.Generate(algorithm);

        using DnssecPrivateKey again = DnssecPrivateKey.ImportPkcs8(algorithm, key.ExportPkcs8PrivateKey());

        Assert.Equal(key.PublicKeyField.ToArray(), again.PublicKeyField.ToArray());
    }

    [Fact]
    public void ImportPkcs8_KeyOfAnotherCurve_Throws()
    {
        using DnssecPrivateKey p384 = DnssecPrivateKey.Generate(DnssecAlgorithm.EcdsaP384Sha384);

        Assert.ThrowsAny<CryptographicException>(() => DnssecPrivateKey.ImportPkcs8(DnssecAlgorithm.EcdsaP256Sha256, p384.ExportPkcs8PrivateKey()));
        Assert.ThrowsAny<CryptographicException>(() => DnssecPrivateKey.ImportPkcs8(DnssecAlgorithm.Ed448, p384.ExportPkcs8PrivateKey()));
    }

    [Fact]
    public void ToBindPrivateKeyFile_EcdsaKey_HasBindFieldsAndTheScalar()
    {
        using DnssecPrivateKey key = DnssecPrivateKey.Generate(DnssecAlgorithm.EcdsaP256Sha256);

        string text = key.ToBindPrivateKeyFile(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Private-key-format: v1.3", lines[0]);
        Assert.Equal("Algorithm: 13 (ECDSAP256SHA256)", lines[1]);
        Assert.StartsWith("PrivateKey: ", lines[2], StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(lines[2]["PrivateKey: ".Length..]).Length);
        Assert.Contains("Created: 20260102030405", lines);
    }

    [Fact]
    public void ToBindPrivateKeyFile_RsaKey_ListsTheEightRsaFieldsInOrder()
    {
        using DnssecPrivateKey key = DnssecPrivateKey.Generate(DnssecAlgorithm.RsaSha256, 1024);

        string[] names = key.ToBindPrivateKeyFile(DateTimeOffset.UnixEpoch).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).ToArray();

        Assert.Equal(
            ["Private-key-format", "Algorithm", "Modulus", "PublicExponent", "PrivateExponent", "Prime1", "Prime2", "Exponent1", "Exponent2", "Coefficient", "Created", "Publish", "Activate"],
            names);
    }

    private static DnssecPrivateKey ImportRawEdDsa(DnssecAlgorithm algorithm, byte[] seed)
    {
        Org.BouncyCastle.Crypto.AsymmetricKeyParameter parameters = algorithm == DnssecAlgorithm.Ed25519
            ? new Ed25519PrivateKeyParameters(seed, 0)
            : new Ed448PrivateKeyParameters(seed, 0);
        byte[] pkcs8 = PrivateKeyInfoFactory.CreatePrivateKeyInfo(parameters).GetDerEncoded();
        return DnssecPrivateKey.ImportPkcs8(algorithm, pkcs8);
    }
}
