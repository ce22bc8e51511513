namespace DnsSecure.Dnssec.Algorithms;

/// <summary>The key tag of a DNSKEY (RFC 4034 App. B), computed from its RDATA octets.</summary>
internal static class KeyTag
{
    // RFC 4034 §2.1: flags (2), protocol (1), algorithm (1) precede the public key.
    private const int AlgorithmOffset = 3;
    private const byte RsaMd5 = 1;

    /// <summary>The key tag of DNSKEY RDATA <paramref name="dnskeyRdata"/> (flags, protocol, algorithm, public key).</summary>
    public static ushort Compute(ReadOnlySpan<byte> dnskeyRdata)
    {
        if (dnskeyRdata.Length > AlgorithmOffset && dnskeyRdata[AlgorithmOffset] == RsaMd5)
        {
            // RFC 4034 App. B.1: the most significant 16 of the least significant 24 bits of the modulus.
            return dnskeyRdata.Length < 3 + 1 + AlgorithmOffset
                ? (ushort)0
                : (ushort)((dnskeyRdata[^3] << 8) | dnskeyRdata[^2]);
        }

        // RFC 4034 App. B: ones-complement-style sum of 16-bit big-endian words, carry folded once.
        uint accumulator = 0;
        for (int i = 0; i < dnskeyRdata.Length; i++)
        {
            accumulator += (i & 1) == 0 ? (uint)dnskeyRdata[i] << 8 : dnskeyRdata[i];
        }

        accumulator += (accumulator >> 16) & 0xFFFF;
        return (ushort)(accumulator & 0xFFFF);
    }
}
