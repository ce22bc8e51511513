using DnsSecure.Iana;

namespace DnsSecure.Dnssec.Algorithms;

/// <summary>The key tag of a DNSKEY (RFC 4034 App. B): the one implementation, used by the records, the validator and the test server.</summary>
internal static class KeyTag
{
    // RFC 4034 §2.1: flags (2), protocol (1), algorithm (1) precede the public key.
    private const int PublicKeyOffset = 4;

    /// <summary>The key tag of DNSKEY RDATA <paramref name="dnskeyRdata"/> (flags, protocol, algorithm, public key).</summary>
    public static ushort Compute(ReadOnlySpan<byte> dnskeyRdata) =>
        dnskeyRdata.Length < PublicKeyOffset
            ? Fold(PartialSum(dnskeyRdata))
            : Compute((ushort)((dnskeyRdata[0] << 8) | dnskeyRdata[1]), dnskeyRdata[2], (DnssecAlgorithm)dnskeyRdata[3], dnskeyRdata[PublicKeyOffset..]);

    /// <summary>The key tag of a DNSKEY given by its fields.</summary>
    public static ushort Compute(ushort flags, byte protocol, DnssecAlgorithm algorithm, ReadOnlySpan<byte> publicKey)
    {
        if (algorithm == DnssecAlgorithm.RsaMd5)
        {
            // RFC 4034 App. B.1: the most significant 16 of the least significant 24 bits of the modulus,
            // which RFC 3110 §2 places at the end of the public key field.
            return publicKey.Length < 3 ? (ushort)0 : (ushort)((publicKey[^3] << 8) | publicKey[^2]);
        }

        // The header is an even number of octets, so the key's words stay aligned.
        uint header = (uint)flags + (uint)((protocol << 8) | (byte)algorithm);
        return Fold(header + PartialSum(publicKey));
    }

    /// <summary>RFC 4034 App. B: the octets as 16-bit big-endian words, summed without folding.</summary>
    public static uint PartialSum(ReadOnlySpan<byte> data)
    {
        uint accumulator = 0;
        for (int i = 0; i < data.Length; i++)
        {
            accumulator += (i & 1) == 0 ? (uint)data[i] << 8 : data[i];
        }

        return accumulator;
    }

    /// <summary>RFC 4034 App. B: the carry folded back once, keeping 16 bits.</summary>
    public static ushort Fold(uint sum) => (ushort)((sum + ((sum >> 16) & 0xFFFF)) & 0xFFFF);
}
