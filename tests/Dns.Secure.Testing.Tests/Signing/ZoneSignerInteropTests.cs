using DnsSecure.Iana;
using DnsSecure.Testing.Signing;

namespace DnsSecure.Testing.Tests.Signing;

/// <summary>Zones signed by <see cref="ZoneSigner"/> checked by BIND's dnssec-verify and NLnet Labs' ldns-verify-zone.</summary>
public sealed class ZoneSignerInteropTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("zone-signer-").FullName;

    public static TheoryData<DnssecAlgorithm, DenialOfExistence, bool> Variants() => new()
    {
        { DnssecAlgorithm.RsaSha1, DenialOfExistence.Nsec, false },
        { DnssecAlgorithm.RsaSha1Nsec3Sha1, DenialOfExistence.Nsec3, false },
        { DnssecAlgorithm.RsaSha256, DenialOfExistence.Nsec3, true },
        { DnssecAlgorithm.RsaSha512, DenialOfExistence.Nsec, false },
        { DnssecAlgorithm.EcdsaP256Sha256, DenialOfExistence.Nsec, false },
        { DnssecAlgorithm.EcdsaP256Sha256, DenialOfExistence.Nsec3, true },
        { DnssecAlgorithm.EcdsaP384Sha384, DenialOfExistence.Nsec3, false },
        { DnssecAlgorithm.Ed25519, DenialOfExistence.Nsec3, true },
        { DnssecAlgorithm.Ed448, DenialOfExistence.Nsec, false },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void DnssecVerify_AcceptsOurSignedZone(DnssecAlgorithm algorithm, DenialOfExistence denial, bool optOut)
    {
        string tool = RequiredTool.Find("dnssec-verify", "bind9-utils");
        string file = WriteSignedZone(algorithm, denial, optOut);

        (int exitCode, string output) = ExternalTool.Run(tool, "-o", SigningTestZone.Origin.ToString(), file);

        Assert.True(exitCode == 0, $"dnssec-verify rejected the zone (exit {exitCode}):\n{output}\n{File.ReadAllText(file)}");
        Assert.Contains("Zone fully signed", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void LdnsVerifyZone_AcceptsOurSignedZone(DnssecAlgorithm algorithm, DenialOfExistence denial, bool optOut)
    {
        string tool = RequiredTool.Find("ldns-verify-zone", "ldnsutils");
        string file = WriteSignedZone(algorithm, denial, optOut);

        (int exitCode, string output) = ExternalTool.Run(tool, file);

        Assert.True(exitCode == 0, $"ldns-verify-zone rejected the zone (exit {exitCode}):\n{output}\n{File.ReadAllText(file)}");
    }

    [Fact]
    public void DnssecVerify_RejectsOurZoneWithOneRecordChanged()
    {
        string tool = RequiredTool.Find("dnssec-verify", "bind9-utils");
        string file = WriteSignedZone(DnssecAlgorithm.EcdsaP256Sha256, DenialOfExistence.Nsec, optOut: false);
        string text = File.ReadAllText(file);
        Assert.Contains("192.0.2.1\n", text, StringComparison.Ordinal);
        File.WriteAllText(file, text.Replace("192.0.2.1\n", "192.0.2.2\n", StringComparison.Ordinal));

        (int exitCode, string output) = ExternalTool.Run(tool, "-o", SigningTestZone.Origin.ToString(), file);

        Assert.True(exitCode != 0, $"dnssec-verify accepted a changed record:\n{output}");
    }

    [Fact]
    public void LdnsVerifyZone_RejectsOurZoneWithOneRecordChanged()
    {
        string tool = RequiredTool.Find("ldns-verify-zone", "ldnsutils");
        string file = WriteSignedZone(DnssecAlgorithm.Ed25519, DenialOfExistence.Nsec3, optOut: false);
        string text = File.ReadAllText(file);
        Assert.Contains("192.0.2.1\n", text, StringComparison.Ordinal);
        File.WriteAllText(file, text.Replace("192.0.2.1\n", "192.0.2.2\n", StringComparison.Ordinal));

        (int exitCode, string output) = ExternalTool.Run(tool, file);

        Assert.True(exitCode != 0, $"ldns-verify-zone accepted a changed record:\n{output}");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteSignedZone(DnssecAlgorithm algorithm, DenialOfExistence denial, bool optOut)
    {
        var options = new ZoneSigningOptions
        {
            Algorithm = algorithm,
            Denial = denial,
            Nsec3OptOut = optOut,
            Nsec3Salt = denial == DenialOfExistence.Nsec3 ? new byte[] { 0xCA, 0xFE } : ReadOnlyMemory<byte>.Empty,
            Nsec3Iterations = (ushort)(denial == DenialOfExistence.Nsec3 ? 2 : 0),
            RsaKeySize = 1024,
        };
        SignedZone zone = new ZoneSigner(options).Sign(SigningTestZone.Origin, SigningTestZone.Text);
        string file = Path.Combine(_directory, $"{algorithm}-{denial}-{optOut}.zone");
        File.WriteAllText(file, zone.ToZoneText());
        return file;
    }
}
