using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Resolution;

namespace DnsSecure.Tests.Dnssec;

public sealed class ValidatingResolverTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DomainName Zone = DomainName.Parse("example.");
    private static readonly DomainName Www = DomainName.Parse("www.example.");
    private readonly TestSigner _signer = new("example.");
    private readonly FakeUpstream _upstream = new();

    public ValidatingResolverTests()
    {
        var keys = new RRSet(Zone, RecordClass.IN, 3600, [_signer.Dnskey]);
        _upstream.Answer(Zone, RecordType.DNSKEY, keys, _signer.Sign(keys, Now.AddDays(-1), Now.AddDays(30)));
    }

    public void Dispose() => _signer.Dispose();

    private TrustAnchorStore Anchors()
    {
        byte[] digest = DsDigest.Compute(DigestType.Sha256, Zone, _signer.Dnskey.ToWire())!;
        return TrustAnchorStore.Empty.Add(new TrustAnchor(Zone, [new DsRdata(_signer.Dnskey.KeyTag, _signer.Dnskey.Algorithm, DigestType.Sha256, digest)]));
    }

    private ValidatingResolver NewValidator(TrustAnchorStore? anchors = null) => new(new StubDataSource(_upstream), anchors ?? Anchors(), null, new ManualTimeProvider(Now));

    private static RRSet A(string address) => new(Www, RecordClass.IN, 300, [ResourceRecord.Parse("x. A " + address).Data]);

    [Fact]
    public async Task ValidateAsync_SignedAnswer_IsSecure()
    {
        _upstream.Answer(Www, RecordType.A, A("192.0.2.1"), _signer.Sign(A("192.0.2.1"), Now.AddDays(-1), Now.AddDays(30)));
        ValidatedLookup result = await NewValidator().ResolveAsync(Www, RecordType.A);
        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Single(result.RequireSecure().Answers, r => r.Type == RecordType.A);
    }

    [Fact]
    public async Task ValidateAsync_ForgedAnswer_IsBogus()
    {
        _upstream.Answer(Www, RecordType.A, A("192.0.2.66"), _signer.Sign(A("192.0.2.1"), Now.AddDays(-1), Now.AddDays(30)));
        ValidatedLookup result = await NewValidator().ResolveAsync(Www, RecordType.A);
        Assert.Equal(DnssecStatus.Bogus, result.Status);
        Assert.Equal(ValidationFailureKind.SignatureInvalid, result.Failure!.Kind);
        Assert.Throws<DnssecValidationException>(() => result.RequireSecure());
    }

    [Fact]
    public async Task ValidateAsync_ExpiredAnswer_IsBogusWithEde7()
    {
        _upstream.Answer(Www, RecordType.A, A("192.0.2.1"), _signer.Sign(A("192.0.2.1"), Now.AddDays(-30), Now.AddDays(-1)));
        ValidatedLookup result = await NewValidator().ResolveAsync(Www, RecordType.A);
        Assert.Equal(ExtendedDnsErrorCode.SignatureExpired, result.Failure!.ExtendedDnsError);
    }

    [Fact]
    public async Task ValidateAsync_StrippedSignature_IsBogus()
    {
        // At the apex of a signed zone an unsigned RRset can only be a stripped signature.
        var apexA = new RRSet(Zone, RecordClass.IN, 300, [ResourceRecord.Parse("x. A 192.0.2.1").Data]);
        _upstream.Answer(Zone, RecordType.A, apexA, null);
        ValidatedLookup result = await NewValidator().ResolveAsync(Zone, RecordType.A);
        Assert.Equal(DnssecStatus.Bogus, result.Status);
        Assert.Equal(ExtendedDnsErrorCode.RrsigsMissing, result.Failure!.ExtendedDnsError);
    }

    [Fact]
    public async Task ValidateAsync_DsMismatch_IsBogus()
    {
        _upstream.Answer(Www, RecordType.A, A("192.0.2.1"), _signer.Sign(A("192.0.2.1"), Now.AddDays(-1), Now.AddDays(30)));
        var wrong = TrustAnchorStore.Empty.Add(new TrustAnchor(Zone, [new DsRdata(_signer.Dnskey.KeyTag, _signer.Dnskey.Algorithm, DigestType.Sha256, new byte[32])]));
        ValidatedLookup result = await NewValidator(wrong).ResolveAsync(Www, RecordType.A);
        Assert.Equal(ValidationFailureKind.DsMismatch, result.Failure!.Kind);
    }

    [Theory]
    [InlineData(DnssecAlgorithm.DsaSha1, DigestType.Sha256, ExtendedDnsErrorCode.UnsupportedDnskeyAlgorithm)]
    [InlineData(DnssecAlgorithm.EcdsaP256Sha256, DigestType.Gost94, ExtendedDnsErrorCode.UnsupportedDsDigestType)]
    public async Task ValidateAsync_OnlyUnsupportedDs_IsInsecure(DnssecAlgorithm algorithm, DigestType digestType, ExtendedDnsErrorCode ede)
    {
        // RFC 4035 §5.2: a DS set with no supported algorithm or digest makes the zone insecure, not bogus.
        _upstream.Answer(Www, RecordType.A, A("192.0.2.1"), null);
        var anchors = TrustAnchorStore.Empty.Add(new TrustAnchor(Zone, [new DsRdata(1, algorithm, digestType, new byte[32])]));
        ValidatedLookup result = await NewValidator(anchors).ResolveAsync(Www, RecordType.A);
        Assert.Equal(DnssecStatus.Insecure, result.Status);
        Assert.Equal(ede, result.Failure!.ExtendedDnsError);
    }

    [Fact]
    public async Task ValidateAsync_NoAnchorCoversName_IsInsecureAsInUnbound()
    {
        _upstream.Answer(Www, RecordType.A, A("192.0.2.1"), null);
        var other = TrustAnchorStore.Empty.Add(new TrustAnchor(DomainName.Parse("other."), [RootTrustAnchors.Ksk2017]));
        ValidatedLookup result = await NewValidator(other).ResolveAsync(Www, RecordType.A);
        Assert.Equal(DnssecStatus.Insecure, result.Status);
        Assert.Equal(ExtendedDnsErrorCode.DnssecIndeterminate, result.Failure!.ExtendedDnsError);
    }

    [Fact]
    public async Task ValidateAsync_NegativeTrustAnchor_IsInsecure()
    {
        _upstream.Answer(Www, RecordType.A, A("192.0.2.1"), null);
        ValidatedLookup result = await NewValidator(Anchors().AddNegative(Zone)).ResolveAsync(Www, RecordType.A);
        Assert.Equal(DnssecStatus.Insecure, result.Status);
        Assert.Equal(ValidationFailureKind.NegativeTrustAnchor, result.Failure!.Kind);
    }

    [Fact]
    public async Task ValidateAsync_AnchoredKeyWithoutZoneKeyFlag_IsBogusWithEde11()
    {
        // RFC 4034 §2.1.1: a DNSKEY whose Zone Key bit is clear must not be used to verify RRSIGs, even when a DS names it.
        using var flagless = new TestSigner("example.", flags: 1);
        var upstream = new FakeUpstream();
        var keys = new RRSet(Zone, RecordClass.IN, 3600, [flagless.Dnskey]);
        upstream.Answer(Zone, RecordType.DNSKEY, keys, flagless.Sign(keys, Now.AddDays(-1), Now.AddDays(30)));
        upstream.Answer(Www, RecordType.A, A("192.0.2.1"), flagless.Sign(A("192.0.2.1"), Now.AddDays(-1), Now.AddDays(30)));
        byte[] digest = DsDigest.Compute(DigestType.Sha256, Zone, flagless.Dnskey.ToWire())!;
        var anchors = TrustAnchorStore.Empty.Add(new TrustAnchor(Zone, [new DsRdata(flagless.Dnskey.KeyTag, flagless.Dnskey.Algorithm, DigestType.Sha256, digest)]));

        ValidatedLookup result = await new ValidatingResolver(new StubDataSource(upstream), anchors, null, new ManualTimeProvider(Now)).ResolveAsync(Www, RecordType.A);

        Assert.Equal(DnssecStatus.Bogus, result.Status);
        Assert.Equal(ExtendedDnsErrorCode.NoZoneKeyBitSet, result.Failure!.ExtendedDnsError);
    }

    [Fact]
    public async Task ResolveAsync_SecondLookupFromCache_SameVerdictRecordsAndChainWithoutTheRawMessage()
    {
        _upstream.Answer(Www, RecordType.A, A("192.0.2.1"), _signer.Sign(A("192.0.2.1"), Now.AddDays(-1), Now.AddDays(30)));
        ValidatingResolver resolver = NewValidator();

        ValidatedLookup first = await resolver.ResolveAsync(Www, RecordType.A);
        long queries = resolver.UpstreamQueryCount;
        ValidatedLookup second = await resolver.ResolveAsync(Www, RecordType.A);

        Assert.Equal(queries, resolver.UpstreamQueryCount);
        Assert.NotNull(first.Response);
        Assert.Null(second.Response);
        Assert.Equal(DnssecStatus.Secure, second.Status);
        Assert.Equal(first.Answers, second.Answers);
        Assert.Equal(first.Chain, second.Chain);
        Assert.Equal(first.Ttl, second.Ttl);
    }

    [Fact]
    public async Task ResolveAsync_CachedAnswer_DoesNotKeepTheUpstreamMessageAlive()
    {
        _upstream.Answer(Www, RecordType.A, A("192.0.2.1"), _signer.Sign(A("192.0.2.1"), Now.AddDays(-1), Now.AddDays(30)));
        _upstream.CopyMessages = true;
        ValidatingResolver resolver = NewValidator();

        WeakReference message = await FirstLookupsMessageAsync(resolver);
        for (int i = 0; i < 3 && message.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(message.IsAlive, "the cache keeps the raw upstream message alive");
        Assert.Equal(DnssecStatus.Secure, (await resolver.ResolveAsync(Www, RecordType.A)).Status);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> FirstLookupsMessageAsync(ValidatingResolver resolver)
    {
        ValidatedLookup first = await resolver.ResolveAsync(Www, RecordType.A);
        return new WeakReference(first.Response ?? throw new InvalidOperationException("the first lookup has no message"));
    }

    [Fact]
    public async Task ValidateAsync_NoUpstreamResponse_IsIndeterminate()
    {
        ValidatedLookup result = await NewValidator().ResolveAsync(Www, RecordType.A);
        Assert.Equal(DnssecStatus.Indeterminate, result.Status);
        Assert.Equal(ResponseCode.ServFail, result.ResponseCode);
        Assert.Empty(result.Answers);
    }

    [Fact]
    public async Task ValidateAsync_UpstreamServfail_IsIndeterminateWithServfailRcode()
    {
        _upstream.Fail(Www, RecordType.A, ResponseCode.ServFail);
        ValidatedLookup result = await NewValidator().ResolveAsync(Www, RecordType.A);
        Assert.Equal(DnssecStatus.Indeterminate, result.Status);
        Assert.Equal(ResponseCode.ServFail, result.ResponseCode);
        Assert.Equal(ExtendedDnsErrorCode.NoReachableAuthority, result.Failure!.ExtendedDnsError);
    }

    [Fact]
    public async Task ValidateAsync_UpstreamRefused_IsIndeterminateWithServfailRcode()
    {
        // No server gave a usable answer: a validating resolver answers its own client SERVFAIL, whatever the upstream said.
        _upstream.Fail(Www, RecordType.A, ResponseCode.Refused);
        ValidatedLookup result = await NewValidator().ResolveAsync(Www, RecordType.A);
        Assert.Equal(DnssecStatus.Indeterminate, result.Status);
        Assert.Equal(ResponseCode.ServFail, result.ResponseCode);
        Assert.Contains("Refused", result.Failure!.Detail, StringComparison.Ordinal);
    }

    /// <summary>An upstream that answers from a table of RRsets.</summary>
    private sealed class FakeUpstream : IStubResolver
    {
        private readonly Dictionary<(DomainName, RecordType), DnsMessage> _answers = [];
        private readonly Dictionary<(DomainName, RecordType), DnsMessage> _failures = [];

        public void Answer(DomainName name, RecordType type, RRSet rrset, RrsigRdata? rrsig)
        {
            var answers = rrset.Records.ToList();
            if (rrsig is not null)
            {
                answers.Add(new ResourceRecord(name, rrset.Ttl, rrsig));
            }

            _answers[(name, type)] = new DnsMessage { IsResponse = true, Questions = [new DnsQuestion(name, type)], Answers = [.. answers] };
        }

        public void Fail(DomainName name, RecordType type, ResponseCode rcode) =>
            _failures[(name, type)] = new DnsMessage { IsResponse = true, ResponseCode = rcode, Questions = [new DnsQuestion(name, type)] };

        /// <summary>Answer with a fresh copy of the stored message each time (so that only the resolver can keep it alive).</summary>
        public bool CopyMessages { get; set; }

        public ValueTask<LookupResult> LookupAsync(DnsQuestion question, LookupOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (_failures.TryGetValue((question.Name, question.Type), out DnsMessage? failed))
            {
                // As the StubResolver reports an error RCODE from its last server: a failed lookup carrying that response.
                return ValueTask.FromResult(new LookupResult { Question = question, Status = LookupStatus.ServerFailure, Response = failed });
            }

            DnsMessage? response = _answers.GetValueOrDefault((question.Name, question.Type));
            if (CopyMessages && response is not null)
            {
                response = DnsMessage.Decode(response.Encode());
            }

            return ValueTask.FromResult(new LookupResult { Question = question, Status = response is null ? LookupStatus.Timeout : LookupStatus.Success, Response = response });
        }
    }
}
