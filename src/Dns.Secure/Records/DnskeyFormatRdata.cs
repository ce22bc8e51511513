using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>
/// The RDATA shape DNSKEY (RFC 4034 §2) and CDNSKEY (RFC 7344 §3.2) share: flags, protocol, algorithm and public key,
/// with the flag helpers and the key tag (RFC 4034 App. B).
/// </summary>
public abstract class DnskeyFormatRdata : Rdata
{
    private int _keyTag = -1;

    private protected DnskeyFormatRdata(ushort flags, byte protocol, DnssecAlgorithm algorithm, ReadOnlyMemory<byte> publicKey)
    {
        Flags = flags;
        Protocol = protocol;
        Algorithm = algorithm;
        PublicKey = publicKey.ToArray();
    }

    /// <summary>The flags field (RFC 4034 §2.1.1).</summary>
    public ushort Flags { get; }

    /// <summary>The protocol field; 3 for DNSSEC, any other value makes the key unusable (RFC 4034 §2.1.2).</summary>
    public byte Protocol { get; }

    /// <summary>The key's algorithm (RFC 4034 §2.1.3).</summary>
    public DnssecAlgorithm Algorithm { get; }

    /// <summary>The public key in the algorithm's format (RFC 3110, RFC 6605, RFC 8080 …).</summary>
    public ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>Zone Key flag, bit 7: only such keys verify zone data (RFC 4034 §2.1.1).</summary>
    public bool IsZoneKey => (Flags & DnskeyFormat.ZoneKeyFlag) != 0;

    /// <summary>Secure Entry Point flag, bit 15: a hint that the key is a KSK; validators ignore it (RFC 4034 §2.1.1).</summary>
    public bool IsSecureEntryPoint => (Flags & DnskeyFormat.SecureEntryPointFlag) != 0;

    /// <summary>REVOKE flag, bit 8 (RFC 5011 §7): the key must not be used as a trust anchor.</summary>
    public bool IsRevoked => (Flags & DnskeyFormat.RevokeFlag) != 0;

    /// <summary>The key tag (RFC 4034 App. B), with the RSA/MD5 rule of App. B.1 for algorithm 1.</summary>
    public ushort KeyTag
    {
        get
        {
            if (_keyTag < 0)
            {
                _keyTag = Dnssec.Algorithms.KeyTag.Compute(Flags, Protocol, Algorithm, PublicKey.Span);
            }

            return (ushort)_keyTag;
        }
    }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding) =>
        DnskeyFormat.Write(ref writer, Flags, Protocol, Algorithm, PublicKey.Span);

    internal override void WriteText(StringBuilder builder) =>
        DnskeyFormat.AppendText(builder, Flags, Protocol, Algorithm, PublicKey.Span);

    private protected static (ushort Flags, byte Protocol, DnssecAlgorithm Algorithm, byte[] PublicKey) ReadFields(ref DnsWireReader reader)
    {
        DnskeyFormat.Read(ref reader, out ushort flags, out byte protocol, out DnssecAlgorithm algorithm, out byte[] publicKey);
        return (flags, protocol, algorithm, publicKey);
    }

    private protected static (ushort Flags, byte Protocol, DnssecAlgorithm Algorithm, byte[] PublicKey) ParseFields(RdataTextReader reader)
    {
        DnskeyFormat.Parse(reader, out ushort flags, out byte protocol, out DnssecAlgorithm algorithm, out byte[] publicKey);
        return (flags, protocol, algorithm, publicKey);
    }
}
