namespace DnsSecure.Wire;

/// <summary>Every hard limit of the wire and text codecs, in one place.</summary>
public static class DnsLimits
{
    /// <summary>Maximum octets in one label (RFC 1035 §2.3.4).</summary>
    public const int MaxLabelLength = 63;

    /// <summary>Maximum octets in a name in wire form, including the root label (RFC 1035 §2.3.4).</summary>
    public const int MaxNameLength = 255;

    /// <summary>Maximum labels in a name: 127 one-octet labels plus the root.</summary>
    public const int MaxLabels = 127;

    /// <summary>Maximum size of a DNS message (the TCP length prefix is 16 bits, RFC 1035 §4.2.2).</summary>
    public const int MaxMessageSize = 65535;

    /// <summary>Maximum compression pointers followed while reading one name.</summary>
    public const int MaxCompressionPointers = 127;

    /// <summary>The classic UDP payload limit without EDNS (RFC 1035 §2.3.4).</summary>
    public const int ClassicUdpPayloadSize = 512;

    /// <summary>The EDNS UDP payload size recommended by DNS Flag Day 2020.</summary>
    public const int DefaultEdnsPayloadSize = 1232;

    /// <summary>Maximum length of a character-string (RFC 1035 §3.3).</summary>
    public const int MaxCharacterStringLength = 255;

    /// <summary>Maximum nesting of <c>$INCLUDE</c> in zone files.</summary>
    public const int MaxIncludeDepth = 8;

    /// <summary>Maximum length of one logical zone-file entry (after joining parentheses), in characters.</summary>
    public const int MaxZoneEntryLength = 1 << 20;
}
