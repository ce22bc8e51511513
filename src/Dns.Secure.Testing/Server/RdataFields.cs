using System.Buffers.Binary;
using DnsSecure.Records;
using DnsSecure.Wire;

namespace DnsSecure.Testing.Server;

/// <summary>
/// Reads and rewrites the few RDATA fields the server needs, on the uncompressed wire form, so that it works the same
/// whether a type has a typed model or is carried as <see cref="UnknownRdata"/> (RFC 3597).
/// </summary>
internal static class RdataFields
{
    // RFC 4034 §3.1: type covered (2), algorithm (1), labels (1), original TTL (4), expiration (4), inception (4), key tag (2), signer's name, signature.
    private const int RrsigFixedLength = 18;

    /// <summary>The Type Covered field of an RRSIG (RFC 4034 §3.1.1).</summary>
    public static RecordType RrsigTypeCovered(Rdata rrsig)
    {
        byte[] wire = rrsig.ToWire();
        return wire.Length >= 2 ? (RecordType)BinaryPrimitives.ReadUInt16BigEndian(wire) : RecordType.None;
    }

    /// <summary>The Algorithm field of an RRSIG (RFC 4034 §3.1.2).</summary>
    public static byte RrsigAlgorithm(Rdata rrsig)
    {
        byte[] wire = rrsig.ToWire();
        return wire.Length > 2 ? wire[2] : (byte)0;
    }

    /// <summary>The Key Tag field of an RRSIG (RFC 4034 §3.1.6).</summary>
    public static ushort RrsigKeyTag(Rdata rrsig)
    {
        byte[] wire = rrsig.ToWire();
        return wire.Length >= RrsigFixedLength ? BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(16)) : (ushort)0;
    }

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
    public static DomainName TargetName(Rdata data) => data is NsRdata ns ? ns.NameServer : DomainName.FromWire(data.ToWire());

    /// <summary>Builds the RDATA of a type whose data is one domain name (CNAME, DNAME, NS).</summary>
    public static Rdata NameRdata(RecordType type, DomainName target)
    {
        byte[] wire = new byte[target.WireLength];
        target.CopyTo(wire);
        return RdataRegistry.Decode(type, wire);
    }

    /// <summary>The MINIMUM field of an SOA: its last 32 bits (RFC 1035 §3.3.13, RFC 2308 §4).</summary>
    public static uint SoaMinimum(Rdata soa)
    {
        byte[] wire = soa.ToWire();
        return wire.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(wire.AsSpan(wire.Length - 4)) : 0;
    }

    /// <summary>The Next Domain Name of an NSEC (RFC 4034 §4.1.1).</summary>
    public static DomainName NsecNextName(Rdata nsec)
    {
        byte[] wire = nsec.ToWire();
        var reader = new DnsWireReader(wire);
        return reader.ReadName(allowCompression: false);
    }

    /// <summary>The NSEC3 parameters (algorithm, iterations, salt) of an NSEC3 or NSEC3PARAM (RFC 5155 §3.2, §4.2): both start alike.</summary>
    public static Nsec3Parameters Nsec3Parameters(Rdata data)
    {
        byte[] wire = data.ToWire();
        if (wire.Length < 5 || wire.Length < 5 + wire[4])
        {
            throw new DnsFormatException($"{data.Type} RDATA too short.");
        }

        return new Nsec3Parameters(wire[0], BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(2)), wire.AsSpan(5, wire[4]).ToArray());
    }

    /// <summary>The Opt-Out flag of an NSEC3 (RFC 5155 §3.1.2.1).</summary>
    public static bool Nsec3OptOut(Rdata nsec3)
    {
        byte[] wire = nsec3.ToWire();
        return wire.Length > 1 && (wire[1] & 0x01) != 0;
    }

    /// <summary>The Next Hashed Owner Name of an NSEC3 (RFC 5155 §3.1.7).</summary>
    public static byte[] Nsec3NextHashedOwner(Rdata nsec3)
    {
        byte[] wire = nsec3.ToWire();
        int at = 5 + wire[4];
        int length = wire[at];
        return wire.AsSpan(at + 1, length).ToArray();
    }

    /// <summary>Copies an RRSIG, DNSKEY or other RDATA from wire octets into the typed model when one exists.</summary>
    public static Rdata FromWire(RecordType type, ReadOnlySpan<byte> wire) => RdataRegistry.Decode(type, wire);
}
