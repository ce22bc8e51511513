using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Signatures;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Tests.Dnssec.Replay;

namespace DnsSecure.Tests.Dnssec.Signatures;

public sealed class RrsetVerifierTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Inception = Now.AddDays(-7);
    private static readonly DateTimeOffset Expiration = Now.AddDays(7);
    private readonly TestSigner _signer = new("example.");
    private readonly ManualTimeProvider _clock = new(Now);

    public void Dispose() => _signer.Dispose();

    private static DomainName N(string s) => DomainName.Parse(s);

    private static RRSet ARecords(string owner = "www.example.", uint ttl = 300) =>
        new(N(owner), RecordClass.IN, ttl, [ResourceRecord.Parse($"x. A 192.0.2.1").Data, ResourceRecord.Parse($"x. A 192.0.2.2").Data]);

    private RrsetVerifier Verifier(ValidatorOptions? options = null) => new(options, _clock);

    [Fact]
    public void Verify_ValidSignature_IsSecureAndNamesKey()
    {
        RRSet rrset = ARecords();
        RrsigRdata sig = _signer.Sign(rrset, Inception, Expiration);
        SignatureCheck check = Verifier().Verify(rrset, [sig], [_signer.Dnskey], _signer.Zone);
        Assert.True(check.IsSecure, check.ToString());
        Assert.Same(sig, check.Rrsig);
        Assert.Same(_signer.Dnskey, check.Key);
        Assert.Equal(1, check.Verifications);
        Assert.Equal(300u, check.Ttl);
    }

    [Fact]
    public void Verify_ExpiredRrsig_IsBogusWithEde7()
    {
        RRSet rrset = ARecords();
        RrsigRdata sig = _signer.Sign(rrset, Now.AddDays(-30), Now.AddDays(-1));
        SignatureCheck check = Verifier().Verify(rrset, [sig], [_signer.Dnskey], _signer.Zone);
        Assert.Equal(DnssecStatus.Bogus, check.Status);
        Assert.Equal(ExtendedDnsErrorCode.SignatureExpired, check.Failure!.ExtendedDnsError);
        Assert.Equal(0, check.Verifications);
    }

    [Fact]
    public void Verify_NotYetValidRrsig_IsBogusWithEde8()
    {
        RRSet rrset = ARecords();
        RrsigRdata sig = _signer.Sign(rrset, Now.AddDays(1), Now.AddDays(30));
        Assert.Equal(ExtendedDnsErrorCode.SignatureNotYetValid, Verifier().Verify(rrset, [sig], [_signer.Dnskey], _signer.Zone).Failure!.ExtendedDnsError);
    }

    [Fact]
    public void Verify_ExpiredWithinSkew_IsSecure()
    {
        RRSet rrset = ARecords();
        RrsigRdata sig = _signer.Sign(rrset, Now.AddDays(-30), Now.AddMinutes(-2));
        Assert.True(Verifier().Verify(rrset, [sig], [_signer.Dnskey], _signer.Zone).IsSecure);
        Assert.False(Verifier(new ValidatorOptions { SignatureClockSkew = TimeSpan.Zero }).Verify(rrset, [sig], [_signer.Dnskey], _signer.Zone).IsSecure);
    }

    [Fact]
    public void Verify_ClockMovesPastExpiration_BecomesBogus()
    {
        RRSet rrset = ARecords();
        RrsigRdata sig = _signer.Sign(rrset, Inception, Expiration);
        RrsetVerifier verifier = Verifier();
        Assert.True(verifier.Verify(rrset, [sig], [_signer.Dnskey], _signer.Zone).IsSecure);
        _clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(ValidationFailureKind.SignatureExpired, verifier.Verify(rrset, [sig], [_signer.Dnskey], _signer.Zone).Failure!.Kind);
    }

    [Fact]
    public void Verify_TamperedData_IsBogusSignatureInvalid()
    {
        RrsigRdata sig = _signer.Sign(ARecords(), Inception, Expiration);
        RRSet tampered = new(N("www.example."), RecordClass.IN, 300, [ResourceRecord.Parse("x. A 192.0.2.99").Data]);
        SignatureCheck check = Verifier().Verify(tampered, [sig], [_signer.Dnskey], _signer.Zone);
        Assert.Equal(ValidationFailureKind.SignatureInvalid, check.Failure!.Kind);
        Assert.Equal(ExtendedDnsErrorCode.DnssecBogus, check.Failure.ExtendedDnsError);
        Assert.Equal(1, check.Verifications);
    }

    [Fact]
    public void Verify_ChangedOriginalTtl_IsBogus()
    {
        RRSet rrset = ARecords();
        RrsigRdata sig = _signer.Sign(rrset, Inception, Expiration);
        var changed = new RrsigRdata(sig.TypeCovered, sig.Algorithm, sig.Labels, sig.OriginalTtl + 1, sig.SignatureExpiration, sig.SignatureInception, sig.KeyTag, sig.SignerName, sig.Signature);
        Assert.Equal(ValidationFailureKind.SignatureInvalid, Verifier().Verify(rrset, [changed], [_signer.Dnskey], _signer.Zone).Failure!.Kind);
    }

    [Fact]
    public void Verify_TtlAboveOriginalTtl_IsCappedToOriginal()
    {
        RRSet signedWith = ARecords(ttl: 60);
        RrsigRdata sig = _signer.Sign(signedWith, Inception, Expiration);
        SignatureCheck check = Verifier().Verify(ARecords(ttl: 86400), [sig], [_signer.Dnskey], _signer.Zone);
        Assert.True(check.IsSecure);
        Assert.Equal(60u, check.Ttl);
    }

    [Fact]
    public void Verify_NoRrsig_IsBogusWithEde10()
    {
        SignatureCheck check = Verifier().Verify(ARecords(), [], [_signer.Dnskey], _signer.Zone);
        Assert.Equal(ExtendedDnsErrorCode.RrsigsMissing, check.Failure!.ExtendedDnsError);
        Assert.Equal(0, check.SignaturesTried);
    }

    [Fact]
    public void Verify_RrsigForOtherType_IsIgnored()
    {
        RRSet rrset = ARecords();
        RrsigRdata sig = _signer.Sign(rrset, Inception, Expiration);
        RRSet txt = new(N("www.example."), RecordClass.IN, 300, [ResourceRecord.Parse("x. TXT hello").Data]);
        Assert.Equal(ValidationFailureKind.MissingSignature, Verifier().Verify(txt, [sig], [_signer.Dnskey], _signer.Zone).Failure!.Kind);
    }

    [Fact]
    public void Verify_SignerIsNotTheZone_IsBogus()
    {
        RRSet rrset = ARecords();
        RrsigRdata sig = _signer.Sign(rrset, Inception, Expiration, signer: N("other."));
        Assert.Equal(ValidationFailureKind.SignatureMalformed, Verifier().Verify(rrset, [sig], [_signer.Dnskey], _signer.Zone).Failure!.Kind);
    }

    [Fact]
    public void Verify_OwnerOutsideSignerZone_IsBogus()
    {
        RRSet rrset = ARecords("www.other.");
        RrsigRdata sig = _signer.Sign(rrset, Inception, Expiration);
        Assert.Equal(ValidationFailureKind.SignatureMalformed, Verifier().Verify(rrset, [sig], [_signer.Dnskey], _signer.Zone).Failure!.Kind);
    }

    [Fact]
    public void Verify_LabelsAboveOwnerLabels_IsBogus()
    {
        RRSet rrset = ARecords();
        RrsigRdata sig = _signer.Sign(ARecords("a.www.example."), Inception, Expiration);
        Assert.Equal(ValidationFailureKind.SignatureMalformed, Verifier().Verify(rrset, [sig], [_signer.Dnskey], _signer.Zone).Failure!.Kind);
    }

    [Fact]
    public void Verify_WildcardExpansion_IsSecure()
    {
        // Signed as *.example. (Labels 1); answered for www.example.
        RrsigRdata sig = _signer.Sign(ARecords("*.example."), Inception, Expiration);
        Assert.Equal(1, sig.Labels);
        Assert.True(Verifier().Verify(ARecords("www.example."), [sig], [_signer.Dnskey], _signer.Zone).IsSecure);
        Assert.True(Verifier().Verify(ARecords("a.b.example."), [sig], [_signer.Dnskey], _signer.Zone).IsSecure);
    }

    [Fact]
    public void Verify_PlainAnswerRrset_IsNotRememberedButAWildcardExpansionAndADenialAre()
    {
        // Only checks that recur are remembered: a plain answer RRset is checked once per TTL (its validated answer is cached).
        var remembered = new DnsSecure.Dnssec.Algorithms.VerifiedSignatureCache(64);
        var verifier = new RrsetVerifier(null, _clock, new DnsSecure.Dnssec.Algorithms.SignatureVerifier(verified: remembered));

        RRSet plain = ARecords("www.example.");
        Assert.True(verifier.Verify(plain, [_signer.Sign(plain, Inception, Expiration)], [_signer.Dnskey], _signer.Zone).IsSecure);
        Assert.Equal(0, remembered.Count);

        RrsigRdata wildcard = _signer.Sign(ARecords("*.example."), Inception, Expiration);
        Assert.True(verifier.Verify(ARecords("a.example."), [wildcard], [_signer.Dnskey], _signer.Zone).IsSecure);
        Assert.Equal(1, remembered.Count);
        Assert.True(verifier.Verify(ARecords("b.example."), [wildcard], [_signer.Dnskey], _signer.Zone).IsSecure);
        Assert.Equal(1, remembered.Count); // the second expansion is the same check, answered from the record

        var nsec = new RRSet(N("a.example."), RecordClass.IN, 300, [ResourceRecord.Parse("a.example. NSEC c.example. A RRSIG NSEC").Data]);
        Assert.True(verifier.Verify(nsec, [_signer.Sign(nsec, Inception, Expiration)], [_signer.Dnskey], _signer.Zone).IsSecure);
        Assert.Equal(2, remembered.Count);
    }

    [Fact]
    public void Verify_KeyWithoutZoneFlag_IsBogusWithEde11()
    {
        using var signer = new TestSigner("example.", flags: 1);
        RRSet rrset = ARecords();
        RrsigRdata sig = signer.Sign(rrset, Inception, Expiration);
        Assert.Equal(ExtendedDnsErrorCode.NoZoneKeyBitSet, Verifier().Verify(rrset, [sig], [signer.Dnskey], signer.Zone).Failure!.ExtendedDnsError);
    }

    [Fact]
    public void Verify_KeyTagMatchesNoKey_IsBogusWithEde9()
    {
        RRSet rrset = ARecords();
        RrsigRdata sig = _signer.Sign(rrset, Inception, Expiration, keyTag: (ushort)(_signer.Dnskey.KeyTag + 1));
        Assert.Equal(ExtendedDnsErrorCode.DnskeyMissing, Verifier().Verify(rrset, [sig], [_signer.Dnskey], _signer.Zone).Failure!.ExtendedDnsError);
    }

    [Fact]
    public void Verify_SecondSignatureValid_IsSecure()
    {
        using var other = new TestSigner("example.");
        RRSet rrset = ARecords();
        RrsigRdata bad = other.Sign(rrset, Inception, Expiration);
        RrsigRdata good = _signer.Sign(rrset, Inception, Expiration);
        SignatureCheck check = Verifier().Verify(rrset, [bad, good], [_signer.Dnskey], _signer.Zone);
        Assert.True(check.IsSecure);
        Assert.Equal(2, check.SignaturesTried);
    }

    [Fact]
    public void Verify_KeyTagCollisions_StopAtLimit()
    {
        // KeyTrap (CVE-2023-50387): many keys share the signature's key tag; only MaxKeyTagCollisions are tried.
        RRSet rrset = ARecords();
        RrsigRdata sig = _signer.Sign(rrset, Inception, Expiration);
        List<DnskeyRdata> keys = [.. CollidingKeys(_signer.Dnskey, 10), _signer.Dnskey];

        SignatureCheck limited = Verifier(new ValidatorOptions { MaxKeyTagCollisions = 4 }).Verify(rrset, [sig], keys, _signer.Zone);
        Assert.Equal(ValidationFailureKind.WorkLimitExceeded, limited.Failure!.Kind);
        Assert.Equal(4, limited.Verifications);

        SignatureCheck generous = Verifier(new ValidatorOptions { MaxKeyTagCollisions = 16, MaxVerificationsPerRrset = 16 }).Verify(rrset, [sig], keys, _signer.Zone);
        Assert.True(generous.IsSecure);
        Assert.Equal(11, generous.Verifications);
    }

    [Fact]
    public void Verify_ManySignatures_StopAtLimit()
    {
        using var other = new TestSigner("example.");
        RRSet rrset = ARecords();
        var sigs = Enumerable.Range(0, 10).Select(i => other.Sign(rrset, Inception.AddSeconds(i), Expiration)).ToList();
        SignatureCheck check = Verifier(new ValidatorOptions { MaxSignaturesPerRrset = 3 }).Verify(rrset, sigs, [other.Dnskey], other.Zone);
        Assert.True(check.IsSecure); // the first one is valid
        var bogus = sigs.Select(s => new RrsigRdata(s.TypeCovered, s.Algorithm, s.Labels, s.OriginalTtl, s.SignatureExpiration, s.SignatureInception, s.KeyTag, s.SignerName, new byte[64])).ToList();
        SignatureCheck limited = Verifier(new ValidatorOptions { MaxSignaturesPerRrset = 3 }).Verify(rrset, bogus, [other.Dnskey], other.Zone);
        Assert.Equal(ValidationFailureKind.WorkLimitExceeded, limited.Failure!.Kind);
        Assert.Equal(3, limited.SignaturesTried);
    }

    [Fact]
    public void Verify_RootDnskeyFromNlnetSuite_IsSecure()
    {
        // A real RSASHA256 root DNSKEY RRset and its self-signature, at the scenario's validation time.
        ReplayScenario scenario = ReplayParser.ParseFile(Path.Combine(ReplayParserTests.SuiteDirectory, "val_minimal_noerror.rpl"));
        ReplayEntry entry = scenario.Ranges.SelectMany(r => r.Entries).First(e => e.Question[0].Type == RecordType.DNSKEY && e.Question[0].Name.IsRoot);
        RRSet keys = RRSet.Create(entry.Answer.Where(r => r.Type == RecordType.DNSKEY));
        var sigs = RrsetVerifier.SelectSignatures(entry.Answer, DomainName.Root, RecordType.DNSKEY).ToList();
        var verifier = new RrsetVerifier(null, new ManualTimeProvider(scenario.Config.ValidationTime!.Value));

        SignatureCheck check = verifier.Verify(keys, sigs, keys.Data.Cast<DnskeyRdata>(), DomainName.Root);

        Assert.True(check.IsSecure, check.ToString());
        Assert.Equal(DnssecAlgorithm.RsaSha256, check.Key!.Algorithm);
        Assert.True(new RrsetVerifier(null, new ManualTimeProvider(scenario.Config.ValidationTime!.Value.AddYears(1))).Verify(keys, sigs, keys.Data.Cast<DnskeyRdata>(), DomainName.Root).Failure!.Kind == ValidationFailureKind.SignatureExpired);
    }

    /// <summary>DNSKEYs of the same algorithm and key tag as <paramref name="key"/> but other (random) public keys.</summary>
    private static IEnumerable<DnskeyRdata> CollidingKeys(DnskeyRdata key, int count)
    {
        var random = new Random(1);
        for (int n = 0; n < count; n++)
        {
            byte[] pub = new byte[key.PublicKey.Length];
            random.NextBytes(pub);
            for (int v = 0; v <= ushort.MaxValue; v++)
            {
                pub[^2] = (byte)(v >> 8);
                pub[^1] = (byte)v;
                var candidate = new DnskeyRdata(key.Flags, key.Protocol, key.Algorithm, pub);
                if (candidate.KeyTag == key.KeyTag)
                {
                    yield return candidate;
                    break;
                }
            }
        }
    }
}
