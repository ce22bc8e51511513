namespace DnsSecure.Dnssec.Signatures;

/// <summary>
/// RRSIG times are 32-bit serial numbers (RFC 4034 §3.1.5, RFC 1982): seconds since 1970 modulo 2^32. A timestamp is
/// read as the instant nearest to "now" with those low 32 bits, so the arithmetic works across the 2106 wrap.
/// </summary>
public static class SignatureTime
{
    /// <summary>The instant within 2^31 seconds of <paramref name="now"/> whose low 32 bits are <paramref name="serial"/>.</summary>
    public static DateTimeOffset ToDateTimeOffset(uint serial, DateTimeOffset now)
    {
        long nowSeconds = now.ToUnixTimeSeconds();
        int delta = unchecked((int)(serial - (uint)nowSeconds));
        return DateTimeOffset.FromUnixTimeSeconds(nowSeconds + delta);
    }

    /// <summary>True when serial time <paramref name="a"/> is after <paramref name="b"/> in serial-number arithmetic (RFC 1982 §3.2).</summary>
    public static bool IsAfter(uint a, uint b) => a != b && unchecked((int)(a - b)) > 0;

    /// <summary>The serial time of <paramref name="time"/>.</summary>
    public static uint FromDateTimeOffset(DateTimeOffset time) => unchecked((uint)time.ToUnixTimeSeconds());
}
