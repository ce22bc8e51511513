using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.Signatures;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Records;
using DnsSecure.Resolution;

namespace DnsSecure.Tests.Dnssec;

/// <summary>
/// The signed <c>example.</c> zone of an RFC appendix (tests/TestData/&lt;suite&gt;): its DNSKEY response, a time inside
/// its signatures' validity window, and the checks the Appendix B tests run on each example response — every RRSIG
/// verifies with the appendix keys, and the validating resolver anchored at the appendix KSK resolves the question
/// from the example response alone.
/// </summary>
internal sealed class AppendixExampleZone
{
    private readonly string _suite;
    private readonly DateTimeOffset _inWindow;

    public AppendixExampleZone(string suite, DateTimeOffset inWindow)
    {
        _suite = suite;
        _inWindow = inWindow;
        Keys = ExampleResponse.Load(suite, "appendix-a-dnskey.txt");
        Dnskeys = [.. Keys.Answers.Select(r => r.Data).OfType<DnskeyRdata>()];
    }

    public DomainName Apex { get; } = DomainName.Parse("example.");

    /// <summary>The appendix's DNSKEY response (answer: the DNSKEY RRset and its RRSIGs).</summary>
    public DnsMessage Keys { get; }

    public IReadOnlyList<DnskeyRdata> Dnskeys { get; }

    /// <summary>One of the suite's example responses (a file name of tests/TestData/&lt;suite&gt;).</summary>
    public DnsMessage Load(string file) => ExampleResponse.Load(_suite, file);

    public RrsetVerifier Verifier() => new(null, new ManualTimeProvider(_inWindow));

    /// <summary>Checks every signed RRset of every section with the appendix keys; returns how many there were.</summary>
    public int AssertEverySignatureVerifies(DnsMessage response)
    {
        int signed = 0;
        foreach (var section in new[] { response.Answers, response.Authorities, response.Additionals })
        {
            var split = MessageSections.Split(section);
            foreach (RRSet rrset in split.RrSets)
            {
                IReadOnlyList<RrsigRdata> rrsigs = split.SignaturesFor(rrset.Name, rrset.Type);
                if (rrsigs.Count == 0)
                {
                    continue;
                }

                SignatureCheck check = Verifier().Verify(rrset, rrsigs, Dnskeys, Apex);
                Assert.True(check.Status == DnssecStatus.Secure, $"{rrset.Name} {rrset.Type}: {check.Failure}");
                signed++;
            }
        }

        return signed;
    }

    /// <summary>The response's authority records of <paramref name="type"/> (its NSEC or NSEC3 proof).</summary>
    public static List<ResourceRecord> Authorities(DnsMessage response, RecordType type) => [.. response.Authorities.Where(r => r.Type == type)];

    /// <summary>Resolves the response's question through the validating resolver, at <paramref name="at"/> or inside the window.</summary>
    public async Task<ValidatedLookup> ResolveAsync(DnsMessage response, DateTimeOffset? at = null)
    {
        var anchors = TrustAnchorStore.Empty.Add(new TrustAnchor(Apex, dnskeys: Dnskeys.Where(k => k.IsSecureEntryPoint)));
        var resolver = new ValidatingResolver(new StubDataSource(new ExampleUpstream(response, Keys)), anchors, null, new ManualTimeProvider(at ?? _inWindow));
        return await resolver.ResolveAsync(response.Questions[0].Name, response.Questions[0].Type);
    }

    /// <summary>Resolves the response's question inside the window and asserts the verdict and the response code.</summary>
    public async Task<ValidatedLookup> AssertResolvesAsync(DnsMessage response, DnssecStatus status, ResponseCode responseCode)
    {
        ValidatedLookup result = await ResolveAsync(response);
        Assert.Equal((status, responseCode), (result.Status, result.ResponseCode));
        return result;
    }

    /// <summary>Answers the example's question with the example response and the DNSKEY query with the appendix keys.</summary>
    private sealed class ExampleUpstream(DnsMessage response, DnsMessage keys) : IStubResolver
    {
        public ValueTask<LookupResult> LookupAsync(DnsQuestion question, LookupOptions? options = null, CancellationToken cancellationToken = default)
        {
            DnsMessage? answer = question == response.Questions[0] ? response
                : question == keys.Questions[0] ? keys
                : null;
            return ValueTask.FromResult(new LookupResult { Question = question, Status = answer is null ? LookupStatus.Timeout : LookupStatus.Success, Response = answer });
        }
    }
}
