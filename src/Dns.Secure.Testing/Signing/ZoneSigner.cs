using System.Collections.Immutable;
using DnsSecure.Dnssec;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Text;

namespace DnsSecure.Testing.Signing;

/// <summary>
/// Signs a zone for tests: adds the DNSKEY RRset, an RRSIG per signing key over every authoritative RRset, and an NSEC
/// or NSEC3 chain. Terms used here:
/// <list type="bullet">
/// <item><term>Zone cut</term><description>a name below the apex with NS records: a delegation. Only its DS RRset is
/// signed there; its NS RRset and all names below it (glue) are not authoritative (RFC 4035 §2.2).</description></item>
/// <item><term>Occluded name</term><description>a name below a zone cut or below a DNAME (RFC 6672 §2.4); kept in the
/// output, never signed, never in the denial chain.</description></item>
/// <item><term>Empty non-terminal</term><description>a name with no records but with names below it; NSEC3 gives it a
/// record (RFC 5155 §7.1), NSEC does not.</description></item>
/// </list>
/// </summary>
public sealed class ZoneSigner
{
    private readonly ImmutableArray<SigningKey> _keys;
    private readonly DnssecAlgorithm _algorithm;
    private readonly bool _combined;
    private readonly int _rsaKeySize;
    private readonly DenialOfExistence _denial;
    private readonly byte[] _salt;
    private readonly ushort _iterations;
    private readonly bool _optOut;
    private readonly DateTimeOffset? _inception;
    private readonly DateTimeOffset? _expiration;
    private readonly TimeProvider _timeProvider;
    private readonly uint? _dnskeyTtl;
    private readonly ImmutableArray<DigestType> _digestTypes;

    /// <summary>Creates a signer; the options are validated and copied.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent.</exception>
    public ZoneSigner(ZoneSigningOptions? options = null)
    {
        options ??= new ZoneSigningOptions();
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        if (options.Nsec3Salt.Length > byte.MaxValue)
        {
            throw new ArgumentException("An NSEC3 salt has at most 255 octets (RFC 5155 §3.1.5).", nameof(options));
        }

        if (options.Inception is { } i && options.Expiration is { } e && e <= i)
        {
            throw new ArgumentException("The signature expiration must follow the inception.", nameof(options));
        }

        foreach (DigestType digestType in options.DsDigestTypes)
        {
            if (!Dnssec.Algorithms.DsDigest.IsSupported(digestType))
            {
                throw new ArgumentException($"DS digest type {(byte)digestType} is not supported.", nameof(options));
            }
        }

        _keys = [.. options.Keys];
        _algorithm = options.Algorithm;
        _combined = options.UseCombinedSigningKey;
        _rsaKeySize = options.RsaKeySize;
        _denial = options.Denial;
        _salt = options.Nsec3Salt.ToArray();
        _iterations = options.Nsec3Iterations;
        _optOut = options.Nsec3OptOut;
        _inception = options.Inception;
        _expiration = options.Expiration;
        _timeProvider = options.TimeProvider;
        _dnskeyTtl = options.DnskeyTtl;
        _digestTypes = [.. options.DsDigestTypes];
    }

