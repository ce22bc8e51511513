using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Testing.Signing;
using DnsSecure.Text;

namespace DnsSecure.Testing.Hierarchy;

/// <summary>
/// Describes one zone of a <see cref="TestHierarchy"/>: its records and how it is signed. Every method returns the
/// builder, so calls chain: <c>b.AddZone("example.").WithTlsa(443, certificate)</c>.
/// </summary>
public sealed class TestZoneBuilder
{
    private readonly List<ResourceRecord> _records = [];

    internal TestZoneBuilder(DomainName origin) => Origin = origin;

    /// <summary>The zone apex.</summary>
    public DomainName Origin { get; }

    /// <summary>The records added so far (the SOA, NS, glue, DNSKEY and signatures are added when the hierarchy is built).</summary>
    public IReadOnlyList<ResourceRecord> Records => _records;

    /// <summary>False for a zone left unsigned, with no DS in its parent: an insecure delegation (RFC 4035 §5.2).</summary>
    public bool IsSigned { get; private set; } = true;

    /// <summary>NSEC (default) or NSEC3.</summary>
    public DenialOfExistence Denial { get; private set; } = DenialOfExistence.Nsec;

    /// <summary>The signing algorithm. Default ECDSA P-256 with SHA-256 (13).</summary>
    public DnssecAlgorithm Algorithm { get; private set; } = DnssecAlgorithm.EcdsaP256Sha256;

    /// <summary>True when the parent publishes a DS whose digest matches no key of this zone, correctly signed by the parent.</summary>
    public bool HasMismatchedDs { get; private set; }

    /// <summary>The signature inception, or null for an hour ago.</summary>
    public DateTimeOffset? SignatureInception { get; private set; }

    /// <summary>The signature expiration, or null for 30 days ahead.</summary>
    public DateTimeOffset? SignatureExpiration { get; private set; }

    /// <summary>How many name servers the zone has (<c>ns1</c> …); with <see cref="TestHierarchyBuilder.ServerPerZone"/> each is
    /// its own server. Default 1.</summary>
    public int NameServerCount { get; private set; } = 1;

    /// <summary>The default TTL of added records.</summary>
    public uint Ttl { get; private set; } = 3600;

    /// <summary>Adds an A or AAAA record at <paramref name="host"/> (relative to the zone, or null for the apex).</summary>
    public TestZoneBuilder WithAddress(IPAddress address, string? host = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        Rdata data = address.AddressFamily == AddressFamily.InterNetworkV6 ? new AaaaRdata(address) : new ARdata(address);
        _records.Add(new ResourceRecord(NameOf(host), Ttl, data));
        return this;
    }

    /// <summary>
    /// Adds a TLSA record at <c>_port._protocol.host</c> (RFC 6698 §3) for <paramref name="certificate"/>: by default
    /// DANE-EE, SubjectPublicKeyInfo, SHA-256 (<c>3 1 1</c>, RFC 7671 §5.1). Adds A 127.0.0.1 at the host when it has no address yet.
    /// </summary>
    public TestZoneBuilder WithTlsa(int port, X509Certificate2 certificate, string? host = null, string protocol = "tcp",
        TlsaCertificateUsage usage = TlsaCertificateUsage.DaneEe, TlsaSelector selector = TlsaSelector.Spki, TlsaMatchingType matchingType = TlsaMatchingType.Sha256)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        byte[] selected = selector == TlsaSelector.Spki ? certificate.PublicKey.ExportSubjectPublicKeyInfo() : certificate.RawData;
        byte[] association = matchingType switch
        {
            TlsaMatchingType.Sha256 => SHA256.HashData(selected),
            TlsaMatchingType.Sha512 => SHA512.HashData(selected),
            _ => selected,
        };
        return WithTlsa(port, new TlsaRdata(usage, selector, matchingType, association), host, protocol);
    }

    /// <summary>Adds a TLSA record with the given data at <c>_port._protocol.host</c>; adds A 127.0.0.1 at the host when it has no address yet.</summary>
    public TestZoneBuilder WithTlsa(int port, TlsaRdata tlsa, string? host = null, string protocol = "tcp")
    {
        ArgumentNullException.ThrowIfNull(tlsa);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, ushort.MaxValue);
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        DomainName hostName = NameOf(host);
        if (!_records.Exists(r => r.Name == hostName && r.Type is RecordType.A or RecordType.AAAA))
        {
            WithAddress(IPAddress.Loopback, host);
        }

        _records.Add(new ResourceRecord(hostName.Prepend("_" + protocol).Prepend($"_{port}"), Ttl, tlsa));
        return this;
    }

    /// <summary>Adds records in presentation format; relative names are relative to the zone and a missing TTL is
    /// <see cref="Ttl"/>, e.g. <c>"www IN A 192.0.2.1"</c>.</summary>
    /// <exception cref="Wire.DnsFormatException">The text is not valid zone-file text.</exception>
    public TestZoneBuilder WithRecord(string presentation)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        var reader = new ZoneFileReader(presentation, new ZoneFileReaderOptions { Origin = Origin, DefaultTtl = Ttl });
        foreach (ResourceRecord record in reader.ReadRecords())
        {
            WithRecord(record);
        }

        return this;
    }

    /// <summary>Adds a record; it must be at or below the zone apex.</summary>
    public TestZoneBuilder WithRecord(ResourceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.Name.IsSubdomainOf(Origin))
        {
            throw new ArgumentException($"{record.Name} is outside the zone {Origin}.", nameof(record));
        }

        _records.Add(record);
        return this;
    }

    /// <summary>Gives the zone <paramref name="count"/> name servers (<c>ns1</c> … <c>nsN</c>), e.g. a lame one and a good one.</summary>
    public TestZoneBuilder WithNameServers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 26);
        NameServerCount = count;
        return this;
    }

    /// <summary>Uses an NSEC3 chain (RFC 5155) instead of NSEC.</summary>
    public TestZoneBuilder WithNsec3()
    {
        Denial = DenialOfExistence.Nsec3;
        return this;
    }

    /// <summary>Signs with <paramref name="algorithm"/>.</summary>
    public TestZoneBuilder WithAlgorithm(DnssecAlgorithm algorithm)
    {
        Algorithm = algorithm;
        return this;
    }

    /// <summary>Sets the TTL of records added after this call.</summary>
    public TestZoneBuilder WithTtl(uint ttl)
    {
        Ttl = ttl;
        return this;
    }

    /// <summary>Makes the parent publish (and sign) a DS whose digest matches no key of this zone (RFC 4035 §5.2 fails).</summary>
    public TestZoneBuilder WithMismatchedDs()
    {
        HasMismatchedDs = true;
        return this;
    }

    /// <summary>Signs with an explicit validity window, e.g. one in the past for expired signatures (RFC 4035 §5.3.1).</summary>
    /// <exception cref="ArgumentException">The expiration does not follow the inception.</exception>
    public TestZoneBuilder WithSignatureWindow(DateTimeOffset inception, DateTimeOffset expiration)
    {
        if (expiration <= inception)
        {
            throw new ArgumentException("The expiration must follow the inception.", nameof(expiration));
        }

        SignatureInception = inception;
        SignatureExpiration = expiration;
        return this;
    }

    /// <summary>Leaves the zone unsigned and its parent without DS: an insecure delegation.</summary>
    public TestZoneBuilder Unsigned()
    {
        IsSigned = false;
        return this;
    }

    private DomainName NameOf(string? host) => string.IsNullOrEmpty(host) || host == "@" ? Origin : DomainName.Parse(host, Origin);
}
