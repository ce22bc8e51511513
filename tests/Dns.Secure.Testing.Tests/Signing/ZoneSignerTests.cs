using DnsSecure.Dnssec;
using System.Security.Cryptography;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Testing.Signing;

namespace DnsSecure.Testing.Tests.Signing;

public sealed class ZoneSignerTests
{
    private static readonly DateTimeOffset s_now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DnssecAlgorithm.RsaSha1, DenialOfExistence.Nsec)]
    [InlineData(DnssecAlgorithm.RsaSha1Nsec3Sha1, DenialOfExistence.Nsec3)]
    [InlineData(DnssecAlgorithm.RsaSha256, DenialOfExistence.Nsec)]
    [InlineData(DnssecAlgorithm.RsaSha512, DenialOfExistence.Nsec3)]
    [InlineData(DnssecAlgorithm.EcdsaP256Sha256, DenialOfExistence.Nsec)]
    [InlineData(DnssecAlgorithm.EcdsaP384Sha384, DenialOfExistence.Nsec3)]
    [InlineData(DnssecAlgorithm.Ed25519, DenialOfExistence.Nsec)]
    [InlineData(DnssecAlgorithm.Ed448, DenialOfExistence.Nsec3)]
    public void Sign_EachAlgorithm_EverySignatureVerifies(DnssecAlgorithm algorithm, DenialOfExistence denial)
    {
        SignedZone zone = Sign(new ZoneSigningOptions { Algorithm = algorithm, Denial = denial, RsaKeySize = 1024, TimeProvider = new FixedTimeProvider(s_now) });

        ZoneVerificationReport report = SignedZoneVerifier.Verify(zone.Origin, zone.Records, s_now);

        Assert.True(report.IsValid, report.ToString());
        Assert.All(zone.Keys, k => Assert.Equal(algorithm, k.Algorithm));
        Assert.Equal(report.SignedRRsets * 1, report.ValidSignatures);
    }

    [Fact]
    public void Sign_KskAndZsk_KskSignsOnlyTheKeySetAndZskTheRest()
    {
        SignedZone zone = Sign(new ZoneSigningOptions());
        SigningKey ksk = zone.Keys.Single(k => k.Role == SigningKeyRole.KeySigningKey);
        SigningKey zsk = zone.Keys.Single(k => k.Role == SigningKeyRole.ZoneSigningKey);

        IEnumerable<RrsigRdata> rrsigs = zone.Records.Select(r => r.Data).OfType<RrsigRdata>();

        Assert.All(rrsigs, s => Assert.Equal(s.TypeCovered == RecordType.DNSKEY ? ksk.KeyTag : zsk.KeyTag, s.KeyTag));
        Assert.Equal(257, ksk.Dnskey.Flags);
        Assert.Equal(256, zsk.Dnskey.Flags);
        Assert.Equal(2, zone.Records.Count(r => r.Type == RecordType.DNSKEY));
    }

    [Fact]
    public void Sign_CombinedSigningKey_OneKeySignsEverything()
    {
        SignedZone zone = Sign(new ZoneSigningOptions { UseCombinedSigningKey = true, Algorithm = DnssecAlgorithm.Ed25519 });

        SigningKey csk = Assert.Single(zone.Keys);
        Assert.Equal(257, csk.Dnskey.Flags);
        Assert.All(zone.Records.Select(r => r.Data).OfType<RrsigRdata>(), s => Assert.Equal(csk.KeyTag, s.KeyTag));
        Assert.True(SignedZoneVerifier.Verify(zone.Origin, zone.Records).IsValid);
    }

    [Fact]
    public void Sign_GivenKeysOfTwoAlgorithms_SignsEachRRsetWithBoth()
    {
        using SigningKey ecdsa = SigningKey.Generate(DnssecAlgorithm.EcdsaP256Sha256, SigningKeyRole.CombinedSigningKey);
        using SigningKey ed448 = SigningKey.Generate(DnssecAlgorithm.Ed448, SigningKeyRole.CombinedSigningKey);
        var options = new ZoneSigningOptions();
        options.Keys.Add(ecdsa);
        options.Keys.Add(ed448);

        SignedZone zone = Sign(options);

        ZoneVerificationReport report = SignedZoneVerifier.Verify(zone.Origin, zone.Records);
        Assert.True(report.IsValid, report.ToString());
        Assert.Equal(2 * report.SignedRRsets, report.ValidSignatures);
        Assert.Equal(new[] { ecdsa, ed448 }, zone.Keys.ToArray());
    }

    [Fact]
    public void Sign_Delegations_LeaveNsAndGlueUnsignedButSignDs()
    {
        SignedZone zone = Sign(new ZoneSigningOptions());

        Assert.Single(SigningTestZone.RrsigsOf(zone, "secure", RecordType.DS));
        Assert.Empty(SigningTestZone.RrsigsOf(zone, "secure", RecordType.NS));
        Assert.Empty(SigningTestZone.RrsigsOf(zone, "ns.secure", RecordType.A));
        Assert.Empty(SigningTestZone.RrsigsOf(zone, "insecure", RecordType.NS));
        Assert.Empty(SigningTestZone.RrsigsOf(zone, "ns.insecure", RecordType.A));
        // A name below a DNAME is occluded too (RFC 6672 §2.4).
        Assert.Empty(SigningTestZone.RrsigsOf(zone, "hidden.redirect", RecordType.A));
        Assert.Single(SigningTestZone.RrsigsOf(zone, "redirect", RecordType.DNAME));
        // Glue stays in the zone.
        Assert.Contains(zone.Records, r => r.Name == SigningTestZone.Name("ns.insecure") && r.Type == RecordType.A);
    }

    [Fact]
    public void Sign_WildcardOwner_RrsigLabelsLeaveOutTheAsterisk()
    {
        SignedZone zone = Sign(new ZoneSigningOptions());

        var rrsig = (RrsigRdata)Assert.Single(SigningTestZone.RrsigsOf(zone, "*.wild", RecordType.TXT)).Data;

        // RFC 4034 §3.1.3: *.wild.signer.test. has 4 labels, the RRSIG says 3.
        Assert.Equal(3, rrsig.Labels);
    }

    [Fact]
    public void Sign_Nsec_ChainIsClosedOrderedAndSkipsGlueAndEmptyNonTerminals()
    {
        SignedZone zone = Sign(new ZoneSigningOptions());
        List<ResourceRecord> nsecs = zone.Records.Where(r => r.Type == RecordType.NSEC).ToList();

        string[] expectedOwners =
        [
            "signer.test.", "Mixed.Case.signer.test.", "a.b.deep.signer.test.", "insecure.signer.test.", "mail.signer.test.",
            "ns1.signer.test.", "child.x.opt.signer.test.", "redirect.signer.test.", "secure.signer.test.",
            "*.wild.signer.test.", "www.signer.test.",
        ];
        Assert.Equal(expectedOwners.Select(DomainName.Parse), nsecs.Select(r => r.Name));
        for (int i = 0; i < nsecs.Count; i++)
        {
            var nsec = (NsecRdata)nsecs[i].Data;
            Assert.Equal(nsecs[(i + 1) % nsecs.Count].Name, nsec.NextDomainName);
            Assert.True(nsecs[i].Name.CompareTo(nsecs[(i + 1) % nsecs.Count].Name) < 0 || i == nsecs.Count - 1);
            Assert.Equal(300u, nsecs[i].Ttl);
        }
    }

    [Theory]
    [InlineData("", "NS SOA MX RRSIG NSEC DNSKEY")]
    [InlineData("secure", "NS DS RRSIG NSEC")]
    [InlineData("insecure", "NS RRSIG NSEC")]
    [InlineData("www", "A AAAA RRSIG NSEC")]
    public void Sign_Nsec_BitmapListsTheAuthoritativeTypes(string relative, string types)
    {
        SignedZone zone = Sign(new ZoneSigningOptions());
        DomainName name = relative.Length == 0 ? SigningTestZone.Origin : SigningTestZone.Name(relative);

        var nsec = (NsecRdata)zone.Records.Single(r => r.Name == name && r.Type == RecordType.NSEC).Data;

        Assert.Equal(TypeBitmap.Parse(types), nsec.Types);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sign_Nsec3_ChainCoversEveryNameIncludingEmptyNonTerminals(bool optOut)
    {
        byte[] salt = [0xAB, 0xCD];
        SignedZone zone = Sign(new ZoneSigningOptions { Denial = DenialOfExistence.Nsec3, Nsec3Salt = salt, Nsec3Iterations = 3, Nsec3OptOut = optOut });
        List<ResourceRecord> nsec3s = zone.Records.Where(r => r.Type == RecordType.NSEC3).ToList();

        string[] names = ["", "ns1", "mail", "www", "*.wild", "wild", "a.b.deep", "b.deep", "deep", "Mixed.Case", "case", "secure", "redirect"];
        // Insecure delegations and the empty non-terminals only above them are left out with opt-out (RFC 5155 §7.1).
        string[] insecure = ["insecure", "child.x.opt", "x.opt", "opt"];
        IEnumerable<string> expected = optOut ? names : names.Concat(insecure);
        var expectedHashes = expected
            .Select(n => Nsec3Hash.Compute(n.Length == 0 ? SigningTestZone.Origin : SigningTestZone.Name(n), salt, 3))
            .Select(Convert.ToHexString).Order(StringComparer.Ordinal).ToList();
        var ownerHashes = nsec3s.Select(r => Nsec3Hash.TryGetOwnerHash(r.Name, out byte[]? h) ? Convert.ToHexString(h) : "?").ToList();
        Assert.Equal(expectedHashes, ownerHashes.Order(StringComparer.Ordinal).ToList());

        var byHash = nsec3s.ToDictionary(r => ownerHashes[nsec3s.IndexOf(r)]);
        for (int i = 0; i < expectedHashes.Count; i++)
        {
            var rdata = (Nsec3Rdata)byHash[expectedHashes[i]].Data;
            Assert.Equal(expectedHashes[(i + 1) % expectedHashes.Count], Convert.ToHexString(rdata.NextHashedOwnerName.Span));
            Assert.Equal(optOut, rdata.OptOut);
            Assert.Equal(3, rdata.Iterations);
            Assert.Equal(salt, rdata.Salt.ToArray());
        }

        var param = (Nsec3ParamRdata)zone.Records.Single(r => r.Type == RecordType.NSEC3PARAM).Data;
        Assert.Equal(0, param.Flags);
        Assert.Equal(3, param.Iterations);
        Assert.True(SignedZoneVerifier.Verify(zone.Origin, zone.Records).IsValid);
    }

    [Theory]
    [InlineData("", "NS SOA MX RRSIG DNSKEY NSEC3PARAM")]
    [InlineData("secure", "NS DS RRSIG")]
    [InlineData("insecure", "NS")]
    [InlineData("deep", "")]
    [InlineData("*.wild", "TXT RRSIG")]
    public void Sign_Nsec3_BitmapListsTheTypesOfTheOriginalName(string relative, string types)
    {
        SignedZone zone = Sign(new ZoneSigningOptions { Denial = DenialOfExistence.Nsec3 });
        DomainName name = relative.Length == 0 ? SigningTestZone.Origin : SigningTestZone.Name(relative);
        DomainName owner = Nsec3Hash.GetHashedOwnerName(Nsec3Hash.Compute(name, [], 0), SigningTestZone.Origin);

        var nsec3 = (Nsec3Rdata)zone.Records.Single(r => r.Name == owner && r.Type == RecordType.NSEC3).Data;

        Assert.Equal(types.Length == 0 ? TypeBitmap.Empty : TypeBitmap.Parse(types), nsec3.Types);
    }

    [Fact]
    public void Sign_ExpiredWindow_SignaturesVerifyButNotAtNow()
    {
        var options = new ZoneSigningOptions { Inception = s_now.AddDays(-20), Expiration = s_now.AddDays(-10) };

        SignedZone zone = Sign(options);

        Assert.True(SignedZoneVerifier.Verify(zone.Origin, zone.Records).IsValid);
        Assert.False(SignedZoneVerifier.Verify(zone.Origin, zone.Records, s_now).IsValid);
        Assert.True(SignedZoneVerifier.Verify(zone.Origin, zone.Records, s_now.AddDays(-15)).IsValid);
        Assert.All(zone.Records.Select(r => r.Data).OfType<RrsigRdata>(), s =>
        {
            Assert.Equal((uint)s_now.AddDays(-20).ToUnixTimeSeconds(), s.SignatureInception);
            Assert.Equal((uint)s_now.AddDays(-10).ToUnixTimeSeconds(), s.SignatureExpiration);
        });
    }

    [Fact]
    public void Sign_NotYetValidWindow_FailsAtNow()
    {
        SignedZone zone = Sign(new ZoneSigningOptions { Inception = s_now.AddDays(1), Expiration = s_now.AddDays(2) });

        Assert.False(SignedZoneVerifier.Verify(zone.Origin, zone.Records, s_now).IsValid);
    }

    [Fact]
    public void Sign_DefaultWindow_ComesFromTheTimeProvider()
    {
        SignedZone zone = Sign(new ZoneSigningOptions { TimeProvider = new FixedTimeProvider(s_now) });

        RrsigRdata rrsig = zone.Records.Select(r => r.Data).OfType<RrsigRdata>().First();
        Assert.Equal((uint)s_now.AddHours(-1).ToUnixTimeSeconds(), rrsig.SignatureInception);
        Assert.Equal((uint)s_now.AddDays(30).ToUnixTimeSeconds(), rrsig.SignatureExpiration);
    }

    [Fact]
    public void Sign_DsDigestTypes_GiveOneDsPerKskAndTypeMatchingTheKey()
    {
        var options = new ZoneSigningOptions();
        options.DsDigestTypes.Add(DigestType.Sha1);
        options.DsDigestTypes.Add(DigestType.Sha384);

        SignedZone zone = Sign(options);

        SigningKey ksk = zone.Keys.Single(k => k.SignsKeySet);
        Assert.Equal(3, zone.DsRecords.Length);
        foreach (ResourceRecord record in zone.DsRecords)
        {
            var ds = (DsRdata)record.Data;
            Assert.Equal(SigningTestZone.Origin, record.Name);
            Assert.Equal(ksk.KeyTag, ds.KeyTag);
            // RFC 4034 §5.1.4: digest(owner wire form, lowercased | DNSKEY RDATA).
            byte[] input = [.. SigningTestZone.Origin.ToLowerCase().WireForm, .. ksk.Dnskey.ToWire()];
            byte[] expected = ds.DigestType switch
            {
                DigestType.Sha1 => SHA1.HashData(input),
                DigestType.Sha256 => SHA256.HashData(input),
                _ => SHA384.HashData(input),
            };
            Assert.Equal(expected, ds.Digest.ToArray());
        }

        Assert.Equal([DigestType.Sha256, DigestType.Sha1, DigestType.Sha384], zone.DsRecords.Select(r => ((DsRdata)r.Data).DigestType));
    }

    [Fact]
    public void Sign_ZoneWithoutSoa_Throws()
    {
        var signer = new ZoneSigner();

        Assert.Throws<ArgumentException>(() => signer.Sign(SigningTestZone.Origin, "www 300 A 192.0.2.1"));
    }

    [Fact]
    public void Sign_RecordOutsideTheZone_Throws()
    {
        var signer = new ZoneSigner();

        Assert.Throws<ArgumentException>(() => signer.Sign(SigningTestZone.Origin, SigningTestZone.Text + "\nother.test. 300 A 192.0.2.1\n"));
    }

    [Fact]
    public void Sign_SignedZoneAsInput_ReplacesOldSignaturesAndChain()
    {
        SignedZone first = Sign(new ZoneSigningOptions { Denial = DenialOfExistence.Nsec3 });

        SignedZone second = new ZoneSigner(new ZoneSigningOptions { Expiration = s_now.AddDays(60), Inception = s_now })
            .Sign(first.Origin, first.Records.Where(r => r.Type != RecordType.DNSKEY));

        Assert.Empty(second.Records.Where(r => r.Type is RecordType.NSEC3 or RecordType.NSEC3PARAM));
        Assert.True(SignedZoneVerifier.Verify(second.Origin, second.Records, s_now.AddDays(1)).IsValid);
    }

    [Fact]
    public void Options_ExpirationBeforeInception_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ZoneSigner(new ZoneSigningOptions { Inception = s_now, Expiration = s_now.AddSeconds(-1) }));
    }

    [Fact]
    public void ToZoneText_ParsedBack_GivesTheSameRecords()
    {
        SignedZone zone = Sign(new ZoneSigningOptions { Denial = DenialOfExistence.Nsec3, Nsec3OptOut = true });

        var reread = new Text.ZoneFileReader(zone.ToZoneText()).ReadRecords().ToList();

        Assert.Equal(zone.Records, reread);
    }

    [Fact]
    public async Task Sign_OutputServedByAuthoritativeServer_AnswersWithSignaturesAndDenial()
    {
        SignedZone zone = Sign(new ZoneSigningOptions { Denial = DenialOfExistence.Nsec3, Algorithm = DnssecAlgorithm.Ed25519 });
        await using DnsSecure.Testing.Server.AuthoritativeServer server = await DnsSecure.Testing.Server.AuthoritativeServer.StartAsync([DnsSecure.Testing.Server.AuthoritativeZone.Create(zone.Origin, zone.Records)]);

        DnsMessage answer = await DnsTestClient.UdpAsync(server.EndPoint, DnsTestClient.Query("www.signer.test.", RecordType.A, dnssecOk: true));
        DnsMessage nxdomain = await DnsTestClient.UdpAsync(server.EndPoint, DnsTestClient.Query("nothing.signer.test.", RecordType.A, dnssecOk: true));

        Assert.Contains(answer.Answers, r => r.Type == RecordType.A);
        Assert.Contains(answer.Answers, r => r.Data is RrsigRdata s && s.TypeCovered == RecordType.A && s.KeyTag == zone.Keys[1].KeyTag);
        Assert.Equal(ResponseCode.NXDomain, nxdomain.ResponseCode);
        Assert.Contains(nxdomain.Authorities, r => r.Type == RecordType.NSEC3);
    }

    private static SignedZone Sign(ZoneSigningOptions options) =>
        new ZoneSigner(options).Sign(SigningTestZone.Origin, SigningTestZone.Text);

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
