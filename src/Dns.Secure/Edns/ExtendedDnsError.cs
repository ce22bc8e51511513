using System.Globalization;
using System.Text;
using DnsSecure.Iana;
using DnsSecure.Wire;

namespace DnsSecure.Edns;

/// <summary>The Extended DNS Error option (RFC 8914 §2): an INFO-CODE saying why a response is what it is, and
/// optional UTF-8 EXTRA-TEXT for humans.</summary>
public sealed class ExtendedDnsError : EdnsOption
{
    private readonly byte[] _extraText;

    /// <summary>Creates the option.</summary>
    public ExtendedDnsError(ExtendedDnsErrorCode infoCode, string? extraText = null)
    {
        InfoCode = infoCode;
        _extraText = string.IsNullOrEmpty(extraText) ? [] : Encoding.UTF8.GetBytes(extraText);
        ExtraText = extraText ?? string.Empty;
    }

    private ExtendedDnsError(ExtendedDnsErrorCode infoCode, byte[] extraText)
    {
        InfoCode = infoCode;
        _extraText = extraText;

        // RFC 8914 §2: EXTRA-TEXT is UTF-8; invalid sequences are shown as U+FFFD but kept as received on the wire.
        ExtraText = Encoding.UTF8.GetString(extraText);
    }

    /// <inheritdoc/>
    public override EdnsOptionCode Code => EdnsOptionCode.ExtendedDnsError;

    /// <summary>INFO-CODE.</summary>
    public ExtendedDnsErrorCode InfoCode { get; }

    /// <summary>EXTRA-TEXT, empty when absent.</summary>
    public string ExtraText { get; }

    /// <summary>The registry's description of <paramref name="code"/>, or null for an unassigned code.</summary>
    public static string? Describe(ExtendedDnsErrorCode code) => code switch
    {
        ExtendedDnsErrorCode.OtherError => "Other Error",
        ExtendedDnsErrorCode.UnsupportedDnskeyAlgorithm => "Unsupported DNSKEY Algorithm",
        ExtendedDnsErrorCode.UnsupportedDsDigestType => "Unsupported DS Digest Type",
        ExtendedDnsErrorCode.StaleAnswer => "Stale Answer",
        ExtendedDnsErrorCode.ForgedAnswer => "Forged Answer",
        ExtendedDnsErrorCode.DnssecIndeterminate => "DNSSEC Indeterminate",
        ExtendedDnsErrorCode.DnssecBogus => "DNSSEC Bogus",
        ExtendedDnsErrorCode.SignatureExpired => "Signature Expired",
        ExtendedDnsErrorCode.SignatureNotYetValid => "Signature Not Yet Valid",
        ExtendedDnsErrorCode.DnskeyMissing => "DNSKEY Missing",
        ExtendedDnsErrorCode.RrsigsMissing => "RRSIGs Missing",
        ExtendedDnsErrorCode.NoZoneKeyBitSet => "No Zone Key Bit Set",
        ExtendedDnsErrorCode.NsecMissing => "NSEC Missing",
        ExtendedDnsErrorCode.CachedError => "Cached Error",
        ExtendedDnsErrorCode.NotReady => "Not Ready",
        ExtendedDnsErrorCode.Blocked => "Blocked",
        ExtendedDnsErrorCode.Censored => "Censored",
        ExtendedDnsErrorCode.Filtered => "Filtered",
        ExtendedDnsErrorCode.Prohibited => "Prohibited",
        ExtendedDnsErrorCode.StaleNxdomainAnswer => "Stale NXDOMAIN Answer",
        ExtendedDnsErrorCode.NotAuthoritative => "Not Authoritative",
        ExtendedDnsErrorCode.NotSupported => "Not Supported",
        ExtendedDnsErrorCode.NoReachableAuthority => "No Reachable Authority",
        ExtendedDnsErrorCode.NetworkError => "Network Error",
        ExtendedDnsErrorCode.InvalidData => "Invalid Data",
        ExtendedDnsErrorCode.SignatureExpiredBeforeValid => "Signature Expired before Valid",
        ExtendedDnsErrorCode.TooEarly => "Too Early",
        ExtendedDnsErrorCode.UnsupportedNsec3IterationsValue => "Unsupported NSEC3 Iterations Value",
        ExtendedDnsErrorCode.UnableToConformToPolicy => "Unable to conform to policy",
        ExtendedDnsErrorCode.Synthesized => "Synthesized",
        ExtendedDnsErrorCode.InvalidQueryType => "Invalid Query Type",
        _ => null,
    };

    /// <summary>dig-like text: <c>EDE: 7 (Signature Expired): (text)</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("EDE: ");
        sb.Append(((ushort)InfoCode).ToString(CultureInfo.InvariantCulture));
        if (Describe(InfoCode) is string description)
        {
            sb.Append(" (").Append(description).Append(')');
        }

        if (ExtraText.Length > 0)
        {
            sb.Append(": (").Append(ExtraText).Append(')');
        }

        return sb.ToString();
    }

    internal static ExtendedDnsError Read(ref DnsWireReader reader, int length)
    {
        // RFC 8914 §2: a 2-octet INFO-CODE, then EXTRA-TEXT.
        if (length < 2)
        {
            throw DnsWireReader.Error("Extended DNS Error option shorter than 2 octets", reader.Position);
        }

        var code = (ExtendedDnsErrorCode)reader.ReadUInt16();
        return new ExtendedDnsError(code, reader.ReadRemaining().ToArray());
    }

    internal override void WriteData(ref DnsWireWriter writer)
    {
        writer.WriteUInt16((ushort)InfoCode);
        writer.WriteBytes(_extraText);
    }
}