    /// <summary>Signs a zone given in presentation format; relative names are relative to <paramref name="origin"/>.
    /// Records without a TTL before any <c>$TTL</c> get 3600.</summary>
    /// <exception cref="DnsSecure.Wire.DnsFormatException">The text is not a valid zone file.</exception>
    /// <exception cref="ArgumentException">The zone has no SOA at the origin or holds names outside it.</exception>
    public SignedZone Sign(DomainName origin, string zoneText)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(zoneText);
        var reader = new ZoneFileReader(zoneText, new ZoneFileReaderOptions { Origin = origin, DefaultTtl = DefaultTtl });
        return Sign(origin, reader.ReadRecords());
    }

    /// <summary>Signs the zone <paramref name="origin"/> made of <paramref name="records"/>. RRSIG, NSEC, NSEC3 and
    /// NSEC3PARAM records in the input are dropped and made anew; DNSKEY records in the input are kept.</summary>
    /// <exception cref="ArgumentException">The zone has no SOA at the origin or holds names outside it.</exception>
    public SignedZone Sign(DomainName origin, IEnumerable<ResourceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(records);
        var zone = new ZoneContent(origin, records);
        ImmutableArray<SigningKey> keys = _keys.IsEmpty ? GenerateKeys() : _keys;
        uint inception = ToSerialTime(_inception ?? _timeProvider.GetUtcNow().AddHours(-1));
        uint expiration = ToSerialTime(_expiration ?? _timeProvider.GetUtcNow().AddDays(30));
        uint keyTtl = _dnskeyTtl ?? zone.Soa.Ttl;
        // RFC 9077 §3: the TTL of NSEC and NSEC3 records is the lower of the SOA TTL and the SOA MINIMUM field.
        uint denialTtl = Math.Min(zone.Soa.Ttl, ((SoaRdata)zone.Soa.Data).Minimum);

        foreach (SigningKey key in keys)
        {
            zone.Add(new ResourceRecord(origin, zone.Soa.Class, keyTtl, key.Dnskey));
        }

        if (_denial == DenialOfExistence.Nsec3)
        {
            // RFC 5155 §4: NSEC3PARAM at the apex, flags 0; BIND publishes it with TTL 0.
            zone.Add(new ResourceRecord(origin, zone.Soa.Class, 0, new Nsec3ParamRdata(Nsec3HashAlgorithm.Sha1, 0, _iterations, _salt)));
        }

        List<ResourceRecord> denial = _denial == DenialOfExistence.Nsec3
            ? BuildNsec3Chain(zone, denialTtl)
            : BuildNsecChain(zone, denialTtl);

        var output = new List<ResourceRecord>(zone.Records);
        output.AddRange(denial);
        var signatures = new List<ResourceRecord>();
        foreach (RRSet rrset in RRSet.Group(output))
        {
            if (zone.IsSigned(rrset.Name, rrset.Type))
            {
                SignRRSet(rrset, origin, keys, inception, expiration, signatures);
            }
        }

        output.AddRange(signatures);
        output.Sort(CompareForOutput);

        ImmutableArray<ResourceRecord>.Builder ds = ImmutableArray.CreateBuilder<ResourceRecord>();
        foreach (SigningKey key in KeysFor(keys, RecordType.DNSKEY))
        {
            foreach (DigestType digestType in _digestTypes)
            {
                ds.Add(new ResourceRecord(origin, zone.Soa.Class, keyTtl, key.ToDs(origin, digestType)));
            }
        }

        return new SignedZone(origin, [.. output], keys, ds.ToImmutable());
    }

    /// <summary>TTL for records of a zone text that gives none.</summary>
    private const uint DefaultTtl = 3600;

    private ImmutableArray<SigningKey> GenerateKeys() => _combined
        ? [SigningKey.Generate(_algorithm, SigningKeyRole.CombinedSigningKey, _rsaKeySize)]
        : [SigningKey.Generate(_algorithm, SigningKeyRole.KeySigningKey, _rsaKeySize), SigningKey.Generate(_algorithm, SigningKeyRole.ZoneSigningKey, _rsaKeySize)];

    /// <summary>RFC 4034 §3.1.5: seconds since 1970 modulo 2^32 (serial arithmetic, RFC 1982).</summary>
    private static uint ToSerialTime(DateTimeOffset time) => unchecked((uint)time.ToUnixTimeSeconds());

    private static IEnumerable<SigningKey> KeysFor(ImmutableArray<SigningKey> keys, RecordType type)
    {
        // RFC 6781 §3.1: KSKs sign the DNSKEY RRset, ZSKs the rest, CSKs both. A key set without one kind signs with all.
        bool keySet = type == RecordType.DNSKEY;
        bool any = false;
        foreach (SigningKey key in keys)
        {
            if (keySet ? key.SignsKeySet : key.SignsZoneData)
            {
                any = true;
                yield return key;
            }
        }

        if (!any)
        {
            foreach (SigningKey key in keys)
            {
                yield return key;
            }
        }
    }

    private static void SignRRSet(RRSet rrset, DomainName origin, ImmutableArray<SigningKey> keys, uint inception, uint expiration, List<ResourceRecord> output)
    {
        // RFC 4034 §3.1.3: the labels field does not count the leftmost "*" of a wildcard owner.
        byte labels = (byte)(rrset.Name.LabelCount - (rrset.Name.IsWildcard ? 1 : 0));
        foreach (SigningKey key in KeysFor(keys, rrset.Type))
        {
            var unsigned = new RrsigRdata(rrset.Type, key.Algorithm, labels, rrset.Ttl, expiration, inception, key.KeyTag, origin, ReadOnlyMemory<byte>.Empty);
            byte[] signature = key.Sign(rrset.GetSigningInput(unsigned));
            var rrsig = new RrsigRdata(rrset.Type, key.Algorithm, labels, rrset.Ttl, expiration, inception, key.KeyTag, origin, signature);
            // RFC 4034 §3: the RRSIG's TTL equals that of the RRset it covers.
            output.Add(new ResourceRecord(rrset.Name, rrset.Class, rrset.Ttl, rrsig));
        }
    }

    private static List<ResourceRecord> BuildNsecChain(ZoneContent zone, uint ttl)
    {
        // RFC 4035 §2.3: one NSEC per authoritative name (delegation points included, glue excluded), in canonical order.
        List<DomainName> names = zone.AuthoritativeNames().ToList();
        names.Sort();
        var chain = new List<ResourceRecord>(names.Count);
        for (int i = 0; i < names.Count; i++)
        {
            DomainName next = names[(i + 1) % names.Count];
            // RFC 4034 §4.1.2: the types present at the name, plus RRSIG and NSEC (the NSEC is itself signed).
            var types = new List<RecordType>(zone.AuthoritativeTypes(names[i])) { RecordType.RRSIG, RecordType.NSEC };
            chain.Add(new ResourceRecord(names[i], zone.Soa.Class, ttl, new NsecRdata(next, new TypeBitmap(types))));
        }

        return chain;
    }

    private List<ResourceRecord> BuildNsec3Chain(ZoneContent zone, uint ttl)
    {
        var included = new HashSet<DomainName>();
        foreach (DomainName name in zone.AuthoritativeNames())
        {
            // RFC 5155 §6 and §7.1: with opt-out, unsigned delegations may be left out of the chain.
            if (_optOut && zone.IsDelegation(name) && !zone.Has(name, RecordType.DS))
            {
                continue;
            }

            included.Add(name);
            // RFC 5155 §7.1: every empty non-terminal gets an NSEC3 RR, except those only derived from an opted-out delegation.
            for (DomainName ancestor = name.Parent(); ancestor.IsStrictSubdomainOf(zone.Origin); ancestor = ancestor.Parent())
            {
                included.Add(ancestor);
            }
        }

        var hashed = new List<(byte[] Hash, DomainName Name)>(included.Count);
        foreach (DomainName name in included)
        {
            hashed.Add((Nsec3Hash.Compute(name, _salt, _iterations), name));
        }

        hashed.Sort((a, b) => a.Hash.AsSpan().SequenceCompareTo(b.Hash));
        for (int i = 1; i < hashed.Count; i++)
        {
            if (hashed[i].Hash.AsSpan().SequenceEqual(hashed[i - 1].Hash))
            {
                // RFC 5155 §7.1: a hash collision needs another salt.
                throw new InvalidOperationException($"NSEC3 hash collision between {hashed[i - 1].Name} and {hashed[i].Name}; choose another salt.");
            }
        }

        byte flags = _optOut ? Nsec3OptOutFlag : (byte)0;
        var chain = new List<ResourceRecord>(hashed.Count);
        for (int i = 0; i < hashed.Count; i++)
        {
            (byte[] hash, DomainName name) = hashed[i];
            byte[] next = hashed[(i + 1) % hashed.Count].Hash;
            // RFC 5155 §3.1.8: the types at the original owner; RRSIG when anything there is signed; empty for an empty non-terminal.
            var types = new List<RecordType>(zone.AuthoritativeTypes(name));
            if (zone.HasSignedData(name))
            {
                types.Add(RecordType.RRSIG);
            }

            var rdata = new Nsec3Rdata(Nsec3HashAlgorithm.Sha1, flags, _iterations, _salt, next, new TypeBitmap(types));
            chain.Add(new ResourceRecord(Nsec3Hash.GetHashedOwnerName(hash, zone.Origin), zone.Soa.Class, ttl, rdata));
        }

        return chain;
    }

    // RFC 5155 §3.1.2.1.
    private const byte Nsec3OptOutFlag = 0x01;

    private static int CompareForOutput(ResourceRecord x, ResourceRecord y)
    {
        int c = x.Name.CompareTo(y.Name);
        if (c != 0)
        {
            return c;
        }

        // Each RRSIG right after the RRset it covers.
        ushort xType = (ushort)(x.Data is RrsigRdata xs ? xs.TypeCovered : x.Type);
        ushort yType = (ushort)(y.Data is RrsigRdata ys ? ys.TypeCovered : y.Type);
        c = xType.CompareTo(yType);
        if (c != 0)
        {
            return c;
        }

        c = (x.Type == RecordType.RRSIG).CompareTo(y.Type == RecordType.RRSIG);
        return c != 0 ? c : x.Data.CompareTo(y.Data);
    }
}
