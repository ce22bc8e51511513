using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Tests.Dnssec;

namespace DnsSecure.Tests.Resolution;

/// <summary>
/// One signed zone (the root by default) whose responses a test writes message by message: records given in presentation
/// format are signed with a fresh key (or left unsigned), and the validator under test asks through
/// <see cref="IDnssecDataSource"/>. Questions without a scripted response fail (as a timeout would). Every question asked
/// is recorded.
/// </summary>
internal sealed class ScriptedZone : IDnssecDataSource, IDisposable
{
    public static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TestSigner _signer;
    private readonly Dictionary<(DomainName, RecordType), DnsMessage> _responses = [];

    public ScriptedZone(string zone = ".")
    {
        _signer = new TestSigner(zone);
        Time = new ManualTimeProvider(Now);
        Respond(zone, RecordType.DNSKEY, Signed(new ResourceRecord(_signer.Zone, RecordClass.IN, 3600, _signer.Dnskey)));
    }

    public ManualTimeProvider Time { get; }

    public DomainName Zone => _signer.Zone;

    public List<DnsQuestion> Queries { get; } = [];

    /// <summary>The key tag of the zone's key (the trust anchor).</summary>
    public ushort KeyTag => _signer.Dnskey.KeyTag;

    public TrustAnchorStore Anchors()
    {
        byte[] digest = DsDigest.Compute(DigestType.Sha256, Zone, _signer.Dnskey.ToWire())!;
        return TrustAnchorStore.Empty.Add(new TrustAnchor(Zone, [new DsRdata(_signer.Dnskey.KeyTag, _signer.Dnskey.Algorithm, DigestType.Sha256, digest)]));
    }

    public ValidatingResolver Resolver(ValidatingResolverOptions? options = null, TrustAnchorStore? anchors = null) => new(this, anchors ?? Anchors(), options, Time);

    /// <summary>The records, each RRset followed by its RRSIG from the zone's key (valid for 30 days around <see cref="Now"/>).</summary>
    public ResourceRecord[] Signed(params string[] lines) => Signed([.. lines.Select(l => ResourceRecord.Parse(l))]);

    public ResourceRecord[] Signed(params ResourceRecord[] records)
    {
        var result = new List<ResourceRecord>();
        foreach (RRSet rrset in RRSet.Group(records))
        {
            result.AddRange(rrset.Records);
            result.Add(new ResourceRecord(rrset.Name, rrset.Ttl, _signer.Sign(rrset, Now.AddDays(-30), Now.AddDays(30))));
        }

        return [.. result];
    }

    public static ResourceRecord[] Unsigned(params string[] lines) => [.. lines.Select(l => ResourceRecord.Parse(l))];

    public void Respond(string qname, RecordType qtype, ResourceRecord[] answers, ResourceRecord[]? authorities = null, ResponseCode rcode = ResponseCode.NoError)
    {
        var name = DomainName.Parse(qname);
        _responses[(name, qtype)] = new DnsMessage
        {
            IsResponse = true, AuthoritativeAnswer = true, ResponseCode = rcode, Questions = [new DnsQuestion(name, qtype)],
            Answers = [.. answers], Authorities = [.. authorities ?? []],
        };
    }

    public ValueTask<DataSourceResponse> QueryAsync(DnsQuestion question, CancellationToken cancellationToken = default)
    {
        lock (Queries)
        {
            Queries.Add(question);
        }

        return ValueTask.FromResult(_responses.TryGetValue((question.Name, question.Type), out DnsMessage? message)
            ? DataSourceResponse.FromMessage(message)
            : DataSourceResponse.Failed("no scripted response"));
    }

    public int QueriesFor(string name, RecordType type)
    {
        lock (Queries)
        {
            return Queries.Count(q => q.Name == DomainName.Parse(name) && q.Type == type);
        }
    }

    public void Dispose() => _signer.Dispose();
}
