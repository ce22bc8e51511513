namespace DnsSecure.Testing.Server;

/// <summary>The key tag of DNSKEY RDATA (RFC 4034 Appendix B), for algorithms other than 1.</summary>
internal static class KeyTag
{
    public static ushort Compute(ReadOnlySpan<byte> dnskeyRdata)
    {
        uint sum = PartialSum(dnskeyRdata);
        return Fold(sum);
    }

    /// <summary>The running sum of RFC 4034 Appendix B before folding.</summary>
    public static uint PartialSum(ReadOnlySpan<byte> data)
    {
        uint ac = 0;
        for (int i = 0; i < data.Length; i++)
        {
            ac += (i & 1) != 0 ? data[i] : (uint)data[i] << 8;
        }

        return ac;
    }

    public static ushort Fold(uint sum) => (ushort)((sum + ((sum >> 16) & 0xFFFF)) & 0xFFFF);
}
