using System.Buffers.Binary;
using DnsSecure.Records;
using DnsSecure.Wire;

namespace DnsSecure.Testing.Server;

/// <summary>
/// The few RDATA fields the server reads, through the typed records, and the octet-level rewrites its faults need
/// (a flipped signature or digest octet, RRSIG header fields copied onto forged key sets).
/// </summary>
internal static class RdataFields
{
    // RFC 4034 §3.1: type covered (2), algorithm (1), labels (1), original TTL (4), expiration (4), inception (4), key tag (2), signer's name, signature.
    private const int RrsigFixedLength = 18;

    /// <summary>The Type Covered field of an RRSIG (RFC 4034 §3.1.1).</summary>
    public static RecordType RrsigTypeCovered(Rdata rrsig) => rrsig is RrsigRdata r ? r.TypeCovered : RecordType.None;

    /// <summary>The Algorithm field of an RRSIG (RFC 4034 §3.1.2).</summary>
    public static byte RrsigAlgorithm(Rdata rrsig) => rrsig is RrsigRdata r ? (byte)r.Algorithm : (byte)0;

    /// <summary>The Key Tag field of an RRSIG (RFC 4034 §3.1.6).</summary>
    public static ushort RrsigKeyTag(Rdata rrsig) => rrsig is RrsigRdata r ? r.KeyTag : (ushort)0;

    /// <summary>The fixed header (first 18 octets) of an RRSIG: covered type to key tag.</summary>
    public static ReadOnlySpan<byte> RrsigFixedFields(Rdata rrsig)
    {
        byte[] wire = rrsig.ToWire();
        return wire.AsSpan(0, Math.Min(RrsigFixedLength, wire.Length));
    }

    /// <summary>A copy of an RRSIG whose last signature octet is flipped: the signature no longer verifies.</summary>
    public static Rdata CorruptRrsig(Rdata rrsig)
    {
        byte[] wire = rrsig.ToWire();
        if (wire.Length <= RrsigFixedLength)
        {
            return rrsig;
        }

        wire[^1] ^= 0xFF;
        return RdataRegistry.Decode(RecordType.RRSIG, wire);
    }

    /// <summary>A copy of a DS whose last digest octet is flipped (RFC 4034 §5.1: key tag, algorithm, digest type, digest).</summary>
    public static Rdata CorruptDs(Rdata ds)
    {
        byte[] wire = ds.ToWire();
        if (wire.Length <= 4)
        {
            return ds;
        }

        wire[^1] ^= 0xFF;
        return RdataRegistry.Decode(ds.Type, wire);
    }

    /// <summary>The single name that is the whole RDATA of CNAME, DNAME and NS (RFC 1035 §3.3, RFC 6672 §2.1).</summary>
    public static DomainName TargetName(Rdata data) => data switch
    {
        NsRdata ns => ns.NameServer,
        CnameRdata cname => cname.CanonicalName,
        DnameRdata dname => dname.Target,
        _ => DomainName.FromWire(data.ToWire()),
    };

    /// <summary>Builds the RDATA of a type whose data is one domain name (CNAME, DNAME, NS).</summary>
    public static Rdata NameRdata(RecordType type, DomainName target) => type switch
    {
        RecordType.CNAME => new CnameRdata(target),
        RecordType.DNAME => new DnameRdata(target),
        RecordType.NS => new NsRdata(target),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a one-name type"),
    };

    /// <summary>The MINIMUM field of an SOA: its last 32 bits (RFC 1035 §3.3.13, RFC 2308 §4).</summary>
    public static uint SoaMinimum(Rdata soa) => ((SoaRdata)soa).Minimum;

    /// <summary>The Next Domain Name of an NSEC (RFC 4034 §4.1.1).</summary>
    public static DomainName NsecNextName(Rdata nsec) => ((NsecRdata)nsec).NextDomainName;

    /// <summary>The NSEC3 parameters (algorithm, iterations, salt) of an NSEC3 or NSEC3PARAM (RFC 5155 §3.2, §4.2): both start alike.</summary>
    public static Nsec3Parameters Nsec3Parameters(Rdata data) => data switch
    {
        Nsec3Rdata n => new Nsec3Parameters((byte)n.HashAlgorithm, n.Iterations, n.Salt.ToArray()),
        Nsec3ParamRdata p => new Nsec3Parameters((byte)p.HashAlgorithm, p.Iterations, p.Salt.ToArray()),
        _ => throw new ArgumentException($"{data.Type} has no NSEC3 parameters.", nameof(data)),
    };

    /// <summary>The Opt-Out flag of an NSEC3 (RFC 5155 §3.1.2.1).</summary>
    public static bool Nsec3OptOut(Rdata nsec3) => ((Nsec3Rdata)nsec3).OptOut;

    /// <summary>The Next Hashed Owner Name of an NSEC3 (RFC 5155 §3.1.7).</summary>
    public static byte[] Nsec3NextHashedOwner(Rdata nsec3) => ((Nsec3Rdata)nsec3).NextHashedOwnerName.ToArray();

    /// <summary>Copies an RRSIG, DNSKEY or other RDATA from wire octets into the typed model when one exists.</summary>
    public static Rdata FromWire(RecordType type, ReadOnlySpan<byte> wire) => RdataRegistry.Decode(type, wire);
}
