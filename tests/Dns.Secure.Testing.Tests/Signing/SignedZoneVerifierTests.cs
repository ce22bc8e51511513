using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Testing.Signing;
using DnsSecure.Text;

namespace DnsSecure.Testing.Tests.Signing;

public sealed class SignedZoneVerifierTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bind-signed-").FullName;

    [Theory]
    // Signed by BIND 9.18 dnssec-signzone (tests/TestData/bind-signed/README.md): ECDSA + NSEC, RSA + NSEC3 opt-out, Ed25519 + NSEC3.
    [InlineData("bind-signed/alg13-nsec.example.signed", "alg13-nsec.example.")]
    [InlineData("bind-signed/alg8-nsec3.example.signed", "alg8-nsec3.example.")]
    [InlineData("bind-signed/alg15-nsec3.example.signed", "alg15-nsec3.example.")]
    [InlineData("server/example.signed", "example.")]
    [InlineData("server/example.net.signed", "example.net.")]
    [InlineData("server/sub.example.signed", "sub.example.")]
    public void Verify_ZoneSignedByBind_EverySignatureVerifies(string file, string origin)
    {
        IReadOnlyList<ResourceRecord> records = Load(file, origin);

        ZoneVerificationReport report = SignedZoneVerifier.Verify(DomainName.Parse(origin), records);

        Assert.True(report.IsValid, report.ToString());
        Assert.Equal(records.Count(r => r.Type == RecordType.RRSIG), report.ValidSignatures);
        Assert.True(report.SignedRRsets >= 5, report.ToString());
    }

    [Fact]
    public void Verify_BindZoneWithOneRecordChanged_ReportsThatRRset()
    {
        var records = Load("bind-signed/alg13-nsec.example.signed", "alg13-nsec.example.").ToList();
        int index = records.FindIndex(r => r.Type == RecordType.A && r.Name == DomainName.Parse("www.alg13-nsec.example."));
        ResourceRecord original = records[index];
        records[index] = original with { Data = new ARdata(System.Net.IPAddress.Parse("198.51.100.1")) };

        ZoneVerificationReport report = SignedZoneVerifier.Verify(DomainName.Parse("alg13-nsec.example."), records);

        Assert.False(report.IsValid);
        Assert.Contains(report.Problems, p => p.Contains($"{original.Name} A", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("bind-signed/alg13-nsec.example.signed", "alg13-nsec.example.")]
    [InlineData("bind-signed/alg8-nsec3.example.signed", "alg8-nsec3.example.")]
    public void Verify_BindZone_DenialChainIsComplete(string file, string origin)
    {
        ZoneVerificationReport report = SignedZoneVerifier.Verify(DomainName.Parse(origin), Load(file, origin));

        Assert.Equal(DenialChainStatus.Complete, report.Chain);
        Assert.Equal(0, report.InvalidSignatures);
    }

    [Theory]
    [InlineData("bind-signed/alg13-nsec.example.signed", "alg13-nsec.example.", RecordType.NSEC)]
    [InlineData("bind-signed/alg8-nsec3.example.signed", "alg8-nsec3.example.", RecordType.NSEC3)]
    [InlineData("bind-signed/alg15-nsec3.example.signed", "alg15-nsec3.example.", RecordType.NSEC3)]
    public void Verify_OneDenialRecordRemoved_ChainIsBroken(string file, string origin, RecordType denialType)
    {
        var records = Load(file, origin).ToList();
        ResourceRecord removed = records.Where(r => r.Type == denialType).Skip(1).First();
        records.RemoveAll(r => r.Name == removed.Name && (r.Type == denialType || r.Data is RrsigRdata { TypeCovered: var covered } && covered == denialType));

        ZoneVerificationReport report = SignedZoneVerifier.Verify(DomainName.Parse(origin), records);

        Assert.Equal(DenialChainStatus.Broken, report.Chain);
        Assert.False(report.IsValid);
        Assert.Equal(0, report.InvalidSignatures);
    }

    [Fact]
    public void Verify_NsecBitmapWithoutAType_ChainIsBrokenAndNamesTheType()
    {
        var records = Load("bind-signed/alg13-nsec.example.signed", "alg13-nsec.example.").ToList();
        int index = records.FindIndex(r => r.Data is NsecRdata nsec && nsec.Types.Contains(RecordType.A));
        var nsec = (NsecRdata)records[index].Data;
        records[index] = records[index] with { Data = new NsecRdata(nsec.NextDomainName, new TypeBitmap(nsec.Types.Where(t => t != RecordType.A))) };

        ZoneVerificationReport report = SignedZoneVerifier.Verify(DomainName.Parse("alg13-nsec.example."), records);

        Assert.Equal(DenialChainStatus.Broken, report.Chain);
        Assert.Contains(report.Problems, p => p.Contains("lacks A", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_NoDenialRecords_ChainIsBroken()
    {
        var records = Load("bind-signed/alg13-nsec.example.signed", "alg13-nsec.example.")
            .Where(r => r.Type != RecordType.NSEC && r.Data is not RrsigRdata { TypeCovered: RecordType.NSEC });

        ZoneVerificationReport report = SignedZoneVerifier.Verify(DomainName.Parse("alg13-nsec.example."), records);

        Assert.Equal(DenialChainStatus.Broken, report.Chain);
        Assert.Contains(report.Problems, p => p.Contains("neither an NSEC nor an NSEC3", StringComparison.Ordinal));
    }

    [Fact]
    public void VerifyRRsets_SignedRRsetWithItsKey_VerifiesAndChainIsNotApplicable()
    {
        var records = Load("bind-signed/alg13-nsec.example.signed", "alg13-nsec.example.")
            .Where(r => r.Type == RecordType.DNSKEY || r.Name == DomainName.Parse("www.alg13-nsec.example.")).ToList();

        ZoneVerificationReport report = SignedZoneVerifier.VerifyRRsets(records);

        Assert.True(report.IsValid, report.ToString());
        Assert.Equal(DenialChainStatus.NotApplicable, report.Chain);
        Assert.Equal(records.Count(r => r.Type == RecordType.RRSIG), report.ValidSignatures);
    }

    [Fact]
    public void Verify_SignatureOnGlue_IsReported()
    {
        SignedZone zone = new ZoneSigner().Sign(SigningTestZone.Origin, SigningTestZone.Text);
        ResourceRecord wwwSignature = SigningTestZone.RrsigsOf(zone, "www", RecordType.A).Single();
        ResourceRecord onGlue = wwwSignature with { Name = SigningTestZone.Name("ns.insecure") };

        ZoneVerificationReport report = SignedZoneVerifier.Verify(zone.Origin, [.. zone.Records, onGlue]);

        Assert.Contains(report.Problems, p => p.Contains("not authoritative", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_ZoneWithoutKeys_IsReported()
    {
        SignedZone zone = new ZoneSigner().Sign(SigningTestZone.Origin, SigningTestZone.Text);

        ZoneVerificationReport report = SignedZoneVerifier.Verify(zone.Origin, zone.Records.Where(r => r.Type != RecordType.DNSKEY));

        Assert.False(report.IsValid);
        Assert.Contains(report.Problems, p => p.Contains("no DNSKEY", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DnssecAlgorithm.RsaSha256, "-3", "")]
    [InlineData(DnssecAlgorithm.EcdsaP384Sha384, "-3", "-A")]
    [InlineData(DnssecAlgorithm.Ed25519, "", "")]
    [InlineData(DnssecAlgorithm.Ed448, "", "")]
    public void Verify_ZoneBindSignedWithOurExportedKeyFiles_EverySignatureVerifies(DnssecAlgorithm algorithm, string nsec3, string optOut)
    {
        string signzone = RequiredTool.Find("dnssec-signzone", "bind9-utils");
        DomainName origin = SigningTestZone.Origin;
        using SigningKey ksk = SigningKey.Generate(algorithm, SigningKeyRole.KeySigningKey);
        using SigningKey zsk = SigningKey.Generate(algorithm, SigningKeyRole.ZoneSigningKey);
        var created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (SigningKey key in new[] { ksk, zsk })
        {
            string stem = Path.Combine(_directory, key.GetBindFileStem(origin));
            File.WriteAllText(stem + ".key", key.ToBindPublicKeyFile(origin));
            File.WriteAllText(stem + ".private", key.ToBindPrivateKeyFile(created));
        }

        string zoneFile = Path.Combine(_directory, "unsigned.zone");
        File.WriteAllText(zoneFile, $"$ORIGIN {origin}\n{SigningTestZone.Text}\n{new ZoneSigner().Sign(origin, SigningTestZone.Text).Records.Where(r => r.Type == RecordType.SOA).Single()}\n");
        string signedFile = Path.Combine(_directory, "signed.zone");
        var arguments = new List<string> { "-K", _directory, "-o", origin.ToString(), "-S", "-x", "-f", signedFile };
        if (nsec3.Length > 0)
        {
            arguments.AddRange(["-3", "BEEF"]);
        }

        if (optOut.Length > 0)
        {
            arguments.Add(optOut);
        }

        arguments.Add(zoneFile);

        (int exitCode, string output) = ExternalTool.Run(signzone, [.. arguments]);

        Assert.True(exitCode == 0, $"dnssec-signzone failed (exit {exitCode}):\n{output}");
        IReadOnlyList<ResourceRecord> signed = ZoneFileReader.ReadFile(signedFile, new ZoneFileReaderOptions { Origin = origin });
        ZoneVerificationReport report = SignedZoneVerifier.Verify(origin, signed);
        Assert.True(report.IsValid, report.ToString());
        Assert.Contains(signed, r => r.Data is RrsigRdata s && s.TypeCovered == RecordType.DNSKEY && s.KeyTag == ksk.KeyTag);
        Assert.Contains(signed, r => r.Data is RrsigRdata s && s.TypeCovered == RecordType.SOA && s.KeyTag == zsk.KeyTag);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static IReadOnlyList<ResourceRecord> Load(string file, string origin) =>
        ZoneFileReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "TestData", file), new ZoneFileReaderOptions { Origin = DomainName.Parse(origin) });
}
